"""The industry-chain area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from core.charts import Series, stacked_bars_svg
from core.figures import Figure, Scope, Section
from industry_chains.choices import OPEN_STATUSES, ResultKind, TicketStatus
from industry_chains.models import ChainActivity, ChainEnterprise, EnterpriseResult, IndustryChain, Ticket

TICKET_SERIES = [Series("已销号", "#c8161d"), Series("办理中", "#f0ad4e"), Series("督办中", "#6c757d")]


def section(scope: Scope) -> Section:
    """Chains, member enterprises with instructors, salons and 惠企 activities, tickets, results."""
    enterprises = ChainEnterprise.objects.visible_to(scope.user).filter(is_active=True)
    results = EnterpriseResult.objects.visible_to(scope.user)
    if scope.own_area is not None:
        enterprises = enterprises.filter(entity__area=scope.own_area)
        results = results.filter(enterprise__entity__area=scope.own_area)
    members = enterprises.aggregate(total=Count("pk"), with_instructor=Count("pk", filter=Q(instructor__isnull=False)))
    activities = scope.within(ChainActivity.objects.visible_to(scope.user), "held_on").aggregate(
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
    per_chain = list(
        tickets.values("chain__name", "chain__sort_order")
        .annotate(
            closed=Count("pk", filter=Q(status=TicketStatus.CLOSED)),
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
    tickets_url = reverse("industry_chains:ticket_list")
    results_url = reverse("industry_chains:enterpriseresult_list")
    figures = [
        Figure("产业链党委", IndustryChain.objects.visible_to(scope.user).count(), "个", article="3"),
        Figure("链上企业", members["total"], "家", reverse("industry_chains:chainenterprise_list")),
        Figure("配备党建指导员的链上企业", members["with_instructor"], "家", article="77"),
        Figure("红色沙龙", activities["salons"], "场", reverse("industry_chains:chainactivity_list"), "10+", True),
        Figure("党建惠企活动", activities["benefits"], "场", article="22", in_period=True),
        Figure("企业吹哨诉求", ticket_figures["received"], "件", tickets_url, in_period=True),
        Figure("已销号诉求", ticket_figures["closed"], "件", tickets_url, "160", in_period=True),
        Figure("办理中诉求", ticket_figures["open"], "件", tickets_url),
        Figure("督办中诉求", ticket_figures["supervised"], "件", tickets_url),
        Figure("企业满意率", satisfaction, "%", reverse("industry_chains:assessment"), in_period=True),
        Figure("企业获评荣誉称号", achieved["titles"], "项", results_url, "1 + 24 + 2 + 40", in_period=True),
        Figure("企业获得贷款", achieved["loans"] or Decimal(0), "万元", in_period=True),
    ]
    chart = stacked_bars_svg(
        [(row["chain__name"], [row["closed"], row["open"], row["supervised"]]) for row in per_chain],
        TICKET_SERIES,
        unit="件",
        title="各产业链诉求办理情况",
    )
    summary = (
        f"{members['total']} 家链上企业中 {members['with_instructor']} 家配备党建指导员；举办红色沙龙 "
        f"{activities['salons']} 场、党建惠企活动 {activities['benefits']} 场；受理企业吹哨诉求 "
        f"{ticket_figures['received']} 件，销号 {ticket_figures['closed']} 件，企业满意率 {satisfaction}%。"
    )
    return Section("industry_chains", "产业链党建", figures, charts=[chart], summary=summary)
