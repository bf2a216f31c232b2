"""The scoring area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from django.db.models import Count, F, Max, Q, QuerySet, Subquery, Sum

from core.charts import Series, stacked_bars_svg
from core.figures import Catalogue, Definition, Link, Scope, Section
from scoring.choices import CampaignStep, DesignationKind, PostingState, RedemptionStatus, ScorecardStatus
from scoring.models import (
    Designation,
    MonthlyResult,
    OrgRating,
    PointEntry,
    Posting,
    QuarterlyResult,
    RatingCampaign,
    Redemption,
    RedFlagCandidate,
    Scorecard,
)
from scoring.services.stars import quarter_of

STAR_LEVELS = (5, 4, 3, 2, 1)
STAR_SERIES = [
    *(
        Series(f"{stars}星", color)
        for stars, color in zip(STAR_LEVELS, ["#b71c1c", "#e53935", "#fb8c00", "#fdd835", "#9e9e9e"], strict=True)
    ),
    Series("未定级", "#e0e0e0"),
]
MEMBER_SERIES = [Series("五星党员", "#c8161d"), Series("其他星级党员", "#f2a3aa")]
MODEL_KINDS = (DesignationKind.WORKSHOP, DesignationKind.TEAM, DesignationKind.VANGUARD_POST)
QUARTERS = "按季度评选，计入季度末在统计期间内的季度"
LATEST_CAMPAIGN = "统计期间内（按年度）最近一次已授牌的评星定级中"
MODEL_POSTS = "model_posts"  # the designation list's filter for the three kinds of 示范创建 together
PUBLISHED_CARDS = "published"  # the scorecard list's filter for cards posted or final
# Lists of quarterly rows, narrowed to the quarters that end inside the period (see ``quarters_within``).
QUARTER_PERIOD = {"start": "quarter_end_after", "end": "quarter_end_before"}


def _quarterly(**query) -> Link:
    return Link("scoring:quarterlyresult_list", tuple(query.items()), **QUARTER_PERIOD)


def _ratings(**query) -> Link:
    return Link("scoring:orgrating_list", tuple(query.items()), needs=("campaign",))


def _red_flags(**query) -> Link:
    return Link("scoring:redflag_list", tuple(query.items()), needs=("campaign",))


def _designations(kind: str) -> Link:
    return Link("scoring:designation_list", (("kind", kind), ("is_active", "true")))


POINT_LINES = Link("scoring:pointentry_list", start="month_after", end="month_before", counts=False)
REDEMPTIONS = Link(
    "scoring:redemption_list",
    (("status", RedemptionStatus.DONE),),
    start="created_after",
    end="created_before",
)
CATALOGUE = Catalogue(
    "scoring.selectors.figures.section",
    [
        Definition(
            "five_star_members",
            "五星党员（季度评选累计）",
            "人次",
            f"季度评选中五颗星全部获得的党员人次（一人多个季度重复计），{QUARTERS}。",
            by_period=True,
            article="500+",
            link=_quarterly(star_count="5"),
        ),
        Definition(
            "quarterly_star_members",
            "季度星级党员",
            "人次",
            f"季度评选为星级党员的人次，{QUARTERS}。",
            by_period=True,
            link=_quarterly(is_star_member="true"),
        ),
        Definition(
            "monthly_star_members",
            "月度星级党员",
            "人次",
            "月度评选为星级党员的人次，按评选月份计入统计期间。",
            by_period=True,
            link=Link(
                "scoring:monthlyresult_list",
                (("is_star_member", "true"),),
                start="month_after",
                end="month_before",
            ),
        ),
        Definition(
            "points",
            "登记积分",
            "分",
            "星级党员积分台账登记的积分合计（含冲销），按记分月份计入统计期间。",
            by_period=True,
            link=POINT_LINES,  # a sum: the lines it adds up
        ),
        Definition(
            "point_members",
            "参加积分的党员",
            "名",
            "统计期间内有积分登记的党员人数（一人计一次）。",
            by_period=True,
            link=POINT_LINES,  # people counted once: the lines of the period, one or more per person
        ),
        Definition(
            "redemptions",
            "积分超市兑换",
            "次",
            "积分超市已完成（未撤销）的兑换次数，按兑换日期计入统计期间。",
            by_period=True,
            link=REDEMPTIONS,
        ),
        Definition(
            "redeemed_points",
            "兑换积分",
            "分",
            "积分超市已完成兑换所用的积分合计，按兑换日期计入统计期间。",
            by_period=True,
            link=replace(REDEMPTIONS, counts=False),  # a sum: the redemptions it adds up
        ),
        Definition(
            "posted_cards",
            "已公示、确定的季度积分卡",
            "张",
            f"入党积极分子、预备党员季度积分卡中已公示或已确定的，{QUARTERS}。",
            by_period=True,
            link=Link("scoring:scorecard_list", (("status", PUBLISHED_CARDS),), **QUARTER_PERIOD),
        ),
        Definition(
            "waiting_cards",
            "待街镇/园区审核的积分卡",
            "张",
            "已提交、等待街镇/园区审核的季度积分卡；当前数。",
            link=Link("scoring:scorecard_list", (("status", ScorecardStatus.SUBMITTED),)),
        ),
        Definition(
            "rated_orgs",
            "参加评星定级的党组织",
            "个",
            LATEST_CAMPAIGN + "参加评定的党组织数。",
            by_period=True,
            link=_ratings(),
        ),
        *(
            Definition(
                f"rated_{level}",
                f"{'五四三二一'[5 - level]}星级党组织",
                "个",
                LATEST_CAMPAIGN + f"评为{'五四三二一'[5 - level]}星级的党组织数。",
                by_period=True,
                article="86" if level == 5 else "",
                link=_ratings(stars=str(level)),
            )
            for level in STAR_LEVELS
        ),
        Definition(
            "red_flags",
            "红旗支部",
            "个",
            LATEST_CAMPAIGN + "五星级党组织按“五强”评选为红旗支部的数。",
            by_period=True,
            link=_red_flags(selected="true"),
        ),
        Definition(
            "red_flag_demo_points",
            "红旗支部候选中的示范点",
            "个",
            LATEST_CAMPAIGN + "红旗支部候选中标记为示范点的数。",
            by_period=True,
            link=_red_flags(is_demo_point="true"),
        ),
        Definition(
            "model_posts",
            "党员示范车间、班组、先锋岗",
            "个",
            "有效的党员示范车间、党员示范班组、党员先锋岗合计；当前数。",
            article="800+",
            link=_designations(MODEL_POSTS),
        ),
        *(
            Definition(
                f"designation_{kind.value}",
                kind.label,
                "个",
                f"有效的{kind.label}；当前数。",
                link=_designations(kind.value),
            )
            for kind in MODEL_KINDS
        ),
        Definition(
            "commitments",
            "三亮三比承诺",
            "项",
            "有效的“三亮三比”承诺；当前数。",
            link=_designations(DesignationKind.COMMITMENT),
        ),
        Definition(
            "postings_open",
            "公示中",
            "条",
            "今天处于公示期内（开始日期至结束日期之间）、未撤回也未被更正的公示；当前数。",
            link=Link("scoring:posting_list", (("status", PostingState.OPEN),)),
        ),
        Definition(
            "postings_published",
            "发布公示",
            "条",
            "发布的公示，按发布日期计入统计期间。",
            by_period=True,
            link=Link("scoring:posting_list", start="published_after", end="published_before"),
        ),
    ],
)


def _quarter_number(day: date) -> int:
    year, quarter = quarter_of(day)
    return year * 4 + quarter - 1


def quarters_within(queryset: QuerySet, start: date | None = None, end: date | None = None) -> QuerySet:
    """Rows (with ``year`` and ``quarter``) of quarters that end inside the period: stars are selected and cards
    posted at a quarter's end. The figures and the lists they open (``quarter_end_after/before``) both use it."""
    queryset = queryset.alias(quarter_number=F("year") * 4 + F("quarter") - 1)
    if start is not None:
        queryset = queryset.filter(quarter_number__gte=_quarter_number(start))
    if end is not None:
        last = _quarter_number(end)
        if _quarter_number(end + timedelta(days=1)) == last:
            last -= 1  # the period stops before its last quarter ends
        queryset = queryset.filter(quarter_number__lte=last)
    return queryset


