"""Permission-matrix rows for the scorecard pages (see tests/test_permission_matrix.py)."""

from members.choices import Stage
from scoring.services.scorecards import scorecard_save
from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A, only
from tests.scoring.factories import make_person, make_template

COUNTY_PAGE = only({"county_admin": 200}, default=403)


def card_a(world):
    from core.models import User

    make_template()
    person = make_person(world.org_a_child, "积分卡对象", stage=Stage.ACTIVIST)
    scores = {"political": 20, "discipline": 15, "solidarity": 15, "performance": 20}
    card = scorecard_save(by=User.objects.get(username="alice"), person=person, year=2025, quarter=2, scores=scores)
    return [card.pk]


ROWS: dict = {
    "scoring:scorecard_list": (None, ALL_STAFF, "page"),
    "scoring:scorecard_create": (None, CAN_ADD, "page"),
    "scoring:scorecard_detail": (card_a, ORG_A, "page"),
    "scoring:scorecard_update": (card_a, ORG_A, "page"),
    "scoring:scorecardtemplate_list": (None, ALL_STAFF, "page"),
    "scoring:scorecardtemplate_create": (None, COUNTY_PAGE, "page"),
}

POST_ONLY = {"scoring:scorecard_submit", "scoring:scorecard_review", "scoring:scorecard_return"}
