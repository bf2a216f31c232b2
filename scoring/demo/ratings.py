"""Demo data of organisation star rating, 红旗支部 and designations (called by load_demo; safe to run twice).

Last year's campaign is awarded with the article's 86 five-star organisations; this year's is at 自查初评.
Designations give 800+ 党员示范车间/班组/先锋岗 plus 三亮三比 commitments.
"""

import random
from datetime import date

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.models import Person
from organizations.models import Entity
from scoring.choices import Criterion, DesignationKind
from scoring.models import Designation, OrgRating, RatingCampaign, RatingSheet, RedFlagCandidate
from scoring.services import ratings as services

FIVE_STAR_ORGS = 86
CRITERIA = {
    Criterion.LEADERSHIP: (20, "班子健全、书记履职到位"),
    Criterion.MEMBERSHIP: (15, "党员发展、教育管理规范"),
    Criterion.ORG_LIFE: (20, "“三会一课”、主题党日规范开展"),
    Criterion.SYSTEMS: (15, "各项制度健全并落实"),
    Criterion.GROUNDWORK: (15, "阵地、经费、台账规范"),
    Criterion.ROLE: (15, "在生产经营、服务群众中发挥作用"),
}
CAPS = {c.value: cap for c, (cap, _rules) in CRITERIA.items()}
POSTS = ["质量把关先锋岗", "安全生产先锋岗", "技术攻关先锋岗", "服务群众先锋岗", "节能降耗先锋岗"]
COMMITMENTS = [
    "亮身份：佩戴党徽上岗；亮承诺：全年零差错；亮业绩：比技能、比作风、比贡献",
    "亮身份：设立党员示范岗；亮承诺：带好一名徒弟；亮业绩：提出合理化建议3条",
    "亮身份：公开党员信息；亮承诺：完成重点攻坚任务；亮业绩：月度考核争第一",
]


def _spread(rng, total: int) -> dict:
    """Scores per criterion summing to ``total`` (each within its cap)."""
    scores = dict(CAPS)
    missing = 100 - total
    while missing > 0:
        c = rng.choice(list(scores))
        if scores[c] > 0:
            scores[c] -= 1
            missing -= 1
    return scores


def load(*, admin, stdout) -> None:
    rng = random.Random(2026_1103)  # noqa: S311 - a fixed seed makes the demo reproducible
    today = timezone.localdate()
    if not RatingSheet.objects.exists():
        services.rating_sheet_create(
            by=admin, number=1, effective_from=date(today.year - 1, 1, 1), criteria=dict(CRITERIA)
        )
    last = RatingCampaign.objects.filter(year=today.year - 1).first()
    if last is None:
        last = services.rating_campaign_create(by=admin, year=today.year - 1)
        ratings = list(OrgRating.objects.filter(campaign=last).order_by("party_organization__path"))
        five = set(rng.sample(range(len(ratings)), k=min(FIVE_STAR_ORGS, len(ratings))))
        for index, rating in enumerate(ratings):
            own = rng.randint(88, 98) if index in five else rng.randint(55, 89)
            rating.self_scores, rating.self_total = _spread(rng, own), own
        OrgRating.objects.bulk_update(ratings, ["self_scores", "self_total"])
        last = services.campaign_advance(by=admin, campaign=last)
        last = services.campaign_advance(by=admin, campaign=last)
        for index, rating in enumerate(ratings):
            total = rng.randint(90, 99) if index in five else rng.randint(50, 89)
            rating.inspection_scores, rating.inspection_total = _spread(rng, total), total
            rating.guide_cadre = rng.choice(["县委常委联系", "县人大副主任联系", "县政府副县长联系"])
            rating.guide_instructor = "“红帆”党建指导员"
        OrgRating.objects.bulk_update(
            ratings, ["inspection_scores", "inspection_total", "guide_cadre", "guide_instructor"]
        )
        services.campaign_advance(by=admin, campaign=last)
    # 红旗支部: five-star organisations that cover an entity, judged on their track's 五强.
    if not RedFlagCandidate.objects.exists():
        covered = set(
            Entity.objects.filter(party_organization__isnull=False).values_list("party_organization", flat=True)
        )
        five_star = OrgRating.objects.filter(campaign=last, stars=5, party_organization__in=covered).select_related(
            "party_organization", "campaign"
        )
        for i, rating in enumerate(five_star.order_by("-inspection_total", "party_organization__path")[:20]):
            candidate = services.red_flag_nominate(
                by=admin,
                rating=rating,
                strengths=[rng.randint(15, 20) for _ in range(5)],
                is_demo_point=i < 12,
                demo_point_note="市级“双强六好”示范点" if i < 12 else "",
            )
            if i < 10:
                services.red_flag_select(by=admin, candidate=candidate, selected=True)
    if not RatingCampaign.objects.filter(year=today.year).exists():
        current = services.rating_campaign_create(by=admin, year=today.year)
        for rating in OrgRating.objects.filter(campaign=current).select_related("campaign__sheet")[:120]:
            own = rng.randint(60, 98)
            rating.self_scores, rating.self_total = _spread(rng, own), own
            rating.save()
    _designations(rng, today.year - 1)
    stdout.write(
        f"评星定级：五星级党组织 {OrgRating.objects.filter(campaign=last, stars=5).count()} 个，"
        f"红旗支部 {RedFlagCandidate.objects.filter(selected=True).count()} 个；"
        f"示范车间、班组、先锋岗 {Designation.objects.exclude(kind=DesignationKind.COMMITMENT).count()} 个。"
    )


def _designations(rng, year: int) -> None:
    if Designation.objects.filter(year=year).exists():
        return
    members = list(
        Person.objects.filter(stage__in=("probationary", "full"))
        .order_by("id_number")
        .values_list("pk", "party_organization", "name")
    )
    orgs = list(services.rated_organizations().order_by("path").values_list("pk", flat=True))
    rows = []
    for i, org in enumerate(orgs):
        rows.append(Designation(party_organization_id=org, kind=DesignationKind.TEAM, name="党员示范班组", year=year))
        if i % 2 == 0:
            rows.append(
                Designation(party_organization_id=org, kind=DesignationKind.TEAM, name="党员突击队班组", year=year)
            )
        if i % 2 == 1:
            rows.append(
                Designation(party_organization_id=org, kind=DesignationKind.WORKSHOP, name="党员示范车间", year=year)
            )
    for pk, org, name in members:
        rows.append(
            Designation(
                party_organization_id=org,
                kind=DesignationKind.VANGUARD_POST,
                name=f"{rng.choice(POSTS)}（{name}）",
                person_id=pk,
                year=year,
            )
        )
        if rng.random() < 0.5:
            rows.append(
                Designation(
                    party_organization_id=org,
                    kind=DesignationKind.COMMITMENT,
                    name=f"三亮三比承诺（{name}）",
                    person_id=pk,
                    commitment=rng.choice(COMMITMENTS),
                    year=year,
                )
            )
    bulk_create_with_history(rows, Designation, batch_size=1000)
