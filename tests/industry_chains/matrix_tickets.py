"""Permission-matrix rows for the ticket pages (see tests/test_permission_matrix.py).

The ticket belongs to org A's member enterprise in the chain, dispatched to the department: the county admin,
area A's reviewer, org A's secretary, the chain's staff and the department see it; org B's secretary gets a 404.
"""

from core.choices import Role
from core.models import User
from industry_chains.models import Ticket
from industry_chains.services import tickets as services
from tests.factories import UserFactory
from tests.industry_chains.factories import member_enterprise
from tests.permissions import ALL_STAFF, only

TICKET_SEEN = only(
    {"county_admin": 200, "area_reviewer": 200, "secretary": 200, "chain_staff": 200, "dept_handler": 200}
)
SECRETARIES = only({"secretary": 200, "other_secretary": 200}, default=403)


def _user(username: str, **scope) -> User:
    """The persona when the test has it; the anonymous-visitor test builds without personas."""
    return User.objects.filter(username=username).first() or UserFactory(username=f"{username}_matrix", **scope)


def ticket_a(world) -> Ticket:
    enterprise = member_enterprise(world.chain, world.area_a, "甲纺织有限公司", org=world.org_a)
    ticket = services.ticket_report(
        by=_user("charlie", role=Role.ORG_SECRETARY, party_organization=world.org_a),
        chain=world.chain,
        entity=enterprise.entity,
        category="labour",
        title="用工缺口",
        description="缺缝纫工",
    )
    staff = _user("erin", role=Role.CHAIN_STAFF, chain=world.chain)
    services.ticket_accept(by=staff, ticket=ticket)
    return services.ticket_dispatch(by=staff, ticket=ticket, lead=world.department)


ROWS: dict = {
    "industry_chains:ticket_list": (None, ALL_STAFF, "page"),
    "industry_chains:ticket_create": (None, SECRETARIES, "page"),
    "industry_chains:ticket_detail": (lambda w: [ticket_a(w).pk], TICKET_SEEN, "page"),
}
POST_ONLY = ["industry_chains:ticket_step"]
