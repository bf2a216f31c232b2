"""督办考核: per department and per chain, for any period — one grouped query each, whatever the number of tickets.

What each column counts is said once, in ``DEPARTMENT_COLUMNS`` and ``CHAIN_COLUMNS`` (``core.figures.Definition``):
the page's headers and definitions, the Excel export's headers and its 指标口径 sheet are written from them. They
are a table's columns, not the dashboard's figures, so they stay out of ``core.figures.SOURCES``; where a column
shares a name with a dashboard figure but counts differently, its definition says so. A column's key is
``<table>_<Figures attribute>``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils import timezone

from core.figures import Catalogue, Definition, Link
from industry_chains.choices import TicketStatus
from industry_chains.models import Ticket, TicketAssignment
from industry_chains.selectors.figures import CATALOGUE as DASHBOARD
from industry_chains.services.tickets import SATISFIED_FROM

FIELDS = ("received", "closed", "on_time", "overdue", "avg_hours", "rated", "satisfied")

# Whatever the table, a column's period is the period asked for; no area filter applies (one row per department
# or chain of the user's scope).
PERIOD_ONLY = {"by_area": False, "by_period": True}
RATE = "比率，分子、分母为本行的两列，没有单独的名单。"
AVERAGE = "平均数，其办结件数见本行“办结”列，没有单独的名单。"
BY_DISPATCH = "按派单时间计入统计期间，诉求列表只能按报送时间筛选，没有同样条件的名单。"
CLOSED_NOW = "截至今天已确认解决并销号的，不论销号日期是否在统计期间内"
# Where a column shares its meaning with a dashboard figure but counts differently, it says how (by its label).
ELSEWHERE = "首页和工作报告的"
RECEIVED = DASHBOARD["tickets_received"].label
NOT_DASHBOARD_CLOSED = f"与{ELSEWHERE}“{DASHBOARD['tickets_closed'].label}”（按销号日期计入统计期间）不同"
NOT_DASHBOARD_SATISFACTION = f"与{ELSEWHERE}“{DASHBOARD['satisfaction'].label}”（按销号日期计入统计期间）不同"
AVG_DAYS = "从企业报送到销号的用时（小时）的平均数除以 24，保留一位小数"


def _chain_tickets(*query: tuple[str, str]) -> Link:
    """The ticket list of one chain (the row's), reported in the period: what a chain column counts."""
    return Link(
        "industry_chains:ticket_list", query, area="", start="reported_after", end="reported_before", needs=("chain",)
    )


DEPARTMENT_COLUMNS = Catalogue(
    "industry_chains.selectors.assessment.department_figures",
    [
        Definition(
            "department_received",
            "收到",
            "件",
            "统计期间内派给该部门的诉求，按派单时间计入统计期间；主办、协办各计一次，合计行按派单计（同一诉求派给几个"
            f"部门就计几次），与{ELSEWHERE}“{RECEIVED}”（按报送日期，每件诉求计一次）不同。",
            unlinked=BY_DISPATCH,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_closed",
            "办结",
            "件",
            f"“收到”的派单中，诉求{CLOSED_NOW}；{NOT_DASHBOARD_CLOSED}。",
            unlinked=BY_DISPATCH,
            **PERIOD_ONLY,
        ),
        Definition("department_close_rate", "办结率", "%", "办结 ÷ 收到。", unlinked=RATE, **PERIOD_ONLY),
        Definition(
            "department_on_time",
            "按时",
            "件",
            "“收到”的派单中，该部门在本部门办理时限（含批准的延期）内答复的；主办部门答复后企业不认可、退回重办的，"
            "以重办后的答复为准。",
            unlinked=BY_DISPATCH,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_overdue",
            "逾期",
            "件",
            "“收到”的派单中，该部门超过本部门办理时限才答复的，以及诉求仍在办理中、该部门尚未答复且已过时限的。",
            unlinked=BY_DISPATCH,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_on_time_rate",
            "按时率",
            "%",
            "按时 ÷（按时 + 逾期）；尚未答复且未过时限的派单不计入。",
            unlinked=RATE,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_avg_days",
            "平均办结用时",
            "天",
            f"“办结”的派单所属诉求{AVG_DAYS}；合计行为全部办结派单的平均。",
            unlinked=AVERAGE,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_rated",
            "已评价",
            "件",
            "“收到”的派单中，企业已在销号时对诉求评分的。",
            unlinked=BY_DISPATCH,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_satisfied",
            "满意",
            "件",
            f"“已评价”的派单中，企业评分 {SATISFIED_FROM} 分及以上的。",
            unlinked=BY_DISPATCH,
            **PERIOD_ONLY,
        ),
        Definition(
            "department_satisfaction_rate",
            "满意率",
            "%",
            f"满意 ÷ 已评价，按派单时间计入统计期间，{NOT_DASHBOARD_SATISFACTION}。",
            unlinked=RATE,
            **PERIOD_ONLY,
        ),
    ],
)
CHAIN_COLUMNS = Catalogue(
    "industry_chains.selectors.assessment.chain_figures",
    [
        Definition(
            "chain_received",
            "收到",
            "件",
            f"该产业链的企业在统计期间内报送的诉求，按报送时间计入统计期间，不含已退回的；{ELSEWHERE}“{RECEIVED}”含已退回的。",
            unlinked="诉求列表没有“不含已退回”的筛选，按产业链和报送时间筛选的名单含已退回的诉求。",
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_closed",
            "办结",
            "件",
            f"“收到”的诉求中{CLOSED_NOW}；{NOT_DASHBOARD_CLOSED}。",
            link=_chain_tickets(("status", TicketStatus.CLOSED)),
            **PERIOD_ONLY,
        ),
        Definition("chain_close_rate", "办结率", "%", "办结 ÷ 收到。", unlinked=RATE, **PERIOD_ONLY),
        Definition(
            "chain_on_time",
            "按时",
            "件",
            "“收到”的诉求中，主办部门在办理时限（含批准的延期）内答复的；企业不认可、退回重办的，以重办后的答复为准。",
            unlinked="诉求列表没有按时答复的筛选。",
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_overdue",
            "逾期",
            "件",
            "“收到”的诉求中，主办部门超过办理时限才答复的、被督办后尚未答复的，以及仍在办理中已过时限的。",
            unlinked="诉求列表没有逾期的筛选（“督办中”只含当前督办的）。",
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_on_time_rate",
            "按时率",
            "%",
            "按时 ÷（按时 + 逾期）；尚未答复且未过时限的诉求不计入。",
            unlinked=RATE,
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_avg_days",
            "平均办结用时",
            "天",
            f"“办结”的诉求{AVG_DAYS}；合计行为全部办结诉求的平均。",
            unlinked=AVERAGE,
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_rated",
            "已评价",
            "件",
            "“收到”的诉求中，企业已在销号时评分的。",
            link=_chain_tickets(("rated", "true")),
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_satisfied",
            "满意",
            "件",
            f"“已评价”的诉求中，企业评分 {SATISFIED_FROM} 分及以上的。",
            unlinked="诉求列表没有按评分的筛选。",
            **PERIOD_ONLY,
        ),
        Definition(
            "chain_satisfaction_rate",
            "满意率",
            "%",
            f"满意 ÷ 已评价，按报送时间计入统计期间，{NOT_DASHBOARD_SATISFACTION}。",
            unlinked=RATE,
            **PERIOD_ONLY,
        ),
    ],
)


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


def column_value(definition: Definition, figures: Figures):
    """The value of a column (``DEPARTMENT_COLUMNS`` or ``CHAIN_COLUMNS``) in a row."""
    return getattr(figures, definition.key.split("_", 1)[1])


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
