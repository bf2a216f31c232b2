"""Reads of tickets: what a user may do next on a ticket, its timeline, the supervision count."""

from django.core.exceptions import ValidationError

from core.choices import Role
from industry_chains.choices import HandlerRole, TicketStatus
from industry_chains.models import Ticket
from industry_chains.services.tickets import ticket_extend_check
from organizations.models import Entity


def ticket_actions(*, user, ticket: Ticket, assignments) -> list[str]:
    """The steps this user may take now; the services judge them again when they are taken."""
    actions: list[str] = []
    committee = user.is_county_admin or (user.role == Role.CHAIN_STAFF and user.chain_id == ticket.chain_id)
    if committee:
        if ticket.status == TicketStatus.REPORTED:
            actions += ["accept", "return"]
        if ticket.status == TicketStatus.ACCEPTED:
            actions.append("dispatch")
        if ticket.status in (TicketStatus.DISPATCHED, TicketStatus.REPLIED):
            actions.append("consult")
    if user.role == Role.DEPT_HANDLER and ticket.status == TicketStatus.DISPATCHED:
        mine = next((a for a in assignments if a.department_id == user.department_id), None)
        if mine is not None:
            if mine.role == HandlerRole.LEAD or mine.replied_at is None:
                actions.append("reply")
            if _may_extend(ticket, mine):
                actions.append("extend")
    if (
        user.role == Role.ORG_SECRETARY
        and ticket.status == TicketStatus.REPLIED
        and Entity.objects.editable_by(user).filter(pk=ticket.entity_id).exists()
    ):
        actions += ["confirm", "reject"]
    return actions


def _may_extend(ticket: Ticket, assignment) -> bool:
    # The rule that refuses an extension decides whether it is offered (not after the deadline, once).
    try:
        ticket_extend_check(ticket=ticket, assignment=assignment)
    except ValidationError:
        return False
    return True


def may_report(user) -> bool:
    return user.is_authenticated and user.role == Role.ORG_SECRETARY


def supervised_count(*, tickets) -> int:
    return tickets.filter(is_supervised=True, status=TicketStatus.DISPATCHED).count()
