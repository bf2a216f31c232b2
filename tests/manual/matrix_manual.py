"""Permission-matrix rows for 帮助 → 操作手册 (see tests/test_permission_matrix.py): every role gets its own manual."""

from tests.permissions import ALL_STAFF

ROWS: dict = {"manual:manual_own": (None, ALL_STAFF, "page")}
