"""Benchmarks: generated county, city and province data sets and the measurements run on them."""
