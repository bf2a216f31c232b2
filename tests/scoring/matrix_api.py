"""Permission-matrix rows for the scoring API (see tests/test_permission_matrix.py)."""

from datetime import date

from scoring.models import MonthlyResult, PointEntry, QuarterlyResult, Redemption, RewardItem
from tests.permissions import ALL_STAFF, ORG_A, only
from tests.scoring.factories import make_handbook, make_person
from tests.scoring.matrix_postings import posting_a
from tests.scoring.matrix_ratings import rating_a
from tests.scoring.matrix_scorecards import card_a

AREA_A = only({"county_admin": 200, "area_reviewer": 200})


def entry_a(world):
    version = make_handbook()
    person = make_person(world.org_a_child, "接口党员")
    rule = version.rules.first()
    return [PointEntry.objects.create(person=person, month=date(2025, 4, 1), rule=rule, star=rule.star, points=2).pk]


def monthly_a(world):
    person = make_person(world.org_a_child, "接口党员")
    return [
        MonthlyResult.objects.create(month=date(2025, 4, 1), person=person, party_organization=world.org_a_child).pk
    ]


def quarterly_a(world):
    person = make_person(world.org_a_child, "接口党员")
    return [
        QuarterlyResult.objects.create(year=2025, quarter=1, person=person, party_organization=world.org_a_child).pk
    ]


def redemption_a(world):
    person = make_person(world.org_a_child, "接口党员")
    item = RewardItem.objects.create(name="书", price=5, stock=1)
    return [Redemption.objects.create(person=person, item=item, points=5).pk]


ROWS: dict = {
    "api:scoring-pointentry-list": (None, ALL_STAFF, "api"),
    "api:scoring-pointentry-detail": (entry_a, ORG_A, "api"),
    "api:scoring-monthlyresult-list": (None, ALL_STAFF, "api"),
    "api:scoring-monthlyresult-detail": (monthly_a, ORG_A, "api"),
    "api:scoring-quarterlyresult-list": (None, ALL_STAFF, "api"),
    "api:scoring-quarterlyresult-detail": (quarterly_a, ORG_A, "api"),
    "api:scoring-scorecard-list": (None, ALL_STAFF, "api"),
    "api:scoring-scorecard-detail": (card_a, ORG_A, "api"),
    "api:scoring-orgrating-list": (None, ALL_STAFF, "api"),
    "api:scoring-orgrating-detail": (rating_a, ORG_A, "api"),
    "api:scoring-posting-list": (None, ALL_STAFF, "api"),
    "api:scoring-posting-detail": (posting_a, AREA_A, "api"),
    "api:scoring-redemption-list": (None, ALL_STAFF, "api"),
    "api:scoring-redemption-detail": (redemption_a, ORG_A, "api"),
}
