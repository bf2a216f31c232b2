"""The industry-chain area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import partial

from django.db.models import Count, Q, Sum

from core.charts import Series, stacked_bars_svg
from core.figures import Catalogue, Definition, Link, Scope, Section
from industry_chains.choices import OPEN_STATUSES, ResultKind, TicketStatus
from industry_chains.filters.tickets import OPEN
from industry_chains.models import ChainActivity, ChainEnterprise, EnterpriseResult, IndustryChain, Ticket

CHAIN_AREA = "按链上企业所在街镇/园区"
# Chain enterprises, activities and results are read by every user: their lists are narrowed to the area chosen
# or to an area reviewer's own, as the figures are (``Scope.own_area``).
ENTERPRISES = Link("industry_chains:chainenterprise_list", (("is_active", "true"),), own_area=True)
TICKETS_RECEIVED = Link("industry_chains:ticket_list", start="reported_after", end="reported_before")


def _activities(benefits: str) -> Link:
    return Link(
        "industry_chains:chainactivity_list",
        (("benefits_enterprises", benefits),),
        own_area=True,
        start="held_after",
        end="held_before",
    )


def _results(kind: str, counts: bool = True) -> Link:
    return Link(
        "industry_chains:enterpriseresult_list",
        (("kind", kind),),
        own_area=True,
        start="achieved_after",
        end="achieved_before",
        counts=counts,
    )


CATALOGUE = Catalogue(
    "industry_chains.selectors.figures.section",
    [
        Definition(
            "chains",
            "产业链党委",
            "个",
            "全县组建的产业链党委数，不按街镇/园区划分；当前数。",
            by_area=False,
            article="3",
            link=Link("industry_chains:industrychain_list", area=""),
        ),
        Definition(
            "chain_enterprises", "链上企业", "家", f"在册的链上成员企业，{CHAIN_AREA}；当前数。", link=ENTERPRISES
        ),
        Definition(
            "chain_with_instructor",
            "配备党建指导员的链上企业",
            "家",
            f"在册且配备党建指导员的链上成员企业，{CHAIN_AREA}；当前数。",
            article="77",
            link=replace(ENTERPRISES, query=(*ENTERPRISES.query, ("has_instructor", "true"))),
        ),
        Definition(
            "salons",
            "红色沙龙",
            "场",
            "产业链党委登记的红色沙龙活动（不含党建惠企活动），按举办日期计入统计期间；"
            "选定街镇/园区时只计本街镇/园区链上企业轮值承办的。",
            by_period=True,
            article="10+",
            link=_activities("false"),
        ),
        Definition(
            "benefits",
            "党建惠企活动",
            "场",
            "产业链党委登记的党建惠企活动，按举办日期计入统计期间；选定街镇/园区时只计本街镇/园区链上企业轮值承办的。",
            by_period=True,
            article="22",
            link=_activities("true"),
        ),
        Definition(
            "tickets_received",
            "企业吹哨诉求",
            "件",
            "企业报送的全部诉求（含已退回、尚未受理的），按报送日期计入统计期间，按报送企业所在街镇/园区。",
            by_period=True,
            link=TICKETS_RECEIVED,
        ),
        Definition(
            "tickets_closed",
            "已销号诉求",
            "件",
            "确认解决并销号的诉求，按销号日期计入统计期间。",
            by_period=True,
            article="160",
            link=Link(
                "industry_chains:ticket_list",
                (("status", TicketStatus.CLOSED),),
                start="closed_after",
                end="closed_before",
            ),
        ),
        Definition(
            "tickets_open",
            "办理中诉求",
            "件",
            "尚未销号的诉求（含督办中的）；当前数。",
            link=Link("industry_chains:ticket_list", (("status", OPEN),)),
        ),
        Definition(
            "tickets_supervised",
            "督办中诉求",
            "件",
            "尚未销号且已列入督办的诉求；当前数。",
            link=Link("industry_chains:ticket_list", (("status", OPEN), ("supervised", "true"))),
        ),
        Definition(
            "satisfaction",
            "企业满意率",
            "%",
            "统计期间内销号并已评价的诉求中，企业评价 4 分及以上的 ÷ 已评价的，按销号日期计入统计期间。",
            by_period=True,
            # A rate: the closed tickets of the period, whose ratings it is made of.
            link=Link(
                "industry_chains:ticket_list",
                (("status", TicketStatus.CLOSED), ("rated", "true")),
                start="closed_after",
                end="closed_before",
                counts=False,
            ),
        ),
        Definition(
            "result_titles",
            "企业获评荣誉称号",
            "项",
            f"链上企业获评的专精特新、单项冠军等称号，{CHAIN_AREA}，按获评日期计入统计期间。",
            by_period=True,
            article="1 + 24 + 2 + 40",
            link=_results(ResultKind.TITLE),
        ),
        Definition(
            "result_loans",
            "企业获得贷款",
            "万元",
            f"链上企业在党建惠企中获得的贷款金额，{CHAIN_AREA}，按获得日期计入统计期间。",
            by_period=True,
            link=_results(ResultKind.LOAN, counts=False),  # a sum of money: the loans it adds up
        ),
    ],
)
TICKET_SERIES = [Series("已销号", "#c8161d"), Series("办理中", "#f0ad4e"), Series("督办中", "#6c757d")]


def section(scope: Scope) -> Section:
    """Chains, member enterprises with instructors, salons and 惠企 activities, tickets, results."""
    enterprises = ChainEnterprise.objects.visible_to(scope.user).filter(is_active=True)
    results = EnterpriseResult.objects.visible_to(scope.user)
    if scope.own_area is not None:
        enterprises = enterprises.filter(entity__area=scope.own_area)
        results = results.filter(enterprise__entity__area=scope.own_area)
    members = enterprises.aggregate(total=Count("pk"), with_instructor=Count("pk", filter=Q(instructor__isnull=False)))
    activities = ChainActivity.objects.visible_to(scope.user)
    if scope.own_area is not None:
        # An area's own activities are those its chain enterprises hosted on their duty turn (轮值承办).
        activities = activities.filter(duty_turn__enterprise__entity__area=scope.own_area)
    activities = scope.within(activities, "held_on").aggregate(
        salons=Count("pk", filter=Q(benefits_enterprises=False)),
        benefits=Count("pk", filter=Q(benefits_enterprises=True)),
    )
    tickets = scope.visible(Ticket.objects.all()).order_by()
    ticket_figures = tickets.aggregate(
        received=Count("pk", filter=scope.period("reported_at__date")),
        closed=Count("pk", filter=Q(status=TicketStatus.CLOSED) & scope.period("closed_at__date")),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        supervised=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_supervised=True)),
        rated=Count("pk", filter=Q(status=TicketStatus.CLOSED, rating__isnull=False) & scope.period("closed_at__date")),
        satisfied=Count("pk", filter=Q(status=TicketStatus.CLOSED, rating__gte=4) & scope.period("closed_at__date")),
    )
    achieved = scope.within(results, "achieved_on").aggregate(
        titles=Count("pk", filter=Q(kind=ResultKind.TITLE)),
        loans=Sum("amount", filter=Q(kind=ResultKind.LOAN)),
    )
    # The chart adds up to the cards: closed inside the period, open and supervised as of today.
    per_chain = list(
        tickets.values("chain__name", "chain__sort_order")
        .annotate(
            closed=Count("pk", filter=Q(status=TicketStatus.CLOSED) & scope.period("closed_at__date")),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_supervised=False)),
            supervised=Count("pk", filter=Q(status__in=OPEN_STATUSES, is_supervised=True)),
        )
        .order_by("chain__sort_order")
    )
    satisfaction = (
        (Decimal(ticket_figures["satisfied"] * 100) / ticket_figures["rated"]).quantize(Decimal("0.1"))
        if ticket_figures["rated"]
        else Decimal(0)
    )
    figure = partial(CATALOGUE.figure, scope)
    figures = [
        figure("chains", IndustryChain.objects.visible_to(scope.user).count()),
        figure("chain_enterprises", members["total"]),
        figure("chain_with_instructor", members["with_instructor"]),
        figure("salons", activities["salons"]),
        figure("benefits", activities["benefits"]),
        figure("tickets_received", ticket_figures["received"]),
        figure("tickets_closed", ticket_figures["closed"]),
        figure("tickets_open", ticket_figures["open"]),
        figure("tickets_supervised", ticket_figures["supervised"]),
        figure("satisfaction", satisfaction),
        figure("result_titles", achieved["titles"]),
        figure("result_loans", achieved["loans"] or Decimal(0)),
    ]
    chart = stacked_bars_svg(
        [(row["chain__name"], [row["closed"], row["open"], row["supervised"]]) for row in per_chain],
        TICKET_SERIES,
        unit="件",
        title="各产业链诉求办理情况（已销号按统计期间，办理中、督办中为当前数）",
    )
    summary = (
        f"{members['total']} 家链上企业中 {members['with_instructor']} 家配备党建指导员；举办红色沙龙 "
        f"{activities['salons']} 场、党建惠企活动 {activities['benefits']} 场；受理企业吹哨诉求 "
        f"{ticket_figures['received']} 件，销号 {ticket_figures['closed']} 件，企业满意率 {satisfaction}%。"
    )
    return Section("industry_chains", "产业链党建", figures, charts=[chart], summary=summary)
