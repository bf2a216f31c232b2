"""Coverage definitions and figures: the one place that says what 'covered' means.

组织覆盖率 (organisation coverage): operating entities covered by an active Party organisation, their own
(单独建), a joint one (联合建) or a fallback one (兜底建), over the operating entities.
工作覆盖率 (work coverage): operating entities the Party's work reaches in any way, covered by an organisation
or, without one, reached by an instructor currently assigned or a mass organisation in it ("仅工作覆盖"),
over the operating entities; it includes the organisation-covered, so it is never below the first.
A third figure for staff, never called 工作覆盖率: of the entities without an organisation, the share reached.
Every rate is reported with its numerator and its denominator.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from core.charts import Series
from organizations.choices import EstablishmentMethod
from organizations.models import InstructorAssignment, MassOrganization

ORG_COVERED = Q(party_organization__isnull=False, party_organization__is_active=True)


def work_reach():
    """An expression true when an instructor is assigned now or a mass organisation exists."""
    open_assignment = InstructorAssignment.objects.filter(entity=OuterRef("pk"), ended_on__isnull=True)
    mass_org = MassOrganization.objects.filter(entity=OuterRef("pk"))
    return Exists(open_assignment) | Exists(mass_org)


@dataclass(frozen=True)
class Rate:
    """A rate with the figures it is made of."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return round(self.numerator * 100 / self.denominator, 1) if self.denominator else None


@dataclass(frozen=True)
class CoverageRow:
    """Coverage of one group (an area, a kind, or the whole scope)."""

    key: object
    label: str
    operating: int
    standalone: int
    joint: int
    fallback: int
    work_only: int

    @property
    def parts(self) -> tuple[int, int, int, int]:
        """Standalone, joint, fallback and work-only counts, the chart's stacked series."""
        return (self.standalone, self.joint, self.fallback, self.work_only)

    @property
    def org_covered(self) -> int:
        return self.standalone + self.joint + self.fallback

    @property
    def organisation_rate(self) -> Rate:
        return Rate(self.org_covered, self.operating)

    @property
    def work_rate(self) -> Rate:
        """工作覆盖率: reached in any way (organisation, instructor or mass organisation) over operating."""
        return Rate(self.org_covered + self.work_only, self.operating)

    @property
    def uncovered_reach_rate(self) -> Rate:
        """Of the operating entities without an organisation, the share an instructor or mass organisation reaches."""
        return Rate(self.work_only, self.operating - self.org_covered)


# The coverage chart's series: how the entities of a group are covered; as shares of the operating entities the
# bar's height is the 工作覆盖率 and its three red parts the 组织覆盖率.
COVERAGE_SERIES = [
    Series("单独建", "#c8161d"),
    Series("联合建", "#e4606d"),
    Series("兜底建", "#f2a3aa"),
    Series("仅工作覆盖", "#f0ad4e"),
]

COUNT_FIELDS = ("operating", "standalone", "joint", "fallback", "work_only")
SHOULD_HAVE_MIN_MEMBERS = 3  # 正式党员3人以上的，应当单独成立党组织


def coverage_counts(entities, group_by: tuple[str, ...] = ()) -> list[dict]:
    """One aggregate query: per group, operating entities and how each is covered."""
    operating = entities.filter(is_operating=True)
    method = "party_organization__establishment_method"
    aggregates = {
        "operating": Count("pk"),
        "standalone": Count("pk", filter=ORG_COVERED & Q(**{method: EstablishmentMethod.STANDALONE})),
        "joint": Count("pk", filter=ORG_COVERED & Q(**{method: EstablishmentMethod.JOINT})),
        "fallback": Count("pk", filter=ORG_COVERED & Q(**{method: EstablishmentMethod.FALLBACK})),
        "work_only": Count("pk", filter=~ORG_COVERED & Q(reached=True)),
    }
    queryset = operating.alias(reached=work_reach())
    if not group_by:
        return [queryset.aggregate(**aggregates)]
    return list(queryset.values(*group_by).annotate(**aggregates).order_by(*group_by))


@dataclass(frozen=True)
class CoverageBreakdown:
    """The whole scope, each area (in the county's order) and each kind of entity."""

    total: CoverageRow
    by_area: list[CoverageRow]
    by_kind: list[CoverageRow]


def coverage_breakdown(entities) -> CoverageBreakdown:
    """Total, per area and per kind from one grouped query (area × kind): a page pays for one scan.

    The groups are at most areas × four kinds, so summing them here costs nothing next to the scan.
    """
    return _breakdown(coverage_counts(entities, ("area", "kind")))


def campaign_coverage_breakdown(records) -> CoverageBreakdown:
    """The same figures from a closed campaign's snapshot: what coverage was when it was frozen.

    A campaign holds a record for every entity operating when it opened, so every record counts.
    """
    method = "establishment_method"
    groups = list(
        records.values("area", "kind")
        .annotate(
            operating=Count("pk"),
            standalone=Count("pk", filter=Q(**{method: EstablishmentMethod.STANDALONE})),
            joint=Count("pk", filter=Q(**{method: EstablishmentMethod.JOINT})),
            fallback=Count("pk", filter=Q(**{method: EstablishmentMethod.FALLBACK})),
            work_only=Count("pk", filter=Q(**{method: ""}, work_covered=True)),
        )
        .order_by("area", "kind")
    )
    return _breakdown(groups)


def _breakdown(groups: list[dict]) -> CoverageBreakdown:
    from organizations.choices import EntityKind
    from organizations.models import Area

    def summed(key: str) -> dict:
        sums: dict = {}
        for group in groups:
            totals = sums.setdefault(group[key], dict.fromkeys(COUNT_FIELDS, 0))
            for field in COUNT_FIELDS:
                totals[field] += group[field] or 0
        return sums

    per_area, per_kind = summed("area"), summed("kind")
    areas = Area.objects.filter(pk__in=per_area).order_by("sort_order", "code").values_list("pk", "name")
    kinds = dict(EntityKind.choices)
    return CoverageBreakdown(
        total=CoverageRow(None, "合计", **{f: sum(t[f] for t in per_area.values()) for f in COUNT_FIELDS}),
        by_area=[CoverageRow(pk, name, **per_area[pk]) for pk, name in areas],
        by_kind=[CoverageRow(kind, kinds[kind], **per_kind[kind]) for kind in EntityKind.values if kind in per_kind],
    )


def coverage_by_area(entities) -> list[CoverageRow]:
    return coverage_breakdown(entities).by_area


def coverage_by_kind(entities) -> list[CoverageRow]:
    return coverage_breakdown(entities).by_kind


def coverage_total(entities) -> CoverageRow:
    return coverage_breakdown(entities).total


SHOULD_HAVE_DEFINITION = (
    "应建未建：正常经营、正式党员 3 人以上，但没有单独建立自己的党组织的经营主体"
    "（只被联合建、兜底建党组织覆盖或尚未覆盖）。"
)


def should_have_but_dont(entities):
    """应建未建: operating entities with at least three full members and no Party organisation of their own."""
    own = Q(
        party_organization__isnull=False,
        party_organization__is_active=True,
        party_organization__establishment_method=EstablishmentMethod.STANDALONE,
    )
    return entities.filter(is_operating=True, full_member_count__gte=SHOULD_HAVE_MIN_MEMBERS).exclude(own)
