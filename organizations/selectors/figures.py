"""The coverage area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from core.charts import stacked_bars_svg
from core.figures import Figure, Scope, Section
from organizations.choices import CadreKind, DemoLevel, EstablishmentMethod, FundSource, StationedActivityKind
from organizations.models import (
    Entity,
    FundEntry,
    Instructor,
    LiaisonPoint,
    LiaisonVisit,
    MassOrganization,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.selectors import coverage
from organizations.selectors.coverage import COVERAGE_SERIES
from organizations.selectors.support import ledger_income_q


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def section(scope: Scope) -> Section:
    """Organisations by establishment method, coverage, instructors, liaison and stationed cadres, venues, funds."""
    orgs = scope.visible(PartyOrganization.objects.filter(is_active=True, depth__gt=1)).aggregate(
        standalone=Count("pk", filter=Q(establishment_method=EstablishmentMethod.STANDALONE)),
        joint=Count("pk", filter=Q(establishment_method=EstablishmentMethod.JOINT)),
        fallback=Count("pk", filter=Q(establishment_method=EstablishmentMethod.FALLBACK)),
        city_points=Count("pk", filter=Q(demo_level=DemoLevel.CITY)),
    )
    entities = scope.visible(Entity.objects.all())
    breakdown = coverage.coverage_breakdown(entities)  # one grouped scan for the total and the areas
    total, by_area = breakdown.total, breakdown.by_area
    points = scope.visible(LiaisonPoint.objects.all()).aggregate(
        leaders=Count("pk", filter=Q(cadre_kind=CadreKind.LEADER)),
        members=Count("pk", filter=Q(cadre_kind=CadreKind.COMMITTEE_MEMBER)),
    )
    activities = scope.within(scope.visible(StationedActivity.objects.all()), "done_on").aggregate(
        policy_visits=Count("pk", filter=Q(kind=StationedActivityKind.POLICY_VISIT)),
        projects=Count("pk", filter=Q(kind=StationedActivityKind.PROJECT) & ~Q(listed_as="")),
    )
    refunded = scope.within(
        scope.visible(FundEntry.objects.filter(source=FundSource.REFUNDED_DUES)), "occurred_on"
    ).aggregate(total=Sum("amount", filter=ledger_income_q()))["total"] or Decimal(0)
    should_have = coverage.should_have_but_dont(entities).count()
    instructors = scope.visible(Instructor.objects.all()).count()
    orgs_url = reverse("organizations:partyorganization_list")
    figures = [
        Figure("单独建立党组织", orgs["standalone"], "个", reverse("organizations:partyorganization_list"), "258"),
        Figure("联合建立党组织", orgs["joint"], "个", reverse("organizations:partyorganization_list")),
        Figure("企业服务中心兜底建立党组织", orgs["fallback"], "个", reverse("organizations:partyorganization_list")),
        Figure("联合及兜底党组织合计", orgs["joint"] + orgs["fallback"], "个", article="49"),
        Figure("市级“双强六好”示范点", orgs["city_points"], "个", f"{orgs_url}?demo_level=city", "35"),
        Figure("组织覆盖率", _rate(total.org_covered, total.operating), "%", reverse("organizations:coverage")),
        Figure(
            "工作覆盖率（未建组织的）",
            _rate(total.work_only, total.operating - total.org_covered),
            "%",
            reverse("organizations:coverage"),
        ),
        Figure("应建未建", should_have, "家", reverse("organizations:should_have_list")),
        Figure(
            "群团组织",
            scope.visible(MassOrganization.objects.all()).count(),
            "个",
            reverse("organizations:massorganization_list"),
            "860+",
        ),
        Figure(
            "党建指导员",
            scope.visible(Instructor.objects.all()).count(),
            "名",
            reverse("organizations:instructor_list"),
            "212",
        ),
        Figure("领导干部联系点", points["leaders"], "个", reverse("organizations:liaisonpoint_list"), "57"),
        Figure("两新工委委员联系点", points["members"], "个", reverse("organizations:liaisonpoint_list"), "25"),
        Figure(
            "联系点走访",
            scope.within(scope.visible(LiaisonVisit.objects.all()), "visited_on").count(),
            "次",
            reverse("organizations:liaisonvisit_list"),
            "260+",
            in_period=True,
        ),
        Figure(
            "驻企干部",
            scope.visible(StationedCadre.objects.all()).count(),
            "名",
            reverse("organizations:stationedcadre_list"),
            "69",
        ),
        Figure("送政策上门", activities["policy_visits"], "次", article="400+", in_period=True),
        Figure("列入省市重点名单的项目", activities["projects"], "个", article="16 + 66", in_period=True),
        Figure("“六有”标准阵地", scope.visible(Venue.objects.all()).compliant().count(), "处", article="40+"),
        Figure(
            "返还党费",
            (refunded / 10000).quantize(Decimal("0.01")),
            "万元",
            reverse("organizations:fund_summary"),
            "39.43",
            in_period=True,
        ),
    ]
    chart = stacked_bars_svg(
        [(row.label, [part * 100 / row.operating if row.operating else 0 for part in row.parts]) for row in by_area],
        COVERAGE_SERIES,
        total=100,
        title="各街镇/园区覆盖率",
    )
    summary = (
        f"{scope.area_label}共有单独建立党组织 {orgs['standalone']} 个，联合及兜底党组织 "
        f"{orgs['joint'] + orgs['fallback']} 个；在营企业和社会组织 {total.operating} 家，组织覆盖率 "
        f"{_rate(total.org_covered, total.operating)}%，选派党建指导员 {instructors} 名。"
    )
    return Section("organizations", "组织覆盖", figures, charts=[chart], summary=summary)
