"""Permission-matrix rows for the members selections pages and endpoints (see tests/test_permission_matrix.py)."""

ROWS: dict = {}
