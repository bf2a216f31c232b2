"""Coverage definitions and figures: the one place that says what 'covered' means.

组织覆盖 (organisation coverage): an operating entity covered by an active Party organisation,
its own (单独建), a joint one (联合建) or a fallback one (兜底建).
工作覆盖 (work coverage): an operating entity without one, reached by an instructor currently
assigned to it or by a mass organisation in it.
Every rate is reported with its numerator and its denominator (the operating entities counted).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

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
        return Rate(self.work_only, self.operating - self.org_covered)

    @property
    def combined_rate(self) -> Rate:
        return Rate(self.org_covered + self.work_only, self.operating)


def coverage_counts(entities, group_by: str | None = None) -> list[dict]:
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
    if group_by is None:
        return [queryset.aggregate(**aggregates)]
    return list(queryset.values(group_by).annotate(**aggregates).order_by(group_by))


SHOULD_HAVE_MIN_MEMBERS = 3  # 正式党员3人以上的，应当单独成立党组织


def _rows(counts: list[dict], group_by: str | None, labels: dict) -> list[CoverageRow]:
    rows = []
    for item in counts:
        key = item.get(group_by) if group_by else None
        rows.append(
            CoverageRow(
                key=key,
                label=labels.get(key, "合计") if group_by else "合计",
                operating=item["operating"] or 0,
                standalone=item["standalone"] or 0,
                joint=item["joint"] or 0,
                fallback=item["fallback"] or 0,
                work_only=item["work_only"] or 0,
            )
        )
    return rows


def coverage_by_area(entities) -> list[CoverageRow]:
    """Coverage per area, in the county's order of areas (two queries whatever the data size)."""
    from organizations.models import Area

    areas = list(Area.objects.order_by("sort_order", "code").values_list("pk", "name"))
    counts = {row["area"]: row for row in coverage_counts(entities, "area")}
    empty = {"operating": 0, "standalone": 0, "joint": 0, "fallback": 0, "work_only": 0}
    ordered = [{"area": pk, **counts.get(pk, empty)} for pk, _name in areas if pk in counts]
    return _rows(ordered, "area", dict(areas))


def coverage_by_kind(entities) -> list[CoverageRow]:
    from organizations.choices import EntityKind

    order = {value: index for index, value in enumerate(EntityKind.values)}
    rows = _rows(coverage_counts(entities, "kind"), "kind", dict(EntityKind.choices))
    return sorted(rows, key=lambda row: order.get(row.key, len(order)))


def coverage_total(entities) -> CoverageRow:
    return _rows(coverage_counts(entities), None, {})[0]


def should_have_but_dont(entities):
    """应建未建: operating entities with at least three full members and no Party organisation of their own."""
    own = Q(
        party_organization__isnull=False,
        party_organization__is_active=True,
        party_organization__establishment_method=EstablishmentMethod.STANDALONE,
    )
    return entities.filter(is_operating=True, full_member_count__gte=SHOULD_HAVE_MIN_MEMBERS).exclude(own)
