"""Permission-matrix rows for the area pages: every staff member reads areas, only county staff change them."""

from tests.permissions import ALL_STAFF, only

ROWS = {
    "organizations:area_create": (None, only({"county_admin": 200}, default=403), "page"),
    "organizations:area_detail": (lambda w: [w.area_a.pk], ALL_STAFF, "page"),
    "organizations:area_update": (lambda w: [w.area_a.pk], only({"county_admin": 200}), "page"),
}

# Moving an area up or down is POST only; tried in tests/organizations/test_areas.py.
POST_ONLY = {"organizations:area_move"}
