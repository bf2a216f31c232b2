"""Permission-matrix rows for the survey pages and endpoints (see tests/test_permission_matrix.py)."""

ROWS: dict = {}