def _quarters(queryset: QuerySet, scope: Scope) -> QuerySet:
    return quarters_within(queryset, scope.start, scope.end)


def _awarded_campaigns(scope: Scope) -> QuerySet:
    """Awarded (授牌奖励) rating campaigns whose year is inside the period, the latest first: its stars are held."""
    campaigns = RatingCampaign.objects.filter(step=CampaignStep.AWARDED)
    if scope.start is not None:
        campaigns = campaigns.filter(year__gte=scope.start.year)
    if scope.end is not None:
        campaigns = campaigns.filter(year__lte=scope.end.year)
    return campaigns.order_by("-year", "-pk")


def _awarded_campaign(scope: Scope) -> Subquery:
    return Subquery(_awarded_campaigns(scope).values("pk")[:1])


def section(scope: Scope) -> Section:
    """星级党员 (points, selections, 积分超市), scorecards, organisation stars and 红旗支部, designations, postings.

    Five-star members (五星党员) are quarterly selections in which a member earned all five stars, counted once
    per quarter (人次, 季度评选累计) for the quarters ending inside the period: stars are selected every quarter,
    and the demo was built for this tally to give the article's 500+ (570 selections of about 190 people; counted
    as distinct people it would be 190). Organisations' stars and 红旗支部 are those of the latest awarded
    campaign of the period; designations and open postings are counted as of today. A dozen aggregate queries
    whatever the size of the county.
    """
    quarterly = _quarters(scope.visible(QuarterlyResult.objects.all()), scope).order_by()
    selections = quarterly.aggregate(
        five_star=Count("pk", filter=Q(star_count=5)),
        star_members=Count("pk", filter=Q(is_star_member=True)),
    )
    monthly = scope.within(scope.visible(MonthlyResult.objects.all()), "month").aggregate(
        star_members=Count("pk", filter=Q(is_star_member=True))
    )
    points = scope.within(scope.visible(PointEntry.objects.all()), "month").aggregate(
        total=Sum("points"),
        # 有积分登记: a line that stands; a withdrawn line and its reversal register nothing.
        members=Count("person", distinct=True, filter=Q(reverses__isnull=True, reversal__isnull=True)),
    )
    redeemed = scope.within(
        scope.visible(Redemption.objects.filter(status=RedemptionStatus.DONE)), "created_at__date"
    ).aggregate(count=Count("pk"), points=Sum("points"))
    cards = scope.visible(Scorecard.objects.all()).order_by()
    posted = _quarters(cards, scope).aggregate(
        count=Count("pk", filter=Q(status__in=[ScorecardStatus.POSTED, ScorecardStatus.FINAL]))
    )
    waiting_cards = cards.filter(status=ScorecardStatus.SUBMITTED).count()
    ratings = scope.visible(OrgRating.objects.filter(campaign=_awarded_campaign(scope))).order_by()
    stars = ratings.aggregate(
        total=Count("pk"),
        year=Max("campaign__year"),
        **{f"s{level}": Count("pk", filter=Q(stars=level)) for level in STAR_LEVELS},
    )
    by_area = list(
        ratings.values("party_organization__area__name", "party_organization__area__sort_order")
        .annotate(
            **{f"s{level}": Count("pk", filter=Q(stars=level)) for level in STAR_LEVELS},
            none=Count("pk", filter=Q(stars__isnull=True) | Q(stars=0)),
        )
        .order_by("party_organization__area__sort_order", "party_organization__area__name")
    )
    red_flags = scope.visible(RedFlagCandidate.objects.filter(rating__campaign=_awarded_campaign(scope))).aggregate(
        selected=Count("pk", filter=Q(selected=True)), demo_points=Count("pk", filter=Q(is_demo_point=True))
    )
    designations = scope.visible(Designation.objects.filter(is_active=True)).order_by()
    kinds = dict(designations.values_list("kind").annotate(count=Count("pk")))
    # 公示中 as the posting list's state reads it: within its dates, neither withdrawn nor corrected.
    postings = (
        scope.visible(Posting.objects.all())
        .with_state()
        .aggregate(
            open=Count("pk", filter=Q(current_state=PostingState.OPEN)),
            published=Count("pk", filter=scope.period("published_on")),
        )
    )
    members_by_area = list(
        quarterly.filter(is_star_member=True)
        .values("party_organization__area__name", "party_organization__area__sort_order")
        .annotate(five=Count("pk", filter=Q(star_count=5)), other=Count("pk", filter=Q(star_count__lt=5)))
        .order_by("party_organization__area__sort_order", "party_organization__area__name")
    )

    year = stars["year"]
    campaign = _awarded_campaigns(scope).values_list("pk", flat=True).first()
    models = sum(kinds.get(kind, 0) for kind in MODEL_KINDS)
    figure = partial(CATALOGUE.figure, scope)
    figures = [
        figure("five_star_members", selections["five_star"]),
        figure("quarterly_star_members", selections["star_members"]),
        figure("monthly_star_members", monthly["star_members"]),
        figure("points", points["total"] or 0),
        figure("point_members", points["members"]),
        figure("redemptions", redeemed["count"]),
        figure("redeemed_points", redeemed["points"] or 0),
        figure("posted_cards", posted["count"]),
        figure("waiting_cards", waiting_cards),
        figure("rated_orgs", stars["total"], campaign=campaign),
        *(figure(f"rated_{level}", stars[f"s{level}"], campaign=campaign) for level in STAR_LEVELS),
        figure("red_flags", red_flags["selected"], campaign=campaign),
        # The county's municipal demonstration points (the article's 35) are counted with the organisations.
        figure("red_flag_demo_points", red_flags["demo_points"], campaign=campaign),
        figure("model_posts", models),
        *(figure(f"designation_{kind.value}", kinds.get(kind.value, 0)) for kind in MODEL_KINDS),
        figure("commitments", kinds.get(DesignationKind.COMMITMENT, 0)),
        figure("postings_open", postings["open"]),
        figure("postings_published", postings["published"]),
    ]
    charts = [
        stacked_bars_svg(
            [
                (
                    row["party_organization__area__name"],
                    [*(row[f"s{level}"] for level in STAR_LEVELS), row["none"]],
                )
                for row in by_area
            ],
            STAR_SERIES,
            unit="个",
            title=f"各街镇/园区党组织星级分布（{year}年度）" if year else "各街镇/园区党组织星级分布",
        ),
        stacked_bars_svg(
            [(row["party_organization__area__name"], [row["five"], row["other"]]) for row in members_by_area],
            MEMBER_SERIES,
            unit="人次",
            title="各街镇/园区季度星级党员",
        ),
    ]
    rating_text = (
        f"{year}年度评星定级评出五星级党组织 {stars['s5']} 个、四星级 {stars['s4']} 个，其中评为红旗支部 "
        f"{red_flags['selected']} 个"
        if year
        else "评星定级尚未授牌"
    )
    summary = (
        f"{scope.area_label}推行星级党员“月记分、季评选、积分兑换”，登记积分 {points['total'] or 0} 分，"
        f"季度评选五星党员累计 {selections['five_star']} 人次，积分超市兑换 {redeemed['count']} 次；"
        f"{rating_text}；创建党员示范车间、班组、先锋岗 {models} 个，党员作出“三亮三比”承诺 "
        f"{kinds.get(DesignationKind.COMMITMENT, 0)} 项。"
    )
    return Section("scoring", "积分评星", figures, charts=charts, summary=summary)
