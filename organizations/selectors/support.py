"""Reads and aggregates of the support work: funds, venues, liaison points, stationed cadres, pairings.

Every function takes an already scoped QuerySet (``visible_to(user)`` or narrower) and answers with
one aggregate query, so a page costs the same whether the county has ten rows or ten thousand.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Abs, Coalesce, ExtractYear
from django.utils import timezone

from core.figures import Total, Totals
from organizations.choices import (
    REFUNDED_DUES_PURPOSES,
    CadreKind,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    PairingActivityKind,
    StationedActivityKind,
)
from organizations.models import SIX_HAVES, FundEntry, PartyOrganization

# The cards above each list: over the rows it shows under its current filters (see core.figures.Totals).
ROWS = "按当前筛选条件列出的"

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _ledger_q(prefix: str = "") -> tuple[Q, Q, Q]:
    """(is reversal, income, spending) over FundEntry rows reached through ``prefix``.

    A reversal of income is negative and a reversal of spending positive; counting each with the
    flow it corrects makes income and spending net of corrections.
    """
    reversal = Q(**{f"{prefix}reverses__isnull": False})
    positive = Q(**{f"{prefix}amount__gt": 0})
    negative = Q(**{f"{prefix}amount__lt": 0})
    income = (positive & ~reversal) | (negative & reversal)
    spending = (negative & ~reversal) | (positive & reversal)
    return reversal, income, spending


def ledger_income_q(prefix: str = "") -> Q:
    """Income net of its reversals, for a ``Sum(..., filter=...)`` over FundEntry rows."""
    return _ledger_q(prefix)[1]


def _money(expression) -> Coalesce:
    return Coalesce(expression, Value(ZERO), output_field=MONEY)


@dataclass(frozen=True)
class SourceBalance:
    """Income, spending and balance of one fund source."""

    source: str
    label: str
    income: Decimal
    spending: Decimal
    balance: Decimal

    @property
    def is_restricted(self) -> bool:
        return self.source == FundSource.REFUNDED_DUES


@dataclass(frozen=True)
class YearTotal:
    """Income and spending of one calendar year."""

    year: int
    income: Decimal
    spending: Decimal

    @property
    def income_wan(self) -> Decimal:
        """Income in 万元, as the county's reports state it."""
        return (self.income / 10000).quantize(Decimal("0.01"))


def fund_source_balance(*, organization: PartyOrganization, source: str) -> Decimal:
    """Balance of one source of one organisation (one query)."""
    entries = FundEntry.objects.filter(party_organization=organization, source=source)
    return entries.aggregate(balance=_money(Sum("amount")))["balance"]


def fund_balances(*, entries: QuerySet) -> list[SourceBalance]:
    """Income, spending and balance per source of the given ledger lines, every source listed (one query)."""
    _reversal, income, spending = _ledger_q()
    rows = {
        row["source"]: row
        for row in entries.order_by()
        .values("source")
        .annotate(
            income=_money(Sum("amount", filter=income)),
            spending=_money(-Sum("amount", filter=spending)),
            balance=_money(Sum("amount")),
        )
    }
    result = []
    for source, label in FundSource.choices:
        row = rows.get(source, {})
        result.append(
            SourceBalance(
                source=source,
                label=str(label),
                income=row.get("income", ZERO),
                spending=row.get("spending", ZERO),
                balance=row.get("balance", ZERO),
            )
        )
    return result


def fund_balances_total(balances: list[SourceBalance]) -> SourceBalance:
    """All sources together (no query: sums the rows already read)."""
    return SourceBalance(
        source="",
        label="合计",
        income=sum((b.income for b in balances), ZERO),
        spending=sum((b.spending for b in balances), ZERO),
        balance=sum((b.balance for b in balances), ZERO),
    )


def fund_yearly_totals(*, entries: QuerySet, source: str | None = None) -> list[YearTotal]:
    """Income and spending per calendar year, newest first (one query), e.g. refunded dues received per year."""
    _reversal, income, spending = _ledger_q()
    if source:
        entries = entries.filter(source=source)
    rows = (
        entries.order_by()
        .annotate(year=ExtractYear("occurred_on"))
        .values("year")
        .annotate(income=_money(Sum("amount", filter=income)), spending=_money(-Sum("amount", filter=spending)))
        .order_by("-year")
    )
    return [YearTotal(row["year"], row["income"], row["spending"]) for row in rows]


