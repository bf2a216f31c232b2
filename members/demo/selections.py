"""Demo data of the members area: selections (called by manage.py load_demo; safe to run twice).

Targets from the article: 20 secretaries and 10 “红帆” instructors selected as 红色头雁 in 2024 (with some
not selected and some returned), a few named studios; 60 entrepreneurs on benchmark study, 8 MBA
graduates and 39 honoured across 功勋/杰出/优秀.
"""

import random
from datetime import date

from django.db import transaction

from members.choices import EntrepreneurHonourLevel, NominationStep, SelectionKind, TrainingKind
from members.models import (
    AssociationMembership,
    Entrepreneur,
    EntrepreneurHonour,
    EntrepreneurTraining,
    Nomination,
    Person,
    SelectionCampaign,
    Studio,
)
from members.validators import id_check_char
from organizations.choices import EntityKind
from organizations.models import Entity, Instructor, PartyOrganization

YEAR = 2024
SECRETARIES = {"selected": 20, "not_selected": 4, "returned": 2, "reviewed": 2}
INSTRUCTORS = {"selected": 10, "not_selected": 2, "returned": 1}
STUDIOS = 6
ENTREPRENEURS = 80
BENCHMARK, MBA, HONOURED = 60, 8, 39
HONOUR_SPLIT = {
    EntrepreneurHonourLevel.MERIT: 6,
    EntrepreneurHonourLevel.OUTSTANDING: 13,
    EntrepreneurHonourLevel.EXCELLENT: 20,
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国志强丽华海涛红梅晓东文静国庆春燕立新秀英德明玉兰"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def _secretaries(rng: random.Random, count: int) -> list[Person]:
    """Secretaries of Party organisations below the area committees, created when missing."""
    orgs = list(PartyOrganization.objects.filter(depth__gt=1).order_by("path")[:count])
    people = []
    for index, org in enumerate(orgs):
        first17 = f"3708301975{(index % 12) + 1:02d}{(index % 28) + 1:02d}9{(index * 2 + 1) % 100:02d}"
        person = Person.objects.filter(party_organization=org, post="management").first()
        if person is None:
            person, _ = Person.objects.get_or_create(
                id_number=first17 + id_check_char(first17),
                defaults={
                    "name": _name(rng),
                    "gender": "M",
                    "birth_date": date(1975, (index % 12) + 1, (index % 28) + 1),
                    "party_organization": org,
                    "post": "management",
                    "stage": "full",
                },
            )
        people.append(person)
    return people


def _fill(campaign: SelectionCampaign, nominees, plan: dict, *, field: str) -> int:
    created = 0
    steps = [step for step, n in plan.items() for _ in range(n)]
    for nominee, step in zip(nominees, steps, strict=False):
        if Nomination.objects.filter(campaign=campaign, **{field: nominee}).exists():
            continue
        if field == "person":
            org, area_id = nominee.party_organization, nominee.party_organization.area_id
        else:
            org, area_id = None, nominee.area_id
        Nomination.objects.create(
            campaign=campaign,
            party_organization=org,
            area_id=area_id,
            step=step,
            statement=f"{nominee}同志扎根基层党建工作，带领党组织创建示范点，成效显著。",
            return_reason="事迹材料不够具体，请补充近三年工作成效。" if step == NominationStep.RETURNED else "",
            **{field: nominee},
        )
        created += 1
    return created


@transaction.atomic
def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(20240601)  # noqa: S311 - a fixed seed makes the demo reproducible
    secretary_campaign, _ = SelectionCampaign.objects.get_or_create(
        kind=SelectionKind.SECRETARY, year=YEAR, defaults={"quota": 20}
    )
    instructor_campaign, _ = SelectionCampaign.objects.get_or_create(
        kind=SelectionKind.INSTRUCTOR, year=YEAR, defaults={"quota": 10}
    )
    made = _fill(secretary_campaign, _secretaries(rng, sum(SECRETARIES.values())), SECRETARIES, field="person")
    instructors = list(Instructor.objects.order_by("-is_red_sail", "pk")[: sum(INSTRUCTORS.values())])
    made += _fill(instructor_campaign, instructors, INSTRUCTORS, field="instructor")

    winners = Nomination.objects.filter(step=NominationStep.SELECTED, studio__isnull=True).select_related(
        "person", "instructor"
    )
    for nomination in winners[: max(0, STUDIOS - Studio.objects.count())]:
        Studio.objects.get_or_create(
            name=f"{nomination}头雁工作室", defaults={"nomination": nomination, "founded_on": date(YEAR, 12, 18)}
        )

    _entrepreneurs(rng)
    stdout.write(
        f"红色头雁：新增候选人 {made} 名，入选 {Nomination.objects.filter(step=NominationStep.SELECTED).count()} 名，"
        f"工作室 {Studio.objects.count()} 个；企业家 {Entrepreneur.objects.count()} 名，"
        f"获评荣誉 {EntrepreneurHonour.objects.values('entrepreneur').distinct().count()} 名"
    )


def _entrepreneurs(rng: random.Random) -> None:
    entities = list(
        Entity.objects.filter(kind=EntityKind.ENTERPRISE, entrepreneurs__isnull=True).order_by("pk")[
            : max(0, ENTREPRENEURS - Entrepreneur.objects.count())
        ]
    )
    Entrepreneur.objects.bulk_create(
        [Entrepreneur(name=_name(rng), entity=entity, title=rng.choice(["董事长", "总经理"])) for entity in entities]
    )
    people = list(Entrepreneur.objects.order_by("pk")[:ENTREPRENEURS])

    def top_up(kind, target, start, **extra):
        have = EntrepreneurTraining.objects.filter(kind=kind, **extra).values("entrepreneur").distinct().count()
        candidates = [p for p in people[start:] if not p.trainings.filter(kind=kind).exists()]
        EntrepreneurTraining.objects.bulk_create(
            [
                EntrepreneurTraining(
                    entrepreneur=p,
                    kind=kind,
                    program=program_for(kind),
                    year=YEAR,
                    graduated=extra.get("graduated", False),
                )
                for p in candidates[: max(0, target - have)]
            ]
        )

    def program_for(kind):
        return {
            TrainingKind.BENCHMARK: "赴先进地区标杆企业学习",
            TrainingKind.MBA: "工商管理硕士（MBA）",
        }.get(kind, "企业家培训")

    top_up(TrainingKind.BENCHMARK, BENCHMARK, 0)
    top_up(TrainingKind.MBA, MBA, 10, graduated=True)
    EntrepreneurTraining.objects.get_or_create(
        entrepreneur=people[0],
        kind=TrainingKind.EMBA,
        defaults={"program": "高级管理人员工商管理硕士（EMBA）", "year": YEAR},
    ) if people else None

    honoured = set(EntrepreneurHonour.objects.values_list("entrepreneur_id", flat=True))
    free = [p for p in people if p.pk not in honoured]
    for level, target in HONOUR_SPLIT.items():
        have = EntrepreneurHonour.objects.filter(level=level).values("entrepreneur").distinct().count()
        for person in free[: max(0, target - have)]:
            EntrepreneurHonour.objects.get_or_create(entrepreneur=person, level=level, year=YEAR)
        free = free[max(0, target - have) :]

    associations = list(Entity.objects.filter(kind=EntityKind.ASSOCIATION).order_by("pk")[:5])
    if associations:
        for index, person in enumerate(people[:30]):
            AssociationMembership.objects.get_or_create(
                entrepreneur=person,
                association=associations[index % len(associations)],
                defaults={"role": "副会长" if index < 5 else "会员"},
            )
