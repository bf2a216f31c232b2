"""Permission-matrix rows for the industry-chain API (see tests/test_permission_matrix.py).

A chain's records and 党建惠企 are readable by every staff member; a ticket only by its enterprise, its
departments, its chain, the area and the county (others 404). Each step is a POST (tried in test_api.py).
"""

from datetime import date

from industry_chains.models import (
    ChainActivity,
    ChainMember,
    ChainUnit,
    DepartmentHandler,
    DutyTurn,
    EnterpriseResult,
    Expert,
    ExpertVisit,
    Policy,
)
from tests.industry_chains.factories import member_enterprise
from tests.industry_chains.matrix_tickets import TICKET_SEEN, ticket_a
from tests.permissions import ALL_STAFF


def _enterprise(world):
    return member_enterprise(world.chain, world.area_a, "甲纺织有限公司", org=world.org_a)


def _member(world):
    return ChainMember.objects.create(chain=world.chain, name="王书记", role="secretary").pk


def _unit(world):
    return ChainUnit.objects.create(chain=world.chain, kind="leading", name="县委组织部").pk


def _turn(world):
    enterprise = _enterprise(world)
    return DutyTurn.objects.create(
        chain=world.chain, enterprise=enterprise, starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 28)
    ).pk


def _activity(world):
    return ChainActivity.objects.create(chain=world.chain, kind="forum", title="座谈", held_on=date(2025, 1, 1)).pk


def _handler(world):
    return DepartmentHandler.objects.create(department=world.department, name="孙经办", reported_on=date(2025, 1, 1)).pk


def _expert(world):
    return Expert.objects.create(name="周专家", unit="县委党校", specialty="党建").pk


def _visit(world):
    expert = Expert.objects.create(name="吴专家", unit="县委党校", specialty="党建")
    return ExpertVisit.objects.create(
        expert=expert, enterprise=_enterprise(world), visited_on=date(2025, 1, 1), topic="指导"
    ).pk


def _policy(world):
    return Policy.objects.create(
        title="技改贴息",
        issuing_department=world.department,
        category="finance",
        summary="要点",
        valid_from=date(2025, 1, 1),
    ).pk


def _result(world):
    return EnterpriseResult.objects.create(
        enterprise=_enterprise(world), kind="title", title="专精特新“小巨人”企业", achieved_on=date(2025, 1, 1)
    ).pk


ROWS: dict = {
    "api:chainticket-list": (None, ALL_STAFF, "api"),
    "api:chainticket-detail": (lambda w: [ticket_a(w).pk], TICKET_SEEN, "api"),
    "api:ticketassessment-list": (None, ALL_STAFF, "api"),
}
for basename, builder in {
    "chainmember": _member,
    "chainunit": _unit,
    "chainenterprise": lambda w: _enterprise(w).pk,
    "dutyturn": _turn,
    "chainactivity": _activity,
    "departmenthandler": _handler,
    "expert": _expert,
    "expertvisit": _visit,
    "policy": _policy,
    "enterpriseresult": _result,
}.items():
    ROWS[f"api:{basename}-list"] = (None, ALL_STAFF, "api")
    ROWS[f"api:{basename}-detail"] = (lambda w, b=builder: [b(w)], ALL_STAFF, "api")

POST_ONLY = ["api:chainticket-steps"]
