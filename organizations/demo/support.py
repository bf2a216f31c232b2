"""Demo data of the organisations area: support work (called by manage.py load_demo; safe to run twice).

Modelled on Wenshang's figures: 40+ venues meeting 六有; 394,300.00 元 of dues refunded in 2023;
57 leading cadres and 25 两新工委 members with liaison points and 260+ visits; 69 stationed cadres
with 400+ policy visits and 16 + 66 projects put on provincial and city lists; pairings with organ,
village and community Party organisations. Everything is written through the services, so the demo
obeys the same rules as the pages. Each part is skipped when its table already holds rows.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from organizations.choices import (
    REFUNDED_DUES_PURPOSES,
    CadreKind,
    EntityKind,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    PairingActivityKind,
    PartnerKind,
    StationedActivityKind,
)
from organizations.models import (
    SIX_HAVES,
    Entity,
    FundEntry,
    LiaisonPoint,
    Pairing,
    PartyOrganization,
    StationedCadre,
    Venue,
)
from organizations.services import support as services

REFUNDS_2023 = Decimal("394300.00")  # 2023年返还党费39.43万元
REFUNDS_2024 = Decimal("416800.00")
REFUND_ORGS = 60
VENUES = 48
COMPLIANT_VENUES = 43
LEADERS = 57
COMMITTEE_MEMBERS = 25
VISITS = 268
STATIONED_CADRES = 69
POLICY_VISITS = 412
PROJECTS_PROVINCIAL = 16
PROJECTS_CITY = 66
PROJECTS_UNLISTED = 12
PAIRINGS = 36

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = [
    "建国",
    "志强",
    "海涛",
    "丽娟",
    "文博",
    "晓东",
    "红梅",
    "国栋",
    "立新",
    "秀英",
    "永胜",
    "春华",
    "明辉",
    "雪梅",
    "振华",
    "静",
    "磊",
    "伟",
    "芳",
    "敏",
    "军",
    "勇",
    "艳",
    "涛",
    "鹏",
    "超",
    "娜",
    "斌",
    "华",
    "杰",
    "翔",
    "琳",
]
# County leaders and department heads; each area committee's secretary and deputy follow (see _leader_posts).
COUNTY_LEADER_TITLES = [
    "县委常委、组织部部长",
    "县委常委、统战部部长",
    "县委常委、宣传部部长",
    "县人大常委会副主任",
    "副县长（分管工业）",
    "副县长（分管商贸）",
    "县政协副主席",
    "县委组织部常务副部长",
    "县委社会工作部部长",
    "县委社会工作部常务副部长",
    "县发展和改革局局长",
    "县工业和信息化局局长",
    "县科学技术局局长",
    "县人力资源和社会保障局局长",
    "县市场监督管理局局长",
    "县商务局局长",
    "县财政局局长",
    "县自然资源和规划局局长",
    "县行政审批服务局局长",
    "县住房和城乡建设局局长",
    "县交通运输局局长",
    "县应急管理局局长",
    "县工商业联合会主席",
    "县总工会常务副主席",
    "县税务局局长",
]
COMMITTEE_HEADS = ["县委两新工委书记", "县委两新工委常务副书记", "县委两新工委副书记"]
COMMITTEE_UNITS = [
    "县委社会工作部",
    "县委组织部",
    "县工业和信息化局",
    "县民政局",
    "县市场监督管理局",
    "县工商业联合会",
    "县总工会",
    "团县委",
    "县妇联",
    "县商务局",
    "县交通运输局",
    "县邮政管理局",
]
VISIT_TEXTS = {
    LiaisonVisitKind.RESEARCH: [
        "走访调研企业生产经营和用工情况",
        "调研党组织建设和党员队伍情况",
        "座谈了解企业融资需求",
    ],
    LiaisonVisitKind.DISCIPLINE: ["参加党纪学习教育专题学习", "讲解《中国共产党纪律处分条例》", "开展警示教育"],
    LiaisonVisitKind.LECTURE: ["我来讲党课：以高质量党建引领企业高质量发展", "我来讲党课：学习贯彻党的二十大精神"],
    LiaisonVisitKind.SERVICE: [
        "协调解决企业用地问题",
        "帮助企业对接银行融资",
        "协调解决职工子女入学",
        "协调解决用电增容",
    ],
}
VISIT_KIND_WEIGHTS = [
    (LiaisonVisitKind.RESEARCH, 4),
    (LiaisonVisitKind.DISCIPLINE, 2),
    (LiaisonVisitKind.LECTURE, 2),
    (LiaisonVisitKind.SERVICE, 2),
]
STATIONING_UNITS = [
    "县发展和改革局",
    "县工业和信息化局",
    "县科学技术局",
    "县商务局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源和规划局",
    "县市场监督管理局",
    "县行政审批服务局",
    "县税务局",
    "县住房和城乡建设局",
    "县应急管理局",
]
POLICIES = [
    "企业技术改造奖补政策",
    "研发费用加计扣除",
    "稳岗返还",
    "专精特新企业培育",
    "高新技术企业认定",
    "技能人才培养补贴",
    "惠企贷款贴息",
    "首台（套）装备保险补偿",
]
PROJECT_NAMES = ["智能化技改", "数字化车间改造", "绿色低碳改造", "新上生产线", "研发中心建设", "设备更新"]
ORGAN_PARTNERS = [
    "县发展和改革局机关党支部",
    "县工业和信息化局机关党支部",
    "县市场监督管理局机关党委",
    "县人力资源和社会保障局机关党支部",
    "县科学技术局机关党支部",
    "县商务局机关党支部",
    "县税务局机关党委",
    "县财政局机关党支部",
]
VILLAGES = ["前进", "后营", "张庄", "西王", "东刘", "北辛", "南李", "大庙", "马庄", "孙楼", "王楼", "薛口"]
COMMUNITIES = ["文昌", "宝相寺", "翔鸾", "泉河", "莲花", "圣泽", "东门", "北关"]
PAIRING_TEXTS = {
    PairingActivityKind.SHARED_VENUE: ["共用党群服务中心开展主题党日", "共用党员活动室开展组织生活会"],
    PairingActivityKind.JOINT_EVENT: ["联合开展“七一”主题党日活动", "联合开展志愿服务", "联办党课宣讲"],
    PairingActivityKind.SHARED_RESOURCE: ["共享政策服务资源，组织惠企政策解读", "共享教育培训资源", "村企联建助农增收"],
}
VENUE_NAMES = ["党员活动室", "党群服务站", "职工书屋", "党建展厅", "红色驿站"]


def _name(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]


def _dates(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    """``count`` distinct dates between ``start`` and ``end``, in order."""
    span = (end - start).days
    days = rng.sample(range(span + 1), min(count, span + 1))
    return sorted(start + timedelta(days=day) for day in days)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``total`` split into ``parts`` positive amounts in whole hundreds of 元, summing exactly."""
    weights = [rng.randint(30, 120) for _ in range(parts)]
    scale = total / sum(weights)
    amounts = [(scale * weight / 100).quantize(Decimal("1")) * 100 for weight in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    orgs = list(PartyOrganization.objects.filter(depth__gte=2, is_active=True).select_related("area").order_by("path"))
    if not orgs:
        stdout.write("  支撑工作演示数据：没有基层党组织，跳过。")
        return
    rng = random.Random(2023)  # noqa: S311 - repeatable demo figures, not security
    _venues(admin, orgs, rng, stdout)
    _funds(admin, orgs, rng, stdout)
    _liaison(admin, orgs, rng, stdout)
    _stationed(admin, rng, stdout)
    _pairings(admin, orgs, rng, stdout)


def _venues(admin, orgs, rng, stdout) -> None:
    if Venue.objects.exists():
        return
    fields = [field for field, _label in SIX_HAVES]
    lacking = set(rng.sample(range(VENUES), VENUES - COMPLIANT_VENUES))
    for index in range(VENUES):
        org = orgs[index % len(orgs)]
        name = VENUE_NAMES[index % len(VENUE_NAMES)]
        if index >= len(orgs):
            # An organisation with several venues: number them so each name stays unique within it.
            name = f"{name}（{index // len(orgs) + 1}）"
        haves = dict.fromkeys(fields, True)
        if index in lacking:
            for field in rng.sample(fields, rng.randint(1, 2)):
                haves[field] = False
        services.venue_create(
            by=admin, party_organization=org, name=name, address=f"{org.area.name}{org.name[:6]}院内", **haves
        )
    stdout.write(f"  活动阵地 {VENUES} 个，其中“六有”达标 {COMPLIANT_VENUES} 个")


def _funds(admin, orgs, rng, stdout) -> None:
    if FundEntry.objects.exists():
        return
    receivers = orgs[:REFUND_ORGS]
    allowed = sorted(REFUNDED_DUES_PURPOSES)
    notes = {
        FundPurpose.ACTIVITIES: "开展主题党日活动",
        FundPurpose.STUDY_MATERIALS: "购买党员学习书籍资料",
        FundPurpose.VISITING_DIFFICULTY: "走访慰问困难党员",
    }
    for year, total, received_on in (
        (2023, REFUNDS_2023, date(2023, 7, 20)),
        (2024, REFUNDS_2024, date(2024, 7, 18)),
    ):
        for org, amount in zip(receivers, _split(total, len(receivers), rng), strict=True):
            services.fund_income_record(
                by=admin,
                organization=org,
                source=FundSource.REFUNDED_DUES,
                amount=amount,
                occurred_on=received_on,
                note=f"{year}年党费全额返还",
            )
            # Spend part of it on the three permitted uses, later in the year.
            for purpose in rng.sample(allowed, 2):
                services.fund_spend(
                    by=admin,
                    organization=org,
                    source=FundSource.REFUNDED_DUES,
                    amount=(amount * Decimal(rng.randint(15, 30)) / 100).quantize(Decimal("0.01")),
                    purpose=purpose,
                    occurred_on=received_on + timedelta(days=rng.randint(20, 150)),
                    note=notes[purpose],
                )
    for index, org in enumerate(orgs[:15]):
        amount = Decimal(rng.randint(20, 50) * 1000)
        services.fund_income_record(
            by=admin,
            organization=org,
            source=FundSource.PRETAX_EXPENSE,
            amount=amount,
            occurred_on=date(2024, 3, 1) + timedelta(days=index),
            note="党组织工作经费纳入管理费用税前列支",
        )
        services.fund_spend(
            by=admin,
            organization=org,
            source=FundSource.PRETAX_EXPENSE,
            amount=(amount * Decimal("0.6")).quantize(Decimal("0.01")),
            purpose=FundPurpose.VENUE,
            occurred_on=date(2024, 5, 10) + timedelta(days=index),
            note="党群活动场所“六有”标准化提升",
        )
    for index, org in enumerate(orgs[15:25]):
        services.fund_income_record(
            by=admin,
            organization=org,
            source=FundSource.RETAINED_DUES,
            amount=Decimal(rng.randint(3, 9) * 1000),
            occurred_on=date(2024, 1, 15) + timedelta(days=index),
            note="按规定留存党费",
        )
    for index, org in enumerate(orgs[:5]):
        services.fund_income_record(
            by=admin,
            organization=org,
            source=FundSource.DONATION,
            amount=Decimal(rng.randint(2, 6) * 1000),
            occurred_on=date(2024, 6, 28) + timedelta(days=index),
            note="党员自愿捐助",
        )
    # A mistyped payment, reversed and entered again: the ledger keeps all three lines.
    org = orgs[0]
    wrong = services.fund_spend(
        by=admin,
        organization=org,
        source=FundSource.REFUNDED_DUES,
        amount=Decimal("1800.00"),
        purpose=FundPurpose.STUDY_MATERIALS,
        occurred_on=date(2024, 10, 9),
        note="订阅党报党刊",
    )
    services.fund_entry_reverse(by=admin, entry=wrong, reason="金额录入错误，应为180元", occurred_on=date(2024, 10, 12))
    services.fund_spend(
        by=admin,
        organization=org,
        source=FundSource.REFUNDED_DUES,
        amount=Decimal("180.00"),
        purpose=FundPurpose.STUDY_MATERIALS,
        occurred_on=date(2024, 10, 9),
        note="订阅党报党刊",
    )
    stdout.write(f"  党建工作经费：{len(receivers)} 个党组织，2023年返还党费 {REFUNDS_2023} 元")


def _leader_posts(orgs) -> list[tuple[str, int | None]]:
    """(post, area id or None): county leaders first, then each area committee's secretary and deputy."""
    posts: list[tuple[str, int | None]] = [(title, None) for title in COUNTY_LEADER_TITLES]
    area_ids = {org.area_id for org in orgs}
    committees = PartyOrganization.objects.filter(depth=1, area_id__in=area_ids).order_by("area__sort_order", "pk")
    for committee in committees:
        posts += [(f"{committee.name}书记", committee.area_id), (f"{committee.name}副书记", committee.area_id)]
    return posts


def _liaison(admin, orgs, rng, stdout) -> None:
    if LiaisonPoint.objects.exists():
        return
    demo_points = [org for org in orgs if org.demo_level]
    points = []
    if demo_points:
        posts = _leader_posts(orgs)
        by_area: dict[int, list] = {}
        for org in demo_points:
            by_area.setdefault(org.area_id, []).append(org)
        for index in range(LEADERS):
            title, area_id = posts[index % len(posts)]
            # By Party affiliation: an area's own leaders link to a demonstration point in their area.
            candidates = by_area.get(area_id) or demo_points
            points.append(
                services.liaison_point_create(
                    by=admin,
                    cadre_name=_name(index),
                    cadre_title=title,
                    cadre_kind=CadreKind.LEADER,
                    party_organization=candidates[index % len(candidates)],
                    started_on=date(2023, 3, 1) + timedelta(days=index % 20),
                )
            )
    else:
        stdout.write("  联系点：尚无市、县级示范点党组织，未建立副科级以上领导干部联系点。")
    others = [org for org in orgs if not org.demo_level] or orgs
    for index in range(COMMITTEE_MEMBERS):
        if index < len(COMMITTEE_HEADS):
            title = COMMITTEE_HEADS[index]
        else:
            title = f"县委两新工委委员（{COMMITTEE_UNITS[index % len(COMMITTEE_UNITS)]}）"
        points.append(
            services.liaison_point_create(
                by=admin,
                cadre_name=_name(LEADERS + index),
                cadre_title=title,
                cadre_kind=CadreKind.COMMITTEE_MEMBER,
                party_organization=others[(index * 7) % len(others)],
                started_on=date(2023, 4, 1) + timedelta(days=index % 15),
            )
        )
    kinds = [kind for kind, weight in VISIT_KIND_WEIGHTS for _ in range(weight)]
    per_point, extra = divmod(VISITS, len(points))
    for index, point in enumerate(points):
        count = per_point + (1 if index < extra else 0)
        for visited_on in _dates(rng, date(2024, 1, 8), date(2024, 11, 20), count):
            kind = rng.choice(kinds)
            services.liaison_visit_record(
                by=admin, point=point, kind=kind, visited_on=visited_on, summary=rng.choice(VISIT_TEXTS[kind])
            )
    leaders = sum(1 for point in points if point.cadre_kind == CadreKind.LEADER)
    stdout.write(f"  联系点：领导干部 {leaders} 名、两新工委委员 {COMMITTEE_MEMBERS} 名，活动 {VISITS} 次")


def _stationed(admin, rng, stdout) -> None:
    if StationedCadre.objects.exists():
        return
    enterprises = list(
        Entity.objects.filter(kind=EntityKind.ENTERPRISE, is_operating=True).order_by(
            "-is_key_enterprise", "-staff_count", "pk"
        )[:STATIONED_CADRES]
    )
    if not enterprises:
        stdout.write("  驻企干部：尚无非公企业，跳过。")
        return
    cadres = []
    for index in range(STATIONED_CADRES):
        cadres.append(
            services.stationed_cadre_create(
                by=admin,
                name=_name(200 + index),
                unit=STATIONING_UNITS[index % len(STATIONING_UNITS)],
                entity=enterprises[index % len(enterprises)],
                started_on=date(2023, 3, 1) + timedelta(days=index % 10),
            )
        )
    per_cadre, extra = divmod(POLICY_VISITS, len(cadres))
    for index, cadre in enumerate(cadres):
        for done_on in _dates(rng, date(2023, 4, 1), date(2024, 11, 25), per_cadre + (1 if index < extra else 0)):
            services.stationed_activity_record(
                by=admin,
                cadre=cadre,
                kind=StationedActivityKind.POLICY_VISIT,
                done_on=done_on,
                title=f"宣讲{rng.choice(POLICIES)}",
            )
    lists = (
        [services.PROJECT_LISTS[0]] * PROJECTS_PROVINCIAL
        + [services.PROJECT_LISTS[1]] * PROJECTS_CITY
        + [""] * PROJECTS_UNLISTED
    )
    for index, listed_as in enumerate(lists):
        cadre = cadres[(index * 5) % len(cadres)]
        services.stationed_activity_record(
            by=admin,
            cadre=cadre,
            kind=StationedActivityKind.PROJECT,
            done_on=date(2023, 6, 1) + timedelta(days=(index * 7) % 500),
            title=f"帮办{cadre.entity.name}{PROJECT_NAMES[index % len(PROJECT_NAMES)]}项目",
            listed_as=listed_as,
        )
    stdout.write(
        f"  驻企干部 {STATIONED_CADRES} 名，送政策上门 {POLICY_VISITS} 次，"
        f"项目列入省级名单 {PROJECTS_PROVINCIAL} 个、市级名单 {PROJECTS_CITY} 个"
    )


def _pairings(admin, orgs, rng, stdout) -> None:
    if Pairing.objects.exists():
        return
    step = max(1, len(orgs) // PAIRINGS)
    chosen = orgs[::step][:PAIRINGS]
    count = 0
    for index, org in enumerate(chosen):
        kind = [PartnerKind.ORGAN, PartnerKind.VILLAGE, PartnerKind.COMMUNITY][index % 3]
        if kind == PartnerKind.ORGAN:
            partner = ORGAN_PARTNERS[index % len(ORGAN_PARTNERS)]
        elif kind == PartnerKind.VILLAGE:
            partner = f"{org.area.name}{VILLAGES[index % len(VILLAGES)]}村党支部"
        else:
            partner = f"{org.area.name}{COMMUNITIES[index % len(COMMUNITIES)]}社区党委"
        pairing = services.pairing_create(
            by=admin,
            party_organization=org,
            partner_name=partner,
            partner_kind=kind,
            started_on=date(2023, 5, 1) + timedelta(days=index * 3),
        )
        count += 1
        for held_on in _dates(rng, pairing.started_on + timedelta(days=14), date(2024, 11, 20), rng.randint(2, 4)):
            activity_kind = rng.choice(PairingActivityKind.values)
            services.pairing_activity_record(
                by=admin,
                pairing=pairing,
                kind=activity_kind,
                held_on=held_on,
                title=rng.choice(PAIRING_TEXTS[activity_kind]),
            )
    stdout.write(f"  结对共建 {count} 对")
