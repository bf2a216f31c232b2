"""Demo 党建惠企: department handlers (部门报到), the 红领专家 team and visits, the policy package, results."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from industry_chains.choices import PolicyCategory, ResultKind
from industry_chains.models import (
    ChainEnterprise,
    Department,
    DepartmentHandler,
    EnterpriseResult,
    Expert,
    ExpertVisit,
    IndustryChain,
    Policy,
)

HANDLERS = {
    "工信局": [("高振宇", "产业发展股股长"), ("林静", "企业服务科科员")],
    "人社局": [("许明", "就业促进股股长")],
    "发改局": [("魏强", "项目办主任")],
    "科技局": [("董雪", "科技服务股股长")],
    "自然资源局": [("冯磊", "用地保障股股长")],
    "行政审批局": [("曹婷", "项目审批科科长")],
    "市场监管局": [("彭军", "质量发展股股长")],
}
EXPERTS = [
    ("邵华", "县委党校", "党建业务", None),
    ("任伟", "县税务局", "税费政策", None),
    ("石岩", "汶上农商银行", "金融服务", "纺织服装"),
    ("贾晨", "济宁职业技术学院", "数控技术", "装备制造"),
    ("范丽", "县应急管理局", "安全生产", "高端化工"),
    ("方正", "县司法局", "法律服务", None),
    ("欧阳明", "山东理工大学", "新材料研发", "高端化工"),
    ("钟敏", "县人社局", "人力资源", "纺织服装"),
]
POLICIES = [
    ("发改局", "重点项目要素保障十条措施", PolicyCategory.INDUSTRY, []),
    ("发改局", "制造业中长期贷款贴息", PolicyCategory.FINANCE, []),
    ("工信局", "技术改造专项奖补", PolicyCategory.INDUSTRY, []),
    ("工信局", "专精特新企业梯度培育奖励", PolicyCategory.INNOVATION, []),
    ("工信局", "纺织服装产业集群提升扶持", PolicyCategory.INDUSTRY, ["纺织服装"]),
    ("工信局", "高端装备首台（套）保险补偿", PolicyCategory.FINANCE, ["装备制造"]),
    ("科技局", "高新技术企业认定奖励", PolicyCategory.INNOVATION, []),
    ("科技局", "化工新材料研发费用后补助", PolicyCategory.INNOVATION, ["高端化工"]),
    ("人社局", "一次性扩岗补助", PolicyCategory.TALENT, []),
    ("人社局", "高技能人才引进安家补贴", PolicyCategory.TALENT, []),
    ("人社局", "以工代训职业技能提升补贴", PolicyCategory.TALENT, ["纺织服装", "装备制造"]),
    ("自然资源局", "工业用地弹性年期出让", PolicyCategory.LAND, []),
]
# 2023: 休闲服饰贷 2亿元; 新风光电子 a national 专精特新“小巨人”; 24 provincial 专精特新, 2 省单冠 and 40
# provincial 创新型中小企业 applied for successfully.
TITLES = [
    (ResultKind.LOAN, "获“休闲服饰贷”授信", Decimal("20000")),
    (ResultKind.TITLE, "国家级专精特新“小巨人”企业", None),
    (ResultKind.LOAN, "获技改专项贷款", Decimal("3000")),
    (ResultKind.LOAN, "获“鲁担惠企贷”", Decimal("1000")),
    (ResultKind.PROJECT, "智能化改造项目投产", None),
    (ResultKind.PROJECT, "新材料中试基地落地", None),
    *[(ResultKind.TITLE, "山东省专精特新中小企业", None)] * 24,
    *[(ResultKind.TITLE, "山东省制造业单项冠军企业", None)] * 2,
    *[(ResultKind.TITLE, "山东省创新型中小企业", None)] * 40,
]
TOPICS = [
    "规范党支部组织生活",
    "研发费用加计扣除辅导",
    "安全生产隐患排查",
    "银企融资对接",
    "用工合同法律体检",
    "数控技能培训",
]


@transaction.atomic
def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(2024)  # noqa: S311 -- repeatable demo data, not secrets
    today = timezone.localdate()
    departments = {d.short_name: d for d in Department.objects.all()}
    chains = {c.name: c for c in IndustryChain.objects.all()}
    for short, people in HANDLERS.items():
        department = departments.get(short)
        if department is None:
            continue
        for name, position in people:
            handler, created = DepartmentHandler.objects.get_or_create(
                department=department, name=name, defaults={"position": position, "reported_on": date(2024, 1, 10)}
            )
            if created:
                handler.chains.set(chains.values())
    for name, unit, specialty, chain in EXPERTS:
        Expert.objects.get_or_create(
            name=name, unit=unit, defaults={"specialty": specialty, "chain": chains.get(chain)}
        )
    for short, title, category, chain_names in POLICIES:
        department = departments.get(short)
        if department is None:
            continue
        policy, created = Policy.objects.get_or_create(
            issuing_department=department,
            title=title,
            defaults={
                "category": category,
                "summary": f"{title}：符合条件的链上企业可向{department}申报。",
                "valid_from": date(2024, 1, 1),
                "valid_until": date(2026, 12, 31) if "补助" in title else None,
            },
        )
        if created:
            policy.chains.set([chains[n] for n in chain_names if n in chains])
    enterprises = list(ChainEnterprise.objects.select_related("chain").order_by("pk"))
    if not enterprises:
        return
    experts = list(Expert.objects.order_by("pk"))
    for index in range(ExpertVisit.objects.count(), 24):
        expert = experts[index % len(experts)]
        candidates = [e for e in enterprises if expert.chain_id in (None, e.chain_id)]
        ExpertVisit.objects.create(
            expert=expert,
            enterprise=rng.choice(candidates),
            visited_on=min(date(2024, 2, 1) + timedelta(days=index * 28), today),
            topic=TOPICS[index % len(TOPICS)],
            outcome="现场答疑，形成问题清单并跟踪落实。",
        )
    for index in range(EnterpriseResult.objects.count(), len(TITLES)):
        kind, title, amount = TITLES[index]
        enterprise = enterprises[(index * 7) % len(enterprises)]
        EnterpriseResult.objects.create(
            enterprise=enterprise,
            kind=kind,
            title=title,
            amount=amount,
            achieved_on=min(date(2023, 3, 1) + timedelta(days=index * 4), today),
        )
    stdout.write(
        f"  部门报到 {DepartmentHandler.objects.count()} 人，红领专家 {len(experts)} 名，"
        f"政策 {Policy.objects.count()} 项，惠企成果 {EnterpriseResult.objects.count()} 项"
    )
