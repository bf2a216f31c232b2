"""Reads of the semi-annual survey: progress per area, and what changed between two campaigns."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.models import User
from organizations.choices import CampaignStatus, EstablishmentMethod
from organizations.models import Entity, SurveyCampaign, SurveyRecord
from organizations.selectors.coverage import ORG_COVERED, Rate


@dataclass(frozen=True)
class AreaProgress:
    """Records and complete records of one area in one campaign."""

    area_id: int | None
    area_name: str
    records: int
    complete: int

    @property
    def incomplete(self) -> int:
        return self.records - self.complete

    @property
    def rate(self) -> Rate:
        return Rate(self.complete, self.records)

    @property
    def percent(self) -> float:
        return self.rate.percent or 0.0


@dataclass(frozen=True)
class CampaignProgress:
    """Progress per area and for the whole scope."""

    areas: list[AreaProgress]

    @property
    def total(self) -> AreaProgress:
        return AreaProgress(
            None, "合计", sum(row.records for row in self.areas), sum(row.complete for row in self.areas)
        )


def campaign_progress(*, campaign: SurveyCampaign, user: User) -> CampaignProgress:
    """One GROUP BY query: per area of the user's scope, records and complete records."""
    rows = (
        SurveyRecord.objects.visible_to(user)
        .filter(campaign=campaign)
        .with_completeness()
        .order_by()
        .values("area", "area__name", "area__sort_order", "area__code")
        .annotate(records=Count("pk"), complete=Count("pk", filter=Q(is_complete=True)))
        .order_by("area__sort_order", "area__code")
    )
    return CampaignProgress(
        [AreaProgress(row["area"], row["area__name"], row["records"], row["complete"]) for row in rows]
    )


def campaign_order_key(campaign: SurveyCampaign) -> tuple[int, int]:
    return (campaign.year, campaign.half)


def records_with_coverage(campaign: SurveyCampaign, records: QuerySet | None = None) -> QuerySet:
    """A campaign's records with ``coverage_method``: the snapshot once closed, live while it runs.

    ``coverage_method`` is "" when the entity is not covered by a Party organisation.
    """
    records = (SurveyRecord.objects.all() if records is None else records).filter(campaign=campaign)
    if campaign.status == CampaignStatus.CLOSED:
        return records.annotate(coverage_method=F("establishment_method"))
    live = Entity.objects.filter(ORG_COVERED, pk=OuterRef("entity_id")).values(
        "party_organization__establishment_method"
    )
    return records.annotate(coverage_method=Coalesce(Subquery(live[:1]), Value("")))


@dataclass(frozen=True)
class MethodCount:
    method: str
    label: str
    count: int


@dataclass
class CampaignComparison:
    """What changed from ``earlier`` to ``later``, within one user's scope; each list is a lazy queryset."""

    earlier: SurveyCampaign
    later: SurveyCampaign
    earlier_records: int
    later_records: int
    earlier_org_covered: int
    later_org_covered: int
    new_entities: QuerySet
    gone_entities: QuerySet
    coverage_gained: QuerySet
    coverage_lost: QuerySet
    founded_by_method: list[MethodCount] = field(default_factory=list)

    @property
    def founded(self) -> int:
        return sum(row.count for row in self.founded_by_method)

    @property
    def earlier_rate(self) -> Rate:
        return Rate(self.earlier_org_covered, self.earlier_records)

    @property
    def later_rate(self) -> Rate:
        return Rate(self.later_org_covered, self.later_records)


def campaign_compare(*, earlier: SurveyCampaign, later: SurveyCampaign, user: User) -> CampaignComparison:
    """Entities new and gone, coverage gained and lost, organisations founded: joins and subqueries only."""
    visible = SurveyRecord.objects.visible_to(user).select_related("entity", "area")
    earlier_all = records_with_coverage(earlier)
    earlier_seen = records_with_coverage(earlier, visible)
    later_seen = records_with_coverage(later, visible)

    in_earlier = SurveyRecord.objects.filter(campaign=earlier, entity_id=OuterRef("entity_id"))
    in_later = SurveyRecord.objects.filter(campaign=later, entity_id=OuterRef("entity_id"))
    earlier_same = earlier_all.filter(entity_id=OuterRef("entity_id"))

    new_entities = later_seen.filter(~Exists(in_earlier)).order_by("area__sort_order", "entity__name")
    gone_entities = earlier_seen.filter(~Exists(in_later)).order_by("area__sort_order", "entity__name")
    # 组织覆盖 gained: not covered by a Party organisation before, covered now; lost is the reverse.
    gained = later_seen.exclude(coverage_method="").filter(Exists(earlier_same.filter(coverage_method="")))
    coverage_gained = gained.order_by("area__sort_order", "entity__name")
    coverage_lost = (
        later_seen.filter(coverage_method="")
        .filter(Exists(earlier_same.exclude(coverage_method="")))
        .annotate(earlier_method=Subquery(earlier_same.values("coverage_method")[:1]))
        .order_by("area__sort_order", "entity__name")
    )
    # Organisations founded: the establishment method went from "" to a method, counted per method.
    per_method = {
        row["coverage_method"]: row["n"] for row in gained.order_by().values("coverage_method").annotate(n=Count("pk"))
    }
    founded = [
        MethodCount(method, str(label), per_method.get(method, 0)) for method, label in EstablishmentMethod.choices
    ]

    def totals(records: QuerySet) -> dict:
        return records.aggregate(records=Count("pk"), covered=Count("pk", filter=~Q(coverage_method="")))

    earlier_totals = totals(earlier_seen)
    later_totals = totals(later_seen)
    return CampaignComparison(
        earlier=earlier,
        later=later,
        earlier_records=earlier_totals["records"],
        later_records=later_totals["records"],
        earlier_org_covered=earlier_totals["covered"],
        later_org_covered=later_totals["covered"],
        new_entities=new_entities,
        gone_entities=gone_entities,
        coverage_gained=coverage_gained,
        coverage_lost=coverage_lost,
        founded_by_method=founded,
    )
