"""Permission-matrix rows for the holiday calendar (see tests/test_permission_matrix.py): county staff only."""

from tests.permissions import only

COUNTY_STAFF = only({"county_admin": 200}, default=403)

ROWS: dict = {
    "core:holiday_schedule_list": (None, COUNTY_STAFF, "page"),
    "core:holiday_schedule": (lambda w: [2027], COUNTY_STAFF, "page"),
}
