"""Builders of the scoring tests: people, a handbook version, a scorecard template, a rating sheet."""

from datetime import date
from itertools import count

from members.choices import Gender, Stage
from members.models import Person
from members.validators import id_check_char
from scoring.choices import Criterion, Dimension, Star
from scoring.models import (
    HandbookVersion,
    PointRule,
    RatingCriterion,
    RatingSheet,
    ScorecardDimension,
    ScorecardTemplate,
)

_serial = count(1)


def make_person(org, name: str = "张党员", stage: str = Stage.FULL) -> Person:
    first17 = f"37083019850101{next(_serial) % 1000:03d}"
    return Person.objects.create(
        name=name,
        gender=Gender.MALE if int(first17[16]) % 2 else Gender.FEMALE,
        birth_date=date(1985, 1, 1),
        id_number=first17 + id_check_char(first17),
        party_organization=org,
        stage=stage,
    )


# (code, name, star, points, monthly cap)
RULES = [
    ("XX01", "参加集中学习", Star.STUDY, 2, 8),
    ("XX02", "学习心得", Star.STUDY, 5, 10),
    ("BF01", "社区报到志愿服务", Star.CARE, 3, 12),
    ("JY01", "技能竞赛获奖", Star.DEDICATION, 10, 20),
    ("YJ01", "完成重点任务", Star.PERFORMANCE, 5, 15),
    ("JC01", "金点子被采纳", Star.INNOVATION, 10, 20),
]


def make_handbook(number: int = 1, effective_from: date = date(2025, 1, 1), points_factor: int = 1) -> HandbookVersion:
    version = HandbookVersion.objects.create(number=number, effective_from=effective_from)
    PointRule.objects.bulk_create(
        PointRule(
            version=version,
            code=code,
            name=name,
            star=star,
            points=points * points_factor,
            monthly_cap=cap * points_factor,
            sort_order=i,
        )
        for i, (code, name, star, points, cap) in enumerate(RULES)
    )
    return version


def rule(version: HandbookVersion, code: str) -> PointRule:
    return version.rules.get(code=code)


def make_template(number: int = 1, effective_from: date = date(2025, 1, 1)) -> ScorecardTemplate:
    template = ScorecardTemplate.objects.create(number=number, effective_from=effective_from)
    for dimension, cap in zip(Dimension.values, (30, 20, 20, 30), strict=True):
        ScorecardDimension.objects.create(
            template=template, dimension=dimension, cap=cap, items="按时参加学习\n遵守纪律\n"
        )
    return template


def make_sheet(number: int = 1, effective_from: date = date(2025, 1, 1)) -> RatingSheet:
    sheet = RatingSheet.objects.create(number=number, effective_from=effective_from)
    for criterion, cap in zip(Criterion.values, (20, 15, 20, 15, 15, 15), strict=True):
        RatingCriterion.objects.create(sheet=sheet, criterion=criterion, cap=cap, rules="细则")
    return sheet


def publish(by, **values):
    """Publish a posting as the page does: preview it, then confirm with the preview's token."""
    from scoring.services import postings

    preview = postings.posting_preview(by=by, **values)
    return postings.posting_publish(by=by, token=preview.token, **values)
