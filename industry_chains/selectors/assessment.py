"""督办考核: per department and per chain, for any period — one grouped query each, whatever the number of tickets.

received: dispatched to the department (or reported in the chain) in the period; closed: 销号; on time: the answer
came within the deadline; overdue: answered late, put under supervision, or still unanswered past the deadline;
average time to close: hours from report to 销号; satisfaction: ratings of 4 or 5 among the rated tickets.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils import timezone

from industry_chains.choices import TicketStatus
from industry_chains.models import Ticket, TicketAssignment
from industry_chains.services.tickets import SATISFIED_FROM

FIELDS = ("received", "closed", "on_time", "overdue", "avg_hours", "rated", "satisfied")


@dataclass(frozen=True)
class Figures:
    key: int
    name: str
    received: int
    closed: int
    on_time: int
    overdue: int
    avg_hours: float | None
    rated: int
    satisfied: int

    @property
    def close_rate(self) -> float | None:
        return round(100 * self.closed / self.received, 1) if self.received else None

    @property
    def on_time_rate(self) -> float | None:
        answered = self.on_time + self.overdue
        return round(100 * self.on_time / answered, 1) if answered else None

    @property
    def satisfaction_rate(self) -> float | None:
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None

    @property
    def avg_days(self) -> float | None:
        return round(self.avg_hours / 24, 1) if self.avg_hours is not None else None


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes [start 00:00, day after end 00:00) in local time, so indexes are used."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def department_figures(
    *, assignments, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[Figures]:
    """One row per department that received tickets in the period, from one grouped query."""
    today = today or timezone.localdate()
    low, high = period_bounds(start, end)
    closed = Q(ticket__status=TicketStatus.CLOSED)
    rows = (
        assignments.filter(assigned_at__gte=low, assigned_at__lt=high)
        .values("department_id", "department__name")
        .annotate(
            n_received=Count("pk"),
            n_closed=Count("pk", filter=closed),
            n_on_time=Count("pk", filter=Q(on_time=True)),
            n_overdue=Count(
                "pk",
                filter=Q(on_time=False)
                | Q(replied_at__isnull=True, due_on__lt=today, ticket__status=TicketStatus.DISPATCHED),
            ),
            n_avg_hours=Avg("ticket__hours_to_close", filter=closed),
            n_rated=Count("pk", filter=Q(ticket__rating__isnull=False)),
            n_satisfied=Count("pk", filter=Q(ticket__rating__gte=SATISFIED_FROM)),
        )
        .order_by("department__name")
    )
    return [
        Figures(
            key=row["department_id"],
            name=row["department__name"],
            **{k: row[f"n_{k}"] for k in FIELDS},
        )
        for row in rows
    ]


def chain_figures(
    *, tickets, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[Figures]:
    """One row per chain with tickets reported in the period, from one grouped query."""
    today = today or timezone.localdate()
    low, high = period_bounds(start, end)
    closed = Q(status=TicketStatus.CLOSED)
    rows = (
        tickets.filter(reported_at__gte=low, reported_at__lt=high)
        .exclude(status=TicketStatus.RETURNED)
        .values("chain_id", "chain__name", "chain__sort_order")
        .annotate(
            n_received=Count("pk"),
            n_closed=Count("pk", filter=closed),
            n_on_time=Count("pk", filter=Q(replied_on_time=True)),
            n_overdue=Count(
                "pk",
                filter=Q(replied_on_time=False)
                | Q(supervised_at__isnull=False, replied_on_time__isnull=True)
                | Q(status=TicketStatus.DISPATCHED, due_on__lt=today, replied_on_time__isnull=True),
            ),
            n_avg_hours=Avg("hours_to_close", filter=closed),
            n_rated=Count("pk", filter=Q(rating__isnull=False)),
            n_satisfied=Count("pk", filter=Q(rating__gte=SATISFIED_FROM)),
        )
        .order_by("chain__sort_order", "chain__name")
    )
    return [
        Figures(
            key=row["chain_id"],
            name=row["chain__name"],
            **{k: row[f"n_{k}"] for k in FIELDS},
        )
        for row in rows
    ]


def totals(rows: list[Figures], name: str = "合计") -> Figures | None:
    """Sum of the rows (the average time weighted by the closed counts)."""
    if not rows:
        return None
    closed = sum(r.closed for r in rows)
    hours = sum((r.avg_hours or 0) * r.closed for r in rows)
    return Figures(
        key=0,
        name=name,
        received=sum(r.received for r in rows),
        closed=closed,
        on_time=sum(r.on_time for r in rows),
        overdue=sum(r.overdue for r in rows),
        avg_hours=hours / closed if closed else None,
        rated=sum(r.rated for r in rows),
        satisfied=sum(r.satisfied for r in rows),
    )


def scoped_assignments(user):
    return TicketAssignment.objects.visible_to(user)


def scoped_tickets(user):
    return Ticket.objects.visible_to(user)
