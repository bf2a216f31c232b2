"""What the industry-chain area has waiting for a user (see core.todos)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from industry_chains.choices import OPEN_STATUSES, HandlerRole, TicketStatus
from industry_chains.models import Ticket, TicketAssignment

DEADLINE_ITEMS = 8  # a department handler's home page lists its nearest deadlines


def awaiting_department(department_id) -> Exists:
    """Tickets dispatched to the department that it has not answered yet: the handler's to-do and the ticket list's
    ``awaiting_me`` filter."""
    return Exists(
        TicketAssignment.objects.filter(
            ticket=OuterRef("pk"),
            department_id=department_id,
            ticket__status=TicketStatus.DISPATCHED,
            replied_at__isnull=True,
        )
    )


def todos(user) -> list[Todo]:
    """Tickets waiting for the user's role: to confirm (enterprise), to accept or dispatch (chain), to answer
    by deadline (department), under supervision (county). A fixed handful of queries."""
    url = reverse("industry_chains:ticket_list")
    tickets = Ticket.objects.visible_to(user).order_by()
    items: list[Todo] = []
    if user.role == Role.ORG_SECRETARY:
        waiting = tickets.aggregate(
            confirm=Count("pk", filter=Q(status=TicketStatus.REPLIED)),
            returned=Count("pk", filter=Q(status=TicketStatus.RETURNED)),
        )
        items += [
            Todo("部门已答复、待本企业确认评价的诉求", waiting["confirm"], f"{url}?status=replied", urgent=True),
            Todo("被产业链党委退回的诉求", waiting["returned"], f"{url}?status=returned"),
        ]
    if user.role == Role.CHAIN_STAFF or user.is_county_admin:
        waiting = tickets.aggregate(
            accept=Count("pk", filter=Q(status=TicketStatus.REPORTED)),
            dispatch=Count("pk", filter=Q(status=TicketStatus.ACCEPTED)),
            supervised=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_supervised=True)),
        )
        items += [
            Todo("企业吹哨、待接单的诉求", waiting["accept"], f"{url}?status=reported", urgent=True),
            Todo("已接单、待派单的诉求", waiting["dispatch"], f"{url}?status=accepted"),
            Todo("超期督办中的诉求", waiting["supervised"], f"{url}?status=open&supervised=true", urgent=True),
        ]
    if user.role == Role.DEPT_HANDLER:
        today = timezone.localdate()
        open_assignments = (
            TicketAssignment.objects.visible_to(user)
            .filter(department=user.department_id, ticket__status=TicketStatus.DISPATCHED, replied_at__isnull=True)
            .select_related("ticket")
            .order_by("due_on", "pk")
        )
        nearest = list(open_assignments[:DEADLINE_ITEMS])
        items.append(
            Todo(
                "本部门办理中的诉求（按办理时限）",
                tickets.filter(awaiting_department(user.department_id)).count(),
                f"{url}?awaiting_me=true",
                urgent=any(assignment.due_on < today for assignment in nearest),
                items=[
                    (
                        assignment.ticket.title,
                        reverse("industry_chains:ticket_detail", args=[assignment.ticket_id]),
                        f"{'主办' if assignment.role == HandlerRole.LEAD else '协办'} · 时限 {assignment.due_on:%m-%d}"
                        + ("（已超期）" if assignment.due_on < today else ""),
                    )
                    for assignment in nearest
                ],
            )
        )
    return items


# What each step's notification waits for: the ticket to leave the status the step put it in.
AWAITED = {
    "report": TicketStatus.REPORTED,
    "return": TicketStatus.RETURNED,
    "dispatch": TicketStatus.DISPATCHED,
    "remind": TicketStatus.DISPATCHED,
    "reject": TicketStatus.DISPATCHED,
    "reply": TicketStatus.REPLIED,
}


def _tickets_moved_on(user, keys: list[str]) -> set[str]:
    """``ticket:<id>:<step>:…``: settled when the ticket has left the status the step awaited, or, for a
    department's work, when the user's department has answered."""
    wanted = {key: (int(key.split(":")[1]), key.split(":")[2]) for key in keys}
    tickets = Ticket.objects.filter(pk__in={pk for pk, _step in wanted.values()}).annotate(
        mine=awaiting_department(getattr(user, "department_id", None))
    )
    state = {ticket.pk: (ticket.status, ticket.mine) for ticket in tickets}
    settled = set()
    for key, (pk, step) in wanted.items():
        status, mine = state.get(pk, (None, False))
        awaited = AWAITED.get(step)
        if (
            awaited is None
            or status != awaited
            or (awaited == TicketStatus.DISPATCHED and user.department_id and not mine)
        ):
            settled.add(key)
    return settled


def _supervision_over(user, keys: list[str]) -> set[str]:
    """``ticket-supervise:<department or county>:<date>``: settled when no ticket the user sees (the department's
    own, for its staff) is under supervision any more."""
    tickets = Ticket.objects.visible_to(user).filter(status__in=OPEN_STATUSES, is_supervised=True)
    if user.role == Role.DEPT_HANDLER:
        tickets = tickets.filter(assignments__department=user.department_id)
    return set() if tickets.exists() else set(keys)


SETTLED = {"ticket:": _tickets_moved_on, "ticket-supervise:": _supervision_over}
