"""The coverage area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.charts import stacked_bars_svg
from core.figures import Catalogue, Definition, Link, Scope, Section
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
from organizations.selectors.coverage import COVERAGE_SERIES, SHOULD_HAVE_DEFINITION
from organizations.selectors.support import ledger_income_q

ACTIVE_ORGS = "在册（有效）党组织，不含街镇/园区党（工）委本身；当前数。"


def _orgs(**query) -> Link:
    return Link("organizations:partyorganization_list", (*query.items(), ("is_active", "true")))


COVERAGE_PAGE = Link("organizations:coverage", counts=False)  # a rate: the page shows numerator and denominator
CATALOGUE = Catalogue(
    "organizations.selectors.figures.section",
    [
        Definition(
            "org_standalone",
            "单独建立党组织",
            "个",
            "建立方式为“单独建”的" + ACTIVE_ORGS,
            article="258",
            link=_orgs(establishment_method="standalone"),
        ),
        Definition(
            "org_joint",
            "联合建立党组织",
            "个",
            "建立方式为“联合建”的" + ACTIVE_ORGS,
            link=_orgs(establishment_method="joint"),
        ),
        Definition(
            "org_fallback",
            "企业服务中心兜底建立党组织",
            "个",
            "建立方式为“兜底建”（企业服务中心等）的" + ACTIVE_ORGS,
            link=_orgs(establishment_method="fallback"),
        ),
        Definition(
            "org_joint_fallback",
            "联合及兜底党组织合计",
            "个",
            "联合建与兜底建的" + ACTIVE_ORGS,
            article="49",
            link=_orgs(establishment_method="joint_or_fallback"),
        ),
        Definition(
            "org_city_demo",
            "市级“双强六好”示范点",
            "个",
            "示范点级别为市级的" + ACTIVE_ORGS,
            article="35",
            link=_orgs(demo_level="city"),
        ),
        Definition(
            "coverage_org_rate",
            "组织覆盖率",
            "%",
            "由单独建、联合建或兜底建的有效党组织覆盖的正常经营主体 ÷ 正常经营主体；按当前登记情况。",
            link=COVERAGE_PAGE,
        ),
        Definition(
            "coverage_work_rate",
            "工作覆盖率",
            "%",
            "以任何方式开展了党的工作的正常经营主体（已被党组织覆盖，或虽未建党组织但当前选派有党建工作指导员或建有"
            "群团组织）÷ 正常经营主体；含组织覆盖，不低于组织覆盖率；按当前登记情况。",
            link=COVERAGE_PAGE,
        ),
        Definition(
            "should_have",
            "应建未建",
            "家",
            SHOULD_HAVE_DEFINITION + "当前数。",
            link=Link("organizations:should_have_list"),
        ),
        Definition(
            "mass_orgs",
            "群团组织",
            "个",
            "经营主体中建立的工会、共青团、妇联等群团组织；当前数。",
            article="860+",
            link=Link("organizations:massorganization_list"),
        ),
        Definition(
            "instructors",
            "党建指导员",
            "名",
            "登记在册的党建工作指导员（按所属街镇/园区）；当前数。",
            article="212",
            link=Link("organizations:instructor_list"),
        ),
        Definition(
            "liaison_leaders",
            "领导干部联系点",
            "个",
            "副科级以上领导干部建立的联系点；当前数。",
            article="57",
            link=Link("organizations:liaisonpoint_list", (("cadre_kind", CadreKind.LEADER),)),
        ),
        Definition(
            "liaison_members",
            "两新工委委员联系点",
            "个",
            "两新工委委员建立的联系点；当前数。",
            article="25",
            link=Link("organizations:liaisonpoint_list", (("cadre_kind", CadreKind.COMMITTEE_MEMBER),)),
        ),
        Definition(
            "liaison_visits",
            "联系点走访",
            "次",
            "联系点的走访调研、讲党课、办实事等活动次数，按走访日期计入统计期间。",
            by_period=True,
            article="260+",
            link=Link("organizations:liaisonvisit_list", start="visited_after", end="visited_before"),
        ),
        Definition(
            "stationed_cadres",
            "驻企干部",
            "名",
            "选派到企业的驻企（助企）干部；当前数。",
            article="69",
            link=Link("organizations:stationedcadre_list", query=(("on_post", "true"),)),
        ),
        Definition(
            "policy_visits",
            "送政策上门",
            "次",
            "驻企干部登记的送政策上门次数，按工作日期计入统计期间。",
            by_period=True,
            article="400+",
            link=Link(
                "organizations:stationedactivity_list",
                (("kind", StationedActivityKind.POLICY_VISIT),),
                start="done_after",
                end="done_before",
            ),
        ),
        Definition(
            "listed_projects",
            "列入省市重点名单的项目",
            "个",
            "驻企干部帮助的项目中已列入省市重点名单的，按工作日期计入统计期间。",
            by_period=True,
            article="16 + 66",
            link=Link(
                "organizations:stationedactivity_list",
                (("kind", StationedActivityKind.PROJECT), ("listed", "true")),
                start="done_after",
                end="done_before",
            ),
        ),
        Definition(
            "venues_compliant",
            "“六有”标准阵地",
            "处",
            "有场所、有设施、有标志、有党旗、有书报、有制度六项齐全的活动阵地；当前数。",
            article="40+",
            link=Link("organizations:venue_list", (("compliant", "true"),)),
        ),
        Definition(
            "refunded_dues",
            "返还党费",
            "万元",
            "党建工作经费台账中来源为返还党费的收入（扣除冲销），按发生日期计入统计期间。",
            by_period=True,
            article="39.43",
            # A sum of money: the funds page lists each organisation's ledger with its balances by source.
            link=Link("organizations:fund_summary", (("has_funds", "true"),), counts=False),
        ),
    ],
)


def _entities(*query: tuple[str, str]) -> Link:
    """The operating entities of the list, narrowed to how they are covered."""
    return Link("organizations:entity_list", (("is_operating", "true"), *query))


CURRENT = "按当前登记情况。"  # as the two rates say; the page says when a closed survey's snapshot is shown
# The coverage table's and the coverage API's counts, which the two rates are made of, and the staff's third rate:
# a table's columns, not dashboard figures, so outside ``core.figures.SOURCES``.
COVERAGE_COUNTS = Catalogue(
    "organizations.selectors.coverage.coverage_breakdown",
    [
        Definition(
            "coverage_operating",
            "正常经营",
            "个",
            "经营状态为正常经营的经营主体，是组织覆盖率和工作覆盖率的分母；" + CURRENT,
            link=_entities(),
        ),
        Definition(
            "coverage_standalone",
            "单独建",
            "个",
            "由本主体单独建立的有效党组织覆盖的正常经营主体；" + CURRENT,
            link=_entities(("coverage", EstablishmentMethod.STANDALONE)),
        ),
        Definition(
            "coverage_joint",
            "联合建",
            "个",
            "由联合建立的有效党组织覆盖的正常经营主体；" + CURRENT,
            link=_entities(("coverage", EstablishmentMethod.JOINT)),
        ),
        Definition(
            "coverage_fallback",
            "兜底建",
            "个",
            "由企业服务中心等兜底建立的有效党组织覆盖的正常经营主体；" + CURRENT,
            link=_entities(("coverage", EstablishmentMethod.FALLBACK)),
        ),
        Definition(
            "coverage_org_covered",
            "组织覆盖",
            "个",
            "单独建、联合建、兜底建之和，即由有效党组织覆盖的正常经营主体，是组织覆盖率的分子；" + CURRENT,
            link=_entities(("coverage", "org")),
        ),
        Definition(
            "coverage_work_only",
            "仅工作覆盖",
            "个",
            "未被有效党组织覆盖，但当前选派有党建工作指导员或建有群团组织的正常经营主体；与组织覆盖之和是工作覆盖率的"
            "分子；" + CURRENT,
            link=_entities(("coverage", "work")),
        ),
        Definition(
            "coverage_uncovered_reach_rate",
            "未建组织主体中开展工作的比例",
            "%",
            "仅工作覆盖 ÷ 未被有效党组织覆盖的正常经营主体；分母不是全部正常经营主体，不是工作覆盖率；" + CURRENT,
            link=COVERAGE_PAGE,
        ),
    ],
)
# Label and 口径 of each column of the coverage table and the coverage API, by the ``CoverageRow`` attribute it shows:
# the two rates are the dashboard's own definitions.
COVERAGE_COLUMNS = {
    "operating": COVERAGE_COUNTS["coverage_operating"],
    "standalone": COVERAGE_COUNTS["coverage_standalone"],
    "joint": COVERAGE_COUNTS["coverage_joint"],
    "fallback": COVERAGE_COUNTS["coverage_fallback"],
    "org_covered": COVERAGE_COUNTS["coverage_org_covered"],
    "organisation_rate": CATALOGUE["coverage_org_rate"],
    "work_only": COVERAGE_COUNTS["coverage_work_only"],
    "work_rate": CATALOGUE["coverage_work_rate"],
    "uncovered_reach_rate": COVERAGE_COUNTS["coverage_uncovered_reach_rate"],
}
COVERAGE_TABLE = ("operating", "standalone", "joint", "fallback", "organisation_rate", "work_only", "work_rate")


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
    # 当前数: cadres still posted today (no end date, or one not yet passed), as the list's 在岗.
    on_post = Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())
    stationed = scope.visible(StationedCadre.objects.filter(on_post)).count()
    figure = partial(CATALOGUE.figure, scope)
    figures = [
        figure("org_standalone", orgs["standalone"]),
        figure("org_joint", orgs["joint"]),
        figure("org_fallback", orgs["fallback"]),
        figure("org_joint_fallback", orgs["joint"] + orgs["fallback"]),
        figure("org_city_demo", orgs["city_points"]),
        figure("coverage_org_rate", _rate(total.org_covered, total.operating)),
        figure("coverage_work_rate", _rate(total.org_covered + total.work_only, total.operating)),
        figure("should_have", should_have),
        figure("mass_orgs", scope.visible(MassOrganization.objects.all()).count()),
        figure("instructors", instructors),
        figure("liaison_leaders", points["leaders"]),
        figure("liaison_members", points["members"]),
        figure("liaison_visits", scope.within(scope.visible(LiaisonVisit.objects.all()), "visited_on").count()),
        figure("stationed_cadres", stationed),
        figure("policy_visits", activities["policy_visits"]),
        figure("listed_projects", activities["projects"]),
        figure("venues_compliant", scope.visible(Venue.objects.all()).compliant().count()),
        figure("refunded_dues", (refunded / 10000).quantize(Decimal("0.01"))),
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
