"""Demo rotating duty from January 2024, 红色沙龙 (10+) and 党建惠企 activities (22), filed under the duty period."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from industry_chains.choices import ActivityKind
from industry_chains.models import ChainActivity, IndustryChain
from industry_chains.services import duty as services

SALONS = [
    (ActivityKind.SITE_VISIT, "走进智能车间：数字化改造现场观摩"),
    (ActivityKind.POLICY, "稳岗扩岗政策宣讲会"),
    (ActivityKind.FORUM, "链上企业党组织书记座谈交流"),
    (ActivityKind.TRAINING, "新时代企业党建业务培训"),
    (ActivityKind.SITE_VISIT, "党建引领安全生产现场观摩"),
    (ActivityKind.FORUM, "上下游配套对接座谈"),
    (ActivityKind.POLICY, "专精特新申报政策解读"),
    (ActivityKind.TRAINING, "“红领党务”能力提升培训"),
    (ActivityKind.SITE_VISIT, "党群服务中心建设观摩"),
    (ActivityKind.FORUM, "青年职工成长座谈"),
    (ActivityKind.POLICY, "绿色低碳转型政策宣传"),
    (ActivityKind.TRAINING, "党员先锋岗创建培训"),
]
BENEFITS = [
    "银企对接会",
    "用工招聘专场",
    "科技成果对接会",
    "税费优惠政策辅导",
    "法律服务进企业",
    "知识产权保护讲座",
    "人才引进政策宣讲",
    "出口信保业务对接",
    "安全生产体检服务",
    "能耗指标协调会",
    "产学研合作洽谈",
]
TARGET_SALONS = len(SALONS)
TARGET_BENEFITS = 22


@transaction.atomic
def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(66)  # noqa: S311 -- repeatable demo data, not secrets
    today = timezone.localdate()
    chains = list(IndustryChain.objects.order_by("sort_order"))
    for chain in chains:
        if not chain.duty_turns.exists() and chain.enterprises.exists():
            services.duty_schedule_generate(by=admin, chain=chain, start=date(2024, 1, 1))
    if not chains:
        return
    span = (today - date(2024, 1, 15)).days
    salons = ChainActivity.objects.filter(benefits_enterprises=False)
    for index, (kind, title) in enumerate(SALONS[salons.count() :], start=salons.count()):
        chain = chains[index % len(chains)]
        held_on = date(2024, 1, 15) + timedelta(days=span * index // TARGET_SALONS + rng.randint(0, 20))
        services.activity_record(
            by=admin,
            chain=chain,
            kind=kind,
            title=f"{chain.name}红色沙龙：{title}",
            held_on=min(held_on, today),
            participants=rng.randint(25, 80),
            summary="轮值企业承办，链上企业党组织书记、职工代表参加。",
        )
    benefits = ChainActivity.objects.filter(benefits_enterprises=True)
    for index in range(benefits.count(), TARGET_BENEFITS):
        chain = chains[index % len(chains)]
        held_on = date(2024, 2, 1) + timedelta(days=span * index // TARGET_BENEFITS + rng.randint(0, 10))
        services.activity_record(
            by=admin,
            chain=chain,
            kind=rng.choice([ActivityKind.POLICY, ActivityKind.FORUM]),
            title=f"党建惠企：{BENEFITS[index % len(BENEFITS)]}（{chain.name}）",
            held_on=min(held_on, today),
            participants=rng.randint(20, 60),
            benefits_enterprises=True,
            summary="送政策、解难题、优服务。",
        )
    stdout.write(
        f"  轮值安排 {sum(c.duty_turns.count() for c in chains)} 期，红色沙龙 {salons.count()} 场，"
        f"党建惠企活动 {benefits.count()} 场"
    )
