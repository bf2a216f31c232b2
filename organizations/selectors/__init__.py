"""Reads, aggregates and reports of the organisations area, one module per part."""
