"""Permission-matrix rows for the 积分超市 pages (see tests/test_permission_matrix.py)."""

from scoring.models import RewardItem
from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A, only
from tests.scoring.factories import make_person

COUNTY_PAGE = only({"county_admin": 200}, default=403)


def item(world):
    return [RewardItem.objects.create(name="党建书籍", price=20, stock=5).pk]


def member_a(world):
    return [make_person(world.org_a_child, "积分党员").pk]


ROWS: dict = {
    "scoring:rewarditem_list": (None, ALL_STAFF, "page"),
    "scoring:rewarditem_create": (None, COUNTY_PAGE, "page"),
    "scoring:rewarditem_update": (item, COUNTY_PAGE, "page"),
    "scoring:redemption_list": (None, ALL_STAFF, "page"),
    "scoring:redemption_create": (None, CAN_ADD, "page"),
    "scoring:pointaccount_list": (None, ALL_STAFF, "page"),
    "scoring:pointaccount_detail": (member_a, ORG_A, "page"),
}

POST_ONLY = {"scoring:redemption_reverse"}
