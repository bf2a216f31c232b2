"""Demo chain committees: secretaries, members, “2+2+7+N” units, 77 member enterprises with instructors."""

import random
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from industry_chains.choices import MemberRole, UnitKind
from industry_chains.models import ChainEnterprise, ChainMember, ChainUnit, IndustryChain
from organizations.models import Entity, Instructor, InstructorAssignment

# The article: instructors for 77 member enterprises across the three chains.
ENTERPRISES = {"纺织服装": 28, "装备制造": 27, "高端化工": 22}
# Demo accounts' enterprises must be members, so their secretaries see the loop.
NAMED = {"纺织服装": ["鲁韵纺织有限公司"], "装备制造": ["宏达装备制造有限公司"], "高端化工": []}

LEADING = ["县委组织部", "县委社会工作部"]
IMPLEMENTING = ["县工信局产业发展专班", "汶上经济开发区"]
FACTORS = ["用工保障组", "融资服务组", "用地保障组", "审批服务组", "科技人才组", "水电气保障组", "物流运输组"]
MEMBER_UNITS = ["县税务局", "中国银行汶上支行", "汶上农商银行", "县总工会"]

COMMITTEE = {
    "纺织服装": [
        ("孔繁明", MemberRole.SECRETARY, "县工信局", "纺织服装产业专班主任"),
        ("刘晓燕", MemberRole.FULL_TIME, "县委社会工作部", "专职副书记"),
        ("张国庆", MemberRole.FULL_TIME, "县工信局", "专班副主任"),
        ("王海涛", MemberRole.PART_TIME, "鲁韵纺织有限公司", "党支部书记"),
        ("李春梅", MemberRole.PART_TIME, "如意服饰有限公司", "党委书记"),
        ("赵立新", MemberRole.INSTRUCTOR, "县委组织部", "“红帆”党建指导员"),
    ],
    "装备制造": [
        ("颜廷军", MemberRole.SECRETARY, "县工信局", "装备制造产业专班主任"),
        ("周文静", MemberRole.FULL_TIME, "县委社会工作部", "专职副书记"),
        ("马向东", MemberRole.PART_TIME, "宏达装备制造有限公司", "党委书记"),
        ("陈思远", MemberRole.PART_TIME, "汶上经济开发区", "党工委委员"),
        ("郑红梅", MemberRole.INSTRUCTOR, "县委组织部", "党建指导员"),
    ],
    "高端化工": [
        ("吕建华", MemberRole.SECRETARY, "汶上化工产业园", "高端化工产业专班主任"),
        ("孙丽娜", MemberRole.FULL_TIME, "县委社会工作部", "专职副书记"),
        ("田志强", MemberRole.PART_TIME, "县应急管理局", "副局长"),
        ("何永刚", MemberRole.PART_TIME, "化工产业园企业", "党委书记"),
        ("韩雪", MemberRole.INSTRUCTOR, "县委组织部", "党建指导员"),
    ],
}


def _instructor_for(entity: Entity, rng, by_area: dict, fallback: list):
    assigned = (
        InstructorAssignment.objects.filter(entity=entity, ended_on__isnull=True)
        .values_list("instructor_id", flat=True)
        .first()
    )
    if assigned:
        return assigned
    pool = by_area.get(entity.area_id) or fallback
    return rng.choice(pool) if pool else None


@transaction.atomic
def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(6)  # noqa: S311 -- repeatable demo data, not secrets
    instructors = list(Instructor.objects.order_by("pk").values_list("pk", "area_id"))
    by_area: dict[int, list[int]] = {}
    for pk, area_id in instructors:
        by_area.setdefault(area_id, []).append(pk)
    fallback = [pk for pk, _area in instructors]
    for chain in IndustryChain.objects.order_by("sort_order"):
        for order, (name, role, unit, position) in enumerate(COMMITTEE.get(chain.name, [])):
            ChainMember.objects.get_or_create(
                chain=chain, name=name, role=role, defaults={"unit": unit, "position": position, "sort_order": order}
            )
        for kind, names in (
            (UnitKind.LEADING, LEADING),
            (UnitKind.IMPLEMENTING, IMPLEMENTING),
            (UnitKind.FACTOR, FACTORS),
            (UnitKind.MEMBER, MEMBER_UNITS),
        ):
            for order, name in enumerate(names):
                ChainUnit.objects.get_or_create(chain=chain, name=name, defaults={"kind": kind, "sort_order": order})
        target = ENTERPRISES.get(chain.name, 0)
        have = chain.enterprises.count()
        if have >= target:
            continue
        taken = ChainEnterprise.objects.values("entity_id")
        named = list(Entity.objects.filter(name__in=NAMED.get(chain.name, [])).exclude(pk__in=taken))
        others = list(
            Entity.objects.filter(kind="enterprise", is_operating=True, industry=chain.name)
            .exclude(pk__in=taken)
            .exclude(pk__in=[e.pk for e in named])
            .order_by("pk")
        )
        others.sort(key=lambda e: (e.party_organization_id is None, -e.staff_count, e.pk))
        picked = (named + others)[: target - have]
        # With their "created" history, so that the first change of an instructor shows from whom to whom.
        bulk_create_with_history(
            [
                ChainEnterprise(
                    chain=chain,
                    entity=entity,
                    instructor_id=_instructor_for(entity, rng, by_area, fallback),
                    joined_on=date(2023, rng.randint(3, 12), 1),
                    duty_order=have + index + 1,
                )
                for index, entity in enumerate(picked)
            ],
            ChainEnterprise,
            default_user=admin,
        )
    total = ChainEnterprise.objects.count()
    with_instructor = ChainEnterprise.objects.filter(instructor__isnull=False).count()
    stdout.write(
        f"产业链党建：成员企业 {total} 家（已配指导员 {with_instructor} 家），党委成员 {ChainMember.objects.count()} 名"
    )
