"""Writes and rules of the quarterly scorecard (积分卡) of activists and probationary members.

The secretary scores the four dimensions (each within its cap; the total is their sum, never typed), submits;
the area committee reviews or returns with a reason; reviewed cards are posted (公示) and become final when the
posting ends.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.choices import Role
from core.models import User
from members.choices import Stage
from members.models import Person
from scoring.choices import Dimension, ScorecardStatus
from scoring.models import Scorecard, ScorecardDimension, ScorecardTemplate

SCORED_STAGES = (Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)
EDITABLE = (ScorecardStatus.DRAFT, ScorecardStatus.RETURNED)


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def template_for(year: int, quarter: int) -> ScorecardTemplate:
    """The scorecard template in force on the quarter's first day."""
    template = (
        ScorecardTemplate.objects.filter(effective_from__lte=quarter_start(year, quarter))
        .order_by("-effective_from")
        .first()
    )
    if template is None:
        raise ValidationError(f"{year}年第{quarter}季度没有施行中的积分卡模板。")
    return template


@transaction.atomic
def scorecard_template_create(
    *, by: User, number: int, effective_from: date, dimensions: dict[str, tuple[int, str]]
) -> ScorecardTemplate:
    """Publish a template version: the four dimensions with caps summing to 100 and their detailed items."""
    if not by.is_county_admin:
        raise ValidationError("积分卡模板由县委社会工作部制定，您没有权限。")
    if set(dimensions) != set(Dimension.values):
        raise ValidationError("积分卡应包含政治思想、遵章守纪、团结互助、工作实绩四个维度。")
    total = sum(cap for cap, _items in dimensions.values())
    if total != 100:
        raise ValidationError(f"四个维度的满分合计应为 100 分，当前为 {total} 分。")
    template = ScorecardTemplate(number=number, effective_from=effective_from)
    template.full_clean()
    template.save()
    for dimension, (cap, items) in dimensions.items():
        ScorecardDimension.objects.create(template=template, dimension=dimension, cap=cap, items=items)
    return template


def _check_scores(template: ScorecardTemplate, scores: dict[str, int | None]) -> dict[str, int]:
    caps = {d.dimension: d.cap for d in template.dimensions.all()}
    clean: dict[str, int] = {}
    for dimension in Dimension:
        value = scores.get(dimension.value)
        cap = caps[dimension.value]
        if value is None:
            raise ValidationError({dimension.value: f"请填写{dimension.label}得分。"})
        if not 0 <= value <= cap:
            raise ValidationError(
                {dimension.value: f"{dimension.label}得分应在 0 到 {cap} 分之间，当前为 {value} 分。"}
            )
        clean[dimension.value] = value
    return clean


@transaction.atomic
def scorecard_save(*, by: User, person: Person, year: int, quarter: int, scores: dict[str, int | None]) -> Scorecard:
    """Create or change the quarter's scorecard of one person while it is a draft or returned."""
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError({"person": "该人员不在您的管理范围内。"})
    if person.stage not in SCORED_STAGES:
        raise ValidationError(
            {"person": f"{person.name}是{person.get_stage_display()}，积分卡只用于入党积极分子和预备党员。"}
        )
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度应为 1 到 4。"})
    template = template_for(year, quarter)
    clean = _check_scores(template, scores)
    card = Scorecard.objects.select_for_update().filter(person=person, year=year, quarter=quarter).first()
    if card is None:
        card = Scorecard(person=person, year=year, quarter=quarter, template=template)
    else:
        scorecard_edit_check(by=by, scorecard=card)
    card.party_organization_id = person.party_organization_id
    for field, value in clean.items():
        setattr(card, field, value)
    card.total = sum(clean.values())
    card.full_clean()
    card.save()
    return card


def _move(card: Scorecard, *, to: str, allowed: tuple, **fields) -> Scorecard:
    updated = Scorecard.objects.filter(pk=card.pk, status__in=allowed).update(status=to, **fields)
    if not updated:
        card.refresh_from_db()
        raise ValidationError(f"该积分卡当前为“{card.get_status_display()}”，不能办理。")
    card.refresh_from_db()
    card.save()  # one history row per step
    return card


def scorecard_submit(*, by: User, scorecard: Scorecard) -> Scorecard:
    """The secretary hands the scorecard to the area committee."""
    if not Scorecard.objects.editable_by(by).filter(pk=scorecard.pk).exists():
        raise ValidationError("该积分卡不在您的管理范围内。")
    scorecard_edit_check(by=by, scorecard=scorecard)
    return _move(scorecard, to=ScorecardStatus.SUBMITTED, allowed=EDITABLE, return_reason="")


def scorecard_edit_check(*, by: User, scorecard: Scorecard) -> None:
    """Whether the user may still change (and hand in) this card: a draft or a returned one. A returned card is
    corrected by its organisation: those who review it, and so returned it, may not rewrite it themselves.
    Raises the refusal; the card's page offers 修改评分 only where this passes."""
    if scorecard.status not in EDITABLE:
        raise ValidationError(f"该积分卡{scorecard.get_status_display()}，不能再修改。")
    if scorecard.status == ScorecardStatus.RETURNED and can_review(by, scorecard):
        raise ValidationError("退回的积分卡由党组织修改后重新提交，审核方不能修改。", code="reviewer")


def can_review(user: User, scorecard: Scorecard) -> bool:
    """The area committee of the organisation's area, or county staff."""
    if not user.is_authenticated:
        return False
    if user.is_county_admin:
        return True
    return user.role == Role.AREA_REVIEWER and user.area_id == scorecard.party_organization.area_id


def scorecard_review(*, by: User, scorecard: Scorecard) -> Scorecard:
    if not can_review(by, scorecard):
        raise ValidationError("积分卡由所在街镇/园区党（工）委审核，您没有权限。")
    return _move(scorecard, to=ScorecardStatus.REVIEWED, allowed=(ScorecardStatus.SUBMITTED,))


def scorecard_return(*, by: User, scorecard: Scorecard, reason: str) -> Scorecard:
    if not can_review(by, scorecard):
        raise ValidationError("积分卡由所在街镇/园区党（工）委审核，您没有权限。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回时请写明原因。"})
    return _move(
        scorecard,
        to=ScorecardStatus.RETURNED,
        allowed=(ScorecardStatus.SUBMITTED, ScorecardStatus.REVIEWED),
        return_reason=reason[:300],
    )
