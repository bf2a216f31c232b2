"""Permission-matrix rows for the star-member pages (see tests/test_permission_matrix.py)."""

from django.utils import timezone

from scoring.services.stars import scoring_month_get
from tests.permissions import ALL_STAFF, ORG_A, only
from tests.scoring.factories import make_handbook

COUNTY_PAGE = only({"county_admin": 200}, default=403)


def grid_args(world):
    today = timezone.localdate()
    return [world.org_a_child.pk, today.year, today.month]


def month_pk(world):
    make_handbook()
    return [scoring_month_get(month=timezone.localdate()).pk]


ROWS: dict = {
    "scoring:handbook": (None, ALL_STAFF, "page"),
    "scoring:handbook_create": (None, COUNTY_PAGE, "page"),
    "scoring:grid_start": (None, ALL_STAFF, "page"),
    "scoring:month_grid": (grid_args, ORG_A, "page"),
    "scoring:pointentry_list": (None, ALL_STAFF, "page"),
    "scoring:scoringmonth_list": (None, ALL_STAFF, "page"),
    "scoring:month_correct": (month_pk, COUNTY_PAGE, "page"),
    "scoring:monthlyresult_list": (None, ALL_STAFF, "page"),
    "scoring:quarterlyresult_list": (None, ALL_STAFF, "page"),
}

POST_ONLY = {"scoring:pointentry_reverse"}
