"""Permission-matrix rows for the entities pages and endpoints (see tests/test_permission_matrix.py)."""

ROWS: dict = {}
