"""Permission-matrix rows for the chain committees and duty (see tests/test_permission_matrix.py).

A chain's records are public to every staff member; only county staff and the chain's own staff change them
(others get a 403 with the reason).
"""

from datetime import date

from industry_chains.models import DutyTurn
from tests.industry_chains.factories import member_enterprise
from tests.permissions import ALL_STAFF, only

KEEPERS = only({"county_admin": 200, "chain_staff": 200}, default=403)


def enterprise_a(world) -> int:
    return member_enterprise(world.chain, world.area_a, "甲纺织有限公司", org=world.org_a).pk


def turn_a(world) -> int:
    enterprise = member_enterprise(world.chain, world.area_a, "甲纺织有限公司", org=world.org_a)
    turn = DutyTurn.objects.create(
        chain=world.chain, enterprise=enterprise, starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 28)
    )
    return turn.pk


ROWS: dict = {
    "industry_chains:industrychain_detail": (lambda w: [w.chain.pk], ALL_STAFF, "page"),
    "industry_chains:chainmember_create": (lambda w: [w.chain.pk], KEEPERS, "page"),
    "industry_chains:chainunit_create": (lambda w: [w.chain.pk], KEEPERS, "page"),
    "industry_chains:chainenterprise_create": (lambda w: [w.chain.pk], KEEPERS, "page"),
    "industry_chains:chainmember_list": (None, ALL_STAFF, "page"),
    "industry_chains:chainenterprise_list": (None, ALL_STAFF, "page"),
    "industry_chains:chainenterprise_detail": (lambda w: [enterprise_a(w)], ALL_STAFF, "page"),
    # Chain staff of another chain are refused too (403): tried in test_enterprise_instructor.py.
    "industry_chains:chainenterprise_assign_instructor": (lambda w: [enterprise_a(w)], KEEPERS, "page"),
    "industry_chains:dutyturn_list": (None, ALL_STAFF, "page"),
    "industry_chains:dutyturn_generate": (None, KEEPERS, "page"),
    "industry_chains:dutyturn_adjust": (lambda w: [turn_a(w)], KEEPERS, "page"),
    "industry_chains:chainactivity_list": (None, ALL_STAFF, "page"),
    "industry_chains:chainactivity_create": (None, KEEPERS, "page"),
}
