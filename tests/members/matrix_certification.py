"""Permission-matrix rows for the members certification pages and endpoints (see tests/test_permission_matrix.py)."""

ROWS: dict = {}
