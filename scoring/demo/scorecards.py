"""Demo data of quarterly scorecards (called by load_demo; safe to run twice).

Last quarter: every activist, 发展对象 and probationary member has a reviewed card (the postings part posts and
closes them). This quarter: a few cards in each state, so the lists show the whole flow.
"""

import random
from datetime import date, datetime

from django.utils import timezone

from members.models import Person
from scoring.choices import Dimension
from scoring.models import Scorecard, ScorecardTemplate
from scoring.services import scorecards as services
from scoring.services.stars import previous_month, quarter_of

DIMENSIONS = {
    Dimension.POLITICAL: (30, "坚定理想信念，按时参加政治学习\n主动向党组织汇报思想"),
    Dimension.DISCIPLINE: (20, "遵守党的纪律和企业规章制度\n无违规违纪行为"),
    Dimension.SOLIDARITY: (20, "团结同事、关心群众\n积极参加志愿服务"),
    Dimension.PERFORMANCE: (30, "完成本职工作和急难险重任务\n在技术创新、生产经营中发挥作用"),
}


def _scores(rng) -> dict:
    return {d.value: rng.randint(int(cap * 0.7), cap) for d, (cap, _items) in DIMENSIONS.items()}


def load(*, admin, stdout) -> None:
    rng = random.Random(2026_1102)  # noqa: S311 - a fixed seed makes the demo reproducible
    today = timezone.localdate()
    if not ScorecardTemplate.objects.exists():
        services.scorecard_template_create(
            by=admin, number=1, effective_from=date(today.year - 1, 1, 1), dimensions=dict(DIMENSIONS)
        )
    people = list(Person.objects.filter(stage__in=services.SCORED_STAGES).order_by("id_number"))
    last_year, last_quarter = quarter_of(previous_month(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)))
    if not Scorecard.objects.filter(year=last_year, quarter=last_quarter).exists():
        for person in people:
            card = services.scorecard_save(
                by=admin, person=person, year=last_year, quarter=last_quarter, scores=_scores(rng)
            )
            services.scorecard_submit(by=admin, scorecard=card)
            services.scorecard_review(by=admin, scorecard=card)
        # Reviewed as that quarter ended, so last quarter's posting (dated after it) does not predate its cards.
        quarter_end = previous_month(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1))
        reviewed_at = timezone.make_aware(datetime(quarter_end.year, quarter_end.month, 25, 17, 0))
        Scorecard.objects.filter(year=last_year, quarter=last_quarter).update(updated_at=reviewed_at)
    year, quarter = quarter_of(today)
    if not Scorecard.objects.filter(year=year, quarter=quarter).exists():
        for person in rng.sample(people, k=min(40, len(people))):
            card = services.scorecard_save(by=admin, person=person, year=year, quarter=quarter, scores=_scores(rng))
            roll = rng.random()
            if roll < 0.5:
                services.scorecard_submit(by=admin, scorecard=card)
            if 0.3 < roll < 0.5:
                services.scorecard_return(by=admin, scorecard=card, reason="工作实绩得分缺少佐证材料，请补充后重新提交")
    stdout.write(f"积分卡：{Scorecard.objects.count()} 张。")
