"""Permission-matrix rows for the log of who saw personal data in full (see test_permission_matrix)."""

from tests.permissions import only

ROWS: dict = {
    "core:personaldataaccess_list": (None, only({"county_admin": 200}, default=403), "page"),
}