def fund_entries_for_ledger(entries: QuerySet) -> QuerySet:
    """Ledger lines with ``magnitude`` (the amount without its sign), ``is_reversal`` and ``is_reversed``
    (all in the same query) and who entered them."""
    reversal, _income, _spending = _ledger_q()
    reversing = FundEntry.objects.filter(reverses=OuterRef("pk"))
    return entries.select_related("created_by").annotate(
        is_reversal=ExpressionWrapper(reversal, output_field=BooleanField()),
        is_reversed=Exists(reversing),
        magnitude=Abs("amount"),
    )


def organizations_with_balances(organizations: QuerySet) -> QuerySet:
    """Party organisations annotated with the balance of each source, their total and whether they keep a ledger.

    One grouped query for the whole page: ``balance_<source>``, ``balance_total`` and ``has_funds``.
    """
    sums = {
        f"balance_{source}": _money(Sum("fund_entries__amount", filter=Q(fund_entries__source=source)))
        for source in FundSource.values
    }
    return organizations.annotate(
        **sums,
        balance_total=_money(Sum("fund_entries__amount")),
        has_funds=Exists(FundEntry.objects.filter(party_organization=OuterRef("pk"))),
    )


# Over organisations annotated by ``organizations_with_balances``: the balances of the organisations listed.
FUND_TOTALS = Totals(
    Total(
        "balance_total",
        "余额合计",
        "元",
        f"{ROWS}党组织各项经费余额之和（收入减支出，已扣除冲销），为当前余额，不分年度。",
        count=Sum("balance_total"),
    ),
    *(
        Total(
            f"balance_{source}",
            f"{label}余额",
            "元",
            f"{ROWS}党组织“{label}”一项的余额之和（收入减支出，已扣除冲销），为当前余额，不分年度。",
            count=Sum(f"balance_{source}"),
        )
        for source, label in FundSource.choices
    ),
)


def refunded_dues_purposes_label() -> str:
    """The uses refunded dues may pay for, in the order of the choices: 组织活动、学习资料、慰问困难党员."""
    labels = dict(FundPurpose.choices)
    return "、".join(str(labels[purpose]) for purpose in FundPurpose.values if purpose in REFUNDED_DUES_PURPOSES)


# --- venues -------------------------------------------------------------------------------------

ALL_SIX = Q(**{field: True for field, _label in SIX_HAVES})


VENUE_TOTALS = Totals(
    Total("venues", "阵地", "个", f"{ROWS}党员活动阵地个数。", count=Count("pk")),
    Total("compliant", "“六有”达标", "个", f"{ROWS}阵地中，“六有”六项齐全的个数。", count=Count("pk", filter=ALL_SIX)),
    *(
        Total(
            f"missing_{field}",
            f"缺{label[1:]}",
            "个",
            f"{ROWS}阵地中，未达“{label}”的个数（一个阵地缺几项就在几项中各计一次）。",
            count=Count("pk", filter=Q(**{field: False})),
        )
        for field, label in SIX_HAVES
    ),
)


# --- liaison points ------------------------------------------------------------------------------


def liaison_points_with_counts(points: QuerySet) -> QuerySet:
    """Liaison points with their visit count per type and the date of the last visit."""
    counts = {f"visits_{kind}": Count("visits", filter=Q(visits__kind=kind)) for kind in LiaisonVisitKind.values}
    return points.annotate(**counts, visit_count=Count("visits"), last_visit=Max("visits__visited_on"))


def liaison_visit_counts(*, visits: QuerySet) -> list[tuple[str, str, int]]:
    """Visits per type, every type listed (one query)."""
    rows = dict(visits.order_by().values_list("kind").annotate(n=Count("pk")))
    return [(kind, str(label), rows.get(kind, 0)) for kind, label in LiaisonVisitKind.choices]


# Over points annotated by ``liaison_points_with_counts``: a cadre with several points is one person.
LIAISON_POINT_TOTALS = Totals(
    *(
        Total(
            f"cadres_{kind}",
            str(label),
            "名",
            f"{ROWS}联系点中，联系领导为{label}的人数，同一人联系多个点只计一次。",
            count=Count("cadre_name", distinct=True, filter=Q(cadre_kind=kind)),
        )
        for kind, label in CadreKind.choices
    ),
    Total(
        "visits", "联系点活动合计", "次", f"{ROWS}联系点登记的各类活动次数之和，不分年度。", count=Sum("visit_count")
    ),
    *(
        Total(
            f"visits_{kind}",
            str(label),
            "次",
            f"{ROWS}联系点登记的“{label}”活动次数，不分年度。",
            count=Sum(f"visits_{kind}"),
        )
        for kind, label in LiaisonVisitKind.choices
    ),
)

