"""Demo data of 星级党员 and the 积分超市 (called by load_demo; safe to run twice).

The three quarters before the current one (and the months since) are scored, closed and selected, so the
quarterly lists hold the article's 500+ five-star members (季度评选累计: two thirds of the demo's members reach
all five stars each quarter). The current month is open with points for part of the members, for the grid.
Lines are written in bulk, within every rule's cap by construction; the closes and selections go through the services.
"""

import random
from datetime import date

from django.db.models import Count
from django.utils import timezone

from members.models import Person
from scoring.choices import Star
from scoring.models import HandbookVersion, MonthlyResult, PointEntry, PointRule, Redemption, RewardItem, ScoringMonth
from scoring.services import market, stars

# (code, name, star, points per time, monthly cap)
RULES = [
    ("XX01", "参加集中学习、“三会一课”", Star.STUDY, 2, 8),
    ("XX02", "撰写学习心得", Star.STUDY, 5, 10),
    ("XX03", "参加技能培训并结业", Star.STUDY, 3, 6),
    ("BF01", "社区报到、志愿服务", Star.CARE, 3, 12),
    ("BF02", "结对帮扶困难职工", Star.CARE, 5, 10),
    ("JY01", "技能竞赛获奖", Star.DEDICATION, 10, 20),
    ("JY02", "当月全勤、无违章", Star.DEDICATION, 5, 5),
    ("JY03", "评为岗位标兵", Star.DEDICATION, 5, 10),
    ("YJ01", "完成重点任务、攻坚项目", Star.PERFORMANCE, 5, 15),
    ("YJ02", "我为发展献计献策", Star.PERFORMANCE, 3, 9),
    ("JC01", "金点子被采纳", Star.INNOVATION, 10, 20),
    ("JC02", "技术革新、小改小革", Star.INNOVATION, 8, 16),
    ("JC03", "节能降耗、修旧利废", Star.INNOVATION, 3, 9),
]
ITEMS = [
    ("党建读物一套", 30, 200),
    ("定制笔记本", 20, 300),
    ("保温杯", 60, 120),
    ("体检套餐", 200, 30),
    ("带薪疗养一天", 300, 20),
    ("技能培训课程", 150, 40),
    ("党徽纪念章", 15, 500),
    ("电影票两张", 50, 100),
]


def demo_months(today: date) -> list[date]:
    """Every month from the start of the third quarter back up to last month (all closed in the demo)."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    first = quarter_start
    for _ in range(9):
        first = stars.previous_month(first)
    months, month = [], stars.previous_month(today)
    while month >= first:
        months.append(month)
        month = stars.previous_month(month)
    return sorted(months)


def _lines_for(rng, person_id: int, month: date, rules: dict, five_star: bool) -> list[PointEntry]:
    picks = []
    if five_star:
        # At least 10 points on every star, each rule within its cap.
        picks = [("XX01", 3), ("XX02", 1), ("BF01", 2), ("BF02", 1), ("JY02", 1), ("JY03", 1), ("YJ01", 2), ("JC01", 1)]
        picks += rng.sample([("XX03", 1), ("JY01", 1), ("YJ02", 1), ("JC02", 1), ("JC03", 2)], k=2)
    else:
        for code in rng.sample(list(rules), k=rng.randint(1, 5)):
            rule = rules[code]
            picks.append((code, rng.randint(1, rule.monthly_cap // rule.points)))
    return [
        PointEntry(
            person_id=person_id,
            month=month,
            rule=rules[code],
            star=rules[code].star,
            points=times * rules[code].points,
            note="月度记分表",
        )
        for code, times in picks
    ]


def load(*, admin, stdout) -> None:
    rng = random.Random(2026_1101)  # noqa: S311 - a fixed seed makes the demo reproducible
    today = timezone.localdate()
    months = demo_months(today)
    version, created = HandbookVersion.objects.get_or_create(
        number=1, defaults={"effective_from": date(months[0].year - 1, 1, 1), "note": "县委社会工作部印发"}
    )
    if created:
        PointRule.objects.bulk_create(
            PointRule(version=version, code=c, name=n, star=s, points=p, monthly_cap=cap, sort_order=i)
            for i, (c, n, s, p, cap) in enumerate(RULES)
        )
    rules = {rule.code: rule for rule in version.rules.all()}
    members = list(
        Person.objects.filter(stage__in=stars.MEMBER_STAGES).order_by("id_number").values_list("pk", flat=True)
    )
    if not members:
        stdout.write("没有党员，跳过星级党员演示数据。")
        return
    five_star = set(rng.sample(members, k=len(members) * 2 // 3))
    scored = set(PointEntry.objects.filter(month__in=months).values_list("month", flat=True).distinct())
    for month in months:
        if month in scored:
            continue
        ScoringMonth.objects.get_or_create(month=month, defaults={"version": version})
        lines = [line for pk in members for line in _lines_for(rng, pk, month, rules, pk in five_star)]
        PointEntry.objects.bulk_create(lines, batch_size=2000)
    for month in months:
        stars.month_close(month=month)
    for year, quarter in sorted({stars.quarter_of(m) for m in months}):
        if all(m in months for m in stars.quarter_months(year, quarter)):
            stars.quarter_select(year=year, quarter=quarter)

    # The current month is open: part of the members already have points (the grid shows them).
    current = today.replace(day=1)
    stars.scoring_month_get(month=current)
    if not PointEntry.objects.filter(month=current).exists():
        some = [pk for pk in members if rng.random() < 0.5]
        lines = [line for pk in some for line in _lines_for(rng, pk, current, rules, False)]
        PointEntry.objects.bulk_create(lines, batch_size=2000)

    for name, price, stock in ITEMS:
        RewardItem.objects.get_or_create(name=name, defaults={"price": price, "stock": stock})
    if not Redemption.objects.exists():
        items = list(RewardItem.objects.order_by("price"))
        people = Person.objects.filter(pk__in=rng.sample(members, k=min(60, len(members))))
        for person in people.order_by("pk"):
            redemption = market.redemption_create(by=admin, person=person, item=rng.choice(items[:4]))
            if rng.random() < 0.1:
                market.redemption_reverse(by=admin, redemption=redemption, reason="党员申请退换")
    five = (
        ScoringMonth.objects.filter(month__in=months).count(),
        MonthlyResult.objects.filter(total__gt=0).count(),
    )
    from scoring.models import QuarterlyResult

    quarterly_five = QuarterlyResult.objects.filter(star_count=5).count()
    distinct = QuarterlyResult.objects.filter(star_count=5).aggregate(n=Count("person", distinct=True))["n"]
    stdout.write(
        f"星级党员：已结账 {five[0]} 个月，季度五星党员 {quarterly_five} 人次（{distinct} 人），积分入账 {five[1]} 笔。"
    )
