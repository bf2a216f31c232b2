"""Demo data of the organisations area: entities, their Party organisations, mass organisations and instructors.

Modelled on the article about 汶上县: 258 standalone Party organisations, 49 joint or enterprise-service-
centre ones, 860+ mass organisations and 212 instructors. Every figure is a target: the loader creates
only what is missing, so running it twice changes nothing. Names are generated from a fixed seed.
"""

import random
from datetime import date

from django.db import transaction
from django.db.models import F

from organizations import services as org_services
from organizations.choices import DemoLevel, EntityKind, EstablishmentMethod, MassOrgKind, PartyOrgKind
from organizations.models import Area, Entity, Instructor, InstructorAssignment, MassOrganization, PartyOrganization
from organizations.validators import USCC_CHARSET, uscc_check_char

TARGET_STANDALONE = 258
TARGET_JOINT_OR_FALLBACK = 49
TARGET_MASS_ORGS = 866
TARGET_INSTRUCTORS = 212
TARGET_CITY_DEMO_POINTS = 35
UNCOVERED_ENTITIES = 140

WORDS = [
    "鲁韵",
    "汶水",
    "中都",
    "圣泽",
    "宏泰",
    "金源",
    "瑞丰",
    "华宇",
    "鸿运",
    "永盛",
    "兴达",
    "德润",
    "恒信",
    "丰源",
    "泰和",
    "嘉禾",
    "博远",
    "联创",
    "信诚",
    "新华",
    "富康",
    "安泰",
    "盛世",
    "东岳",
    "齐鲁",
    "蓝海",
    "晨光",
    "卓越",
    "天成",
    "福瑞",
    "汇通",
    "明远",
    "昌盛",
    "龙腾",
    "御景",
    "润泽",
    "和顺",
    "佳美",
    "顺达",
    "正元",
]
INDUSTRIES = [
    ("纺织", "纺织服装"),
    ("服饰", "纺织服装"),
    ("机械", "装备制造"),
    ("重工", "装备制造"),
    ("电机", "装备制造"),
    ("化工", "高端化工"),
    ("新材料", "高端化工"),
    ("食品", "食品加工"),
    ("物流", "现代物流"),
    ("建材", "建材"),
    ("科技", "信息技术"),
    ("商贸", "批发零售"),
]
SOCIAL = ["社会工作服务中心", "养老服务中心", "志愿者协会", "培训学校", "康复中心", "文化艺术中心"]
ASSOCIATIONS = ["纺织服装行业协会", "机械装备商会", "物流行业协会", "餐饮行业协会", "建筑业协会", "个体劳动者协会"]
NEW_EMPLOYMENT = ["快递行业党群服务站", "外卖骑手服务站", "网约车司机之家", "货车司机之家"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = [
    "建国",
    "红梅",
    "志强",
    "秀英",
    "海燕",
    "国华",
    "立新",
    "丽娟",
    "卫东",
    "春燕",
    "文博",
    "雪梅",
    "明辉",
    "桂芳",
    "俊杰",
    "晓燕",
    "永刚",
    "玉兰",
    "子涵",
    "浩然",
]


def credit_code(seed: int) -> str:
    """A valid 统一社会信用代码 in 汶上县 (370830) for a企业法人 (91), unique per seed."""
    body = "91370830" + "".join(USCC_CHARSET[(seed // 31**i) % 31] for i in range(9))[::-1]
    return body + uscc_check_char(body)


def _areas():
    areas = list(Area.objects.order_by("sort_order"))
    # Parks and the development zone hold more enterprises than the towns.
    weights = [5 if area.kind in {"dev_zone", "park"} else 2 if area.kind == "street" else 1 for area in areas]
    return areas, weights


class _Namer:
    def __init__(self, rng):
        self.rng = rng
        self.used = set(Entity.objects.values_list("name", flat=True))

    def entity(self, kind: str, area: Area) -> tuple[str, str]:
        prefix = area.name.removesuffix("街道").removesuffix("镇").removesuffix("乡")[:2]
        for attempt in range(200):
            word = self.rng.choice(WORDS)
            if kind == EntityKind.ENTERPRISE:
                short, industry = self.rng.choice(INDUSTRIES)
                name = f"山东{word}{short}有限公司" if attempt < 100 else f"汶上{word}{short}{attempt}号有限公司"
            elif kind == EntityKind.SOCIAL_ORG:
                industry = "社会服务"
                name = f"汶上县{word}{self.rng.choice(SOCIAL)}"
            elif kind == EntityKind.ASSOCIATION:
                industry = "行业协会商会"
                name = (
                    f"汶上县{prefix}{self.rng.choice(ASSOCIATIONS)}"
                    if attempt < 50
                    else f"汶上县{word}{self.rng.choice(ASSOCIATIONS)}"
                )
            else:
                industry = "新就业形态"
                name = (
                    f"{area.name}{self.rng.choice(NEW_EMPLOYMENT)}"
                    if attempt < 20
                    else f"{area.name}{word}{self.rng.choice(NEW_EMPLOYMENT)}"
                )
            if name not in self.used:
                self.used.add(name)
                return name, industry
        raise RuntimeError("demo names exhausted")

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)


def _new_entities(rng, namer, count: int, seed_start: int, *, kind_weights=None) -> list[Entity]:
    areas, weights = _areas()
    kinds = [EntityKind.ENTERPRISE, EntityKind.SOCIAL_ORG, EntityKind.ASSOCIATION, EntityKind.NEW_EMPLOYMENT]
    entities = []
    for offset in range(count):
        area = rng.choices(areas, weights)[0]
        kind = rng.choices(kinds, kind_weights or [70, 18, 6, 6])[0]
        name, industry = namer.entity(kind, area)
        staff = rng.randint(30, 1500) if kind == EntityKind.ENTERPRISE else rng.randint(8, 120)
        entities.append(
            Entity(
                kind=kind,
                name=name,
                credit_code=credit_code(seed_start + offset),
                area=area,
                industry=industry,
                staff_count=staff,
                full_member_count=rng.randint(3, 25) if staff > 60 else rng.randint(1, 6),
                is_key_enterprise=kind == EntityKind.ENTERPRISE and staff > 600,
            )
        )
    return Entity.objects.bulk_create(entities)


def _committee(area: Area) -> PartyOrganization:
    return PartyOrganization.objects.get(area=area, depth=1)


@transaction.atomic
def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(370830)  # noqa: S311 - a fixed seed makes the demo reproducible
    namer = _Namer(rng)
    seed = 10_000 + Entity.objects.count() * 7

    # The few named demo organisations of load_demo cover their namesake entities.
    for org in PartyOrganization.objects.filter(depth__gt=1, covered_entities__isnull=True):
        if org.establishment_method == EstablishmentMethod.STANDALONE and org.depth == 2:
            entity = _new_entities(rng, namer, 1, seed, kind_weights=[1, 0, 0, 0])[0]
            seed += 1
            entity.name = org.name.removesuffix("党支部").removesuffix("党委")
            entity.area = org.area
            entity.full_member_count = max(entity.full_member_count, 8)
            entity.party_organization = org
            entity.save()

    standalone = PartyOrganization.objects.filter(depth__gt=1, establishment_method=EstablishmentMethod.STANDALONE)
    for entity in _new_entities(rng, namer, max(0, TARGET_STANDALONE - standalone.count()), seed):
        seed += 1
        kind = PartyOrgKind.COMMITTEE if entity.full_member_count >= 20 else PartyOrgKind.BRANCH
        suffix = "党委" if kind == PartyOrgKind.COMMITTEE else "党支部"
        org = org_services.party_organization_create(
            by=admin,
            name=f"{entity.name}{suffix}",
            kind=kind,
            parent=_committee(entity.area),
            establishment_method=EstablishmentMethod.STANDALONE,
            founded_on=date(rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28)),
        )
        org.secretary_name = namer.person()
        org.save(update_fields=["secretary_name"])
        Entity.objects.filter(pk=entity.pk).update(
            party_organization=org, full_member_count=max(entity.full_member_count, 3)
        )
    seed += 1000

    shared = PartyOrganization.objects.filter(
        depth__gt=1, establishment_method__in=[EstablishmentMethod.JOINT, EstablishmentMethod.FALLBACK]
    )
    areas, weights = _areas()
    for index in range(max(0, TARGET_JOINT_OR_FALLBACK - shared.count())):
        area = rng.choices(areas, weights)[0]
        fallback = index % 3 == 0
        middle = "企业服务中心" if fallback else f"{rng.choice(WORDS)}片区联合"
        name = f"{area.name}{middle}{'党委' if fallback else '党支部'}"
        if PartyOrganization.objects.filter(area=area, name=name).exists():
            name = name.replace("党", f"第{index + 2}党", 1)
        org = org_services.party_organization_create(
            by=admin,
            name=name,
            kind=PartyOrgKind.COMMITTEE if fallback else PartyOrgKind.JOINT_BRANCH,
            parent=_committee(area),
            establishment_method=EstablishmentMethod.FALLBACK if fallback else EstablishmentMethod.JOINT,
            founded_on=date(rng.randint(2015, 2024), rng.randint(1, 12), 1),
        )
        org.secretary_name = namer.person()
        org.save(update_fields=["secretary_name"])
        covered = _new_entities(rng, namer, rng.randint(2, 5), seed, kind_weights=[60, 25, 5, 10])
        seed += 10
        for entity in covered:
            # A joint branch stays within five entities and fifty members.
            Entity.objects.filter(pk=entity.pk).update(
                area=area,
                party_organization=org,
                full_member_count=min(entity.full_member_count, 2),
            )

    uncovered = Entity.objects.filter(party_organization__isnull=True)
    created = _new_entities(
        rng, namer, max(0, UNCOVERED_ENTITIES - uncovered.count()), seed + 5000, kind_weights=[50, 20, 5, 25]
    )
    # Most have fewer than three members; a dozen have enough to need their own organisation (应建未建),
    # and a few are closed down, which takes them out of the coverage denominator.
    for index, entity in enumerate(created):
        entity.full_member_count = rng.randint(3, 6) if index % 11 == 0 else rng.randint(0, 2)
        entity.is_operating = index >= 6
    Entity.objects.bulk_update(created, ["full_member_count", "is_operating"])

    _city_demo_points()
    _mass_orgs(rng)
    _instructors(rng, namer)
    orgs = PartyOrganization.objects.filter(depth__gt=1).count()
    stdout.write(
        f"  组织覆盖：经营主体 {Entity.objects.count()} 个，党组织 {orgs} 个，"
        f"群团组织 {MassOrganization.objects.count()} 个，指导员 {Instructor.objects.count()} 名"
    )


def _city_demo_points() -> None:
    have = PartyOrganization.objects.filter(demo_level=DemoLevel.CITY).count()
    if have < TARGET_CITY_DEMO_POINTS:
        candidates = (
            PartyOrganization.objects.filter(
                depth=2, establishment_method=EstablishmentMethod.STANDALONE, demo_level=""
            )
            .order_by("path")
            .values_list("pk", flat=True)[: TARGET_CITY_DEMO_POINTS - have]
        )
        PartyOrganization.objects.filter(pk__in=list(candidates)).update(demo_level=DemoLevel.CITY)


def _mass_orgs(rng) -> None:
    missing = TARGET_MASS_ORGS - MassOrganization.objects.count()
    if missing <= 0:
        return
    existing = set(MassOrganization.objects.values_list("entity_id", "kind"))
    plan = [
        (EntityKind.ENTERPRISE, MassOrgKind.UNION, "工会委员会"),
        (None, MassOrgKind.YOUTH_LEAGUE, "团支部"),
        (None, MassOrgKind.WOMEN, "妇女委员会"),
    ]
    # 党建引领，群团联动: mass organisations mostly where a Party organisation leads; some elsewhere.
    entities = list(
        Entity.objects.filter(is_operating=True)
        .order_by(F("party_organization").asc(nulls_last=True), "pk")
        .values_list("pk", "name", "party_organization")
    )
    rows = []
    for _kind_filter, kind, suffix in plan:
        for pk, name, covering in entities:
            if len(rows) >= missing:
                break
            skip = 0.35 if covering else 0.75
            if (pk, kind) in existing or ((kind != MassOrgKind.UNION or not covering) and rng.random() < skip):
                continue
            rows.append(
                MassOrganization(
                    entity_id=pk,
                    kind=kind,
                    name=f"{name}{suffix}",
                    founded_on=date(rng.randint(2010, 2024), rng.randint(1, 12), 1),
                )
            )
    MassOrganization.objects.bulk_create(rows)


def _instructors(rng, namer) -> None:
    areas, weights = _areas()
    missing = TARGET_INSTRUCTORS - Instructor.objects.count()
    units = [
        "县委社会工作部",
        "县工业和信息化局",
        "县市场监督管理局",
        "县人力资源和社会保障局",
        "街镇党（工）委",
        "县总工会",
    ]
    new = Instructor.objects.bulk_create(
        [
            Instructor(
                name=namer.person(),
                unit=rng.choice(units),
                area=rng.choices(areas, weights)[0],
                is_red_sail=index < 10,
            )
            for index in range(max(0, missing))
        ]
    )
    if not new:
        return
    # Instructors go first to entities without a Party organisation of their own (work coverage),
    # then to weak joint ones.
    targets = list(
        Entity.objects.filter(is_operating=True, party_organization__isnull=True, instructor_assignments__isnull=True)
        .order_by("pk")
        .values_list("pk", "area_id")
    )
    by_area = {}
    for pk, area_id in targets:
        by_area.setdefault(area_id, []).append(pk)
    assignments = []
    for instructor in new:
        pool = by_area.get(instructor.area_id) or []
        if pool and rng.random() < 0.45:
            assignments.append(
                InstructorAssignment(
                    instructor=instructor, entity_id=pool.pop(), started_on=date(2023, rng.randint(1, 12), 1)
                )
            )
    InstructorAssignment.objects.bulk_create(assignments)