LIAISON_VISIT_TOTALS = Totals(
    Total("visits", "活动合计", "次", f"{ROWS}联系点活动次数（年度、日期按活动日期）。", count=Count("pk")),
    *(
        Total(
            kind,
            str(label),
            "次",
            f"{ROWS}联系点活动中，类型为“{label}”的次数。",
            count=Count("pk", filter=Q(kind=kind)),
        )
        for kind, label in LiaisonVisitKind.choices
    ),
)


# --- stationed cadres ----------------------------------------------------------------------------


def stationed_cadres_with_counts(cadres: QuerySet) -> QuerySet:
    """Stationed cadres with their policy visits, projects helped and projects put on an official list."""
    policy = Q(activities__kind=StationedActivityKind.POLICY_VISIT)
    project = Q(activities__kind=StationedActivityKind.PROJECT)
    return cadres.annotate(
        policy_visits=Count("activities", filter=policy),
        projects=Count("activities", filter=project),
        listed_projects=Count("activities", filter=project & ~Q(activities__listed_as="")),
    )


def on_post(today) -> Q:
    """A stationed cadre still posted on ``today``: no end date, or one not yet passed."""
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


# Over cadres annotated by ``stationed_cadres_with_counts``.
STATIONED_CADRE_TOTALS = Totals(
    Total("cadres", "驻企干部", "名", f"{ROWS}驻企干部人数，含派驻已结束的。", count=Count("pk")),
    Total(
        "on_post",
        "在岗",
        "名",
        f"{ROWS}驻企干部中，今天仍在岗（未填结束日期或结束日期不早于今天）的人数。",
        count=lambda filters: Count("pk", filter=on_post(timezone.localdate())),
    ),
    Total(
        "policy_visits",
        "送政策上门",
        "次",
        f"{ROWS}驻企干部登记的送政策上门次数之和，不分年度。",
        count=Sum("policy_visits"),
    ),
    Total("projects", "项目帮办", "个", f"{ROWS}驻企干部登记的项目帮办个数之和，不分年度。", count=Sum("projects")),
    Total(
        "listed_projects",
        "列入省、市名单项目",
        "个",
        f"{ROWS}驻企干部帮办的项目中，已列入省、市项目名单的个数之和，不分年度。",
        count=Sum("listed_projects"),
    ),
)


def stationed_projects_by_list(*, activities: QuerySet) -> list[tuple[str, int]]:
    """Projects helped onto each official list, largest first (one query)."""
    rows = (
        activities.filter(kind=StationedActivityKind.PROJECT)
        .exclude(listed_as="")
        .order_by()
        .values_list("listed_as")
        .annotate(n=Count("pk"))
        .order_by("-n", "listed_as")
    )
    return list(rows)


# --- pairings -----------------------------------------------------------------------------------


def pairings_with_counts(pairings: QuerySet) -> QuerySet:
    """Pairings with their joint activities per type and the date of the last one."""
    counts = {
        f"activities_{kind}": Count("activities", filter=Q(activities__kind=kind))
        for kind in PairingActivityKind.values
    }
    return pairings.annotate(**counts, activity_count=Count("activities"), last_activity=Max("activities__held_on"))


# Over pairings annotated by ``pairings_with_counts``.
PAIRING_TOTALS = Totals(
    Total("pairings", "结对", "对", f"{ROWS}结对共建对数。", count=Count("pk")),
    *(
        Total(
            f"activities_{kind}",
            str(label),
            "次",
            f"{ROWS}结对登记的“{label}”共建活动次数之和，不分年度。",
            count=Sum(f"activities_{kind}"),
        )
        for kind, label in PairingActivityKind.choices
    ),
)


def pairing_activity_counts(*, activities: QuerySet) -> list[tuple[str, str, int]]:
    """Joint activities per type, every type listed (one query)."""
    rows = dict(activities.order_by().values_list("kind").annotate(n=Count("pk")))
    return [(kind, str(label), rows.get(kind, 0)) for kind, label in PairingActivityKind.choices]
