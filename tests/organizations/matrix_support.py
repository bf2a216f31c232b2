"""Permission-matrix rows for the support pages and endpoints (see tests/test_permission_matrix.py)."""

ROWS: dict = {}
