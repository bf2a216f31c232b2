"""Permission-matrix rows for the support pages and endpoints (see tests/test_permission_matrix.py).

Each builder hangs its row off org A's branch (area A), so the county admin, area A's reviewer and
org A's secretary see it and everybody else gets a 404.
"""

from datetime import date
from decimal import Decimal

from organizations.choices import (
    CadreKind,
    FundSource,
    LiaisonVisitKind,
    PairingActivityKind,
    PartnerKind,
    StationedActivityKind,
)
from organizations.models import (
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    StationedActivity,
    StationedCadre,
    Venue,
)
from tests.factories import make_entity
from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A


def point_a(world) -> LiaisonPoint:
    return LiaisonPoint.objects.create(
        cadre_name="张建国",
        cadre_title="县委两新工委委员",
        cadre_kind=CadreKind.COMMITTEE_MEMBER,
        party_organization=world.org_a_child,
        started_on=date(2024, 1, 1),
    )


def visit_a(world) -> LiaisonVisit:
    return LiaisonVisit.objects.create(
        point=point_a(world), kind=LiaisonVisitKind.RESEARCH, visited_on=date(2024, 3, 1)
    )


def cadre_a(world) -> StationedCadre:
    entity = make_entity(world.area_a, "甲纺织有限公司", org=world.org_a_child)
    return StationedCadre.objects.create(name="李志强", unit="县工信局", entity=entity, started_on=date(2024, 1, 1))


def stationed_activity_a(world) -> StationedActivity:
    return StationedActivity.objects.create(
        cadre=cadre_a(world), kind=StationedActivityKind.POLICY_VISIT, done_on=date(2024, 3, 1), title="送政策上门"
    )


def venue_a(world) -> Venue:
    return Venue.objects.create(party_organization=world.org_a_child, name="党员活动室")


def entry_a(world) -> FundEntry:
    return FundEntry.objects.create(
        party_organization=world.org_a_child,
        source=FundSource.REFUNDED_DUES,
        amount=Decimal("1000.00"),
        occurred_on=date(2024, 1, 1),
    )


def pairing_a(world) -> Pairing:
    return Pairing.objects.create(
        party_organization=world.org_a_child,
        partner_name="甲村党支部",
        partner_kind=PartnerKind.VILLAGE,
        started_on=date(2024, 1, 1),
    )


def pairing_activity_a(world) -> PairingActivity:
    return PairingActivity.objects.create(
        pairing=pairing_a(world), kind=PairingActivityKind.JOINT_EVENT, held_on=date(2024, 3, 1), title="联办主题党日"
    )


ROWS = {
    # Funds
    "organizations:fund_summary": (None, ALL_STAFF, "page"),
    "organizations:fund_ledger": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "organizations:fund_income": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "organizations:fund_spend": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "organizations:fundentry_reverse": (lambda w: [entry_a(w).pk], ORG_A, "page"),
    # Venues
    "organizations:venue_list": (None, ALL_STAFF, "page"),
    "organizations:venue_create": (None, CAN_ADD, "page"),
    "organizations:venue_detail": (lambda w: [venue_a(w).pk], ORG_A, "page"),
    "organizations:venue_update": (lambda w: [venue_a(w).pk], ORG_A, "page"),
    # Liaison points
    "organizations:liaisonpoint_list": (None, ALL_STAFF, "page"),
    "organizations:liaisonpoint_create": (None, CAN_ADD, "page"),
    "organizations:liaisonpoint_detail": (lambda w: [point_a(w).pk], ORG_A, "page"),
    "organizations:liaisonvisit_create": (lambda w: [point_a(w).pk], ORG_A, "page"),
    "organizations:liaisonvisit_list": (None, ALL_STAFF, "page"),
    # Stationed cadres
    "organizations:stationedcadre_list": (None, ALL_STAFF, "page"),
    "organizations:stationedcadre_create": (None, CAN_ADD, "page"),
    "organizations:stationedcadre_detail": (lambda w: [cadre_a(w).pk], ORG_A, "page"),
    "organizations:stationedcadre_update": (lambda w: [cadre_a(w).pk], ORG_A, "page"),
    "organizations:stationedactivity_create": (lambda w: [cadre_a(w).pk], ORG_A, "page"),
    "organizations:stationedactivity_list": (None, ALL_STAFF, "page"),
    # Pairings
    "organizations:pairing_list": (None, ALL_STAFF, "page"),
    "organizations:pairing_create": (None, CAN_ADD, "page"),
    "organizations:pairing_detail": (lambda w: [pairing_a(w).pk], ORG_A, "page"),
    "organizations:pairingactivity_create": (lambda w: [pairing_a(w).pk], ORG_A, "page"),
    # API (read-only)
    "api:liaisonpoint-list": (None, ALL_STAFF, "api"),
    "api:liaisonpoint-detail": (lambda w: [point_a(w).pk], ORG_A, "api"),
    "api:liaisonvisit-list": (None, ALL_STAFF, "api"),
    "api:liaisonvisit-detail": (lambda w: [visit_a(w).pk], ORG_A, "api"),
    "api:stationedcadre-list": (None, ALL_STAFF, "api"),
    "api:stationedcadre-detail": (lambda w: [cadre_a(w).pk], ORG_A, "api"),
    "api:stationedactivity-list": (None, ALL_STAFF, "api"),
    "api:stationedactivity-detail": (lambda w: [stationed_activity_a(w).pk], ORG_A, "api"),
    "api:venue-list": (None, ALL_STAFF, "api"),
    "api:venue-detail": (lambda w: [venue_a(w).pk], ORG_A, "api"),
    "api:fundentry-list": (None, ALL_STAFF, "api"),
    "api:fundentry-detail": (lambda w: [entry_a(w).pk], ORG_A, "api"),
    "api:pairing-list": (None, ALL_STAFF, "api"),
    "api:pairing-detail": (lambda w: [pairing_a(w).pk], ORG_A, "api"),
    "api:pairingactivity-list": (None, ALL_STAFF, "api"),
    "api:pairingactivity-detail": (lambda w: [pairing_activity_a(w).pk], ORG_A, "api"),
}

# Every support action is a page that shows its form on GET; none is POST-only.
POST_ONLY: set[str] = set()
