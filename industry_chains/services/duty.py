"""Rotating duty (轮值): member enterprises take turns every two months; changes need a reason.

Activities (红色沙龙) are recorded against the duty turn whose period they fall in.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from industry_chains.choices import ActivityKind, TurnStatus
from industry_chains.models import ChainActivity, ChainEnterprise, DutyTurn, IndustryChain
from industry_chains.services.committees import require_chain_keeper

MAX_ROUNDS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "调整轮值须说明原因。"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因不能超过 200 个字。"})
    return reason


@transaction.atomic
def duty_schedule_generate(*, by: User, chain: IndustryChain, start: datetime.date, rounds: int = 1) -> list[DutyTurn]:
    """Give every active member enterprise, in duty order, a turn of DUTY_TURN_MONTHS months from ``start``."""
    require_chain_keeper(by, chain)
    if start is None or start.day != 1:
        raise ValidationError({"start": "轮值从某月 1 日开始，请选择月初日期。"})
    if not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
        raise ValidationError({"rounds": f"一次可排 1 到 {MAX_ROUNDS} 轮。"})
    list(IndustryChain.objects.select_for_update().filter(pk=chain.pk).values_list("pk", flat=True))
    last_end = chain.duty_turns.order_by("-ends_on").values_list("ends_on", flat=True).first()
    if last_end is not None and start <= last_end:
        raise ValidationError({"start": f"已排轮值到 {last_end:%Y-%m-%d}，新的安排须从其后开始。"})
    enterprises = list(chain.enterprises.filter(is_active=True).order_by("duty_order", "pk"))
    if not enterprises:
        raise ValidationError("该产业链还没有在册成员企业，无法排班。")
    months = settings.DUTY_TURN_MONTHS
    turns = []
    begin = start
    for _round in range(rounds):
        for enterprise in enterprises:
            end = add_months(begin, months) - datetime.timedelta(days=1)
            turns.append(DutyTurn(chain=chain, enterprise=enterprise, starts_on=begin, ends_on=end))
            begin = end + datetime.timedelta(days=1)
    for turn in turns:
        turn.full_clean(validate_constraints=False)
    return DutyTurn.objects.bulk_create(turns)


def _changeable(turn: DutyTurn) -> None:
    if turn.ends_on < timezone.localdate():
        raise ValidationError("该轮值期已结束，不能再调整。")


@transaction.atomic
def duty_turn_swap(*, by: User, turn: DutyTurn, other: DutyTurn, reason: str) -> DutyTurn:
    """Swap the enterprises of two turns of the same chain."""
    require_chain_keeper(by, turn.chain)
    if other is None or other.chain_id != turn.chain_id or other.pk == turn.pk:
        raise ValidationError({"other": "请选择同一产业链的另一轮值期。"})
    _changeable(turn)
    _changeable(other)
    reason = _reason(reason)
    turn.enterprise, other.enterprise = other.enterprise, turn.enterprise
    for item in (turn, other):
        item.status = TurnStatus.SWAPPED
        item.reason = reason
        item.full_clean(validate_constraints=False)
        item.save()
    return turn


@transaction.atomic
def duty_turn_reassign(*, by: User, turn: DutyTurn, enterprise: ChainEnterprise, reason: str) -> DutyTurn:
    """Give a turn to another member enterprise of the same chain."""
    require_chain_keeper(by, turn.chain)
    if enterprise is None or enterprise.chain_id != turn.chain_id or not enterprise.is_active:
        raise ValidationError({"enterprise": f"该企业不是“{turn.chain}”产业链的在册成员企业，不能承担轮值。"})
    _changeable(turn)
    turn.reason = _reason(reason)
    turn.enterprise = enterprise
    turn.status = TurnStatus.REASSIGNED
    turn.full_clean(validate_constraints=False)
    turn.save()
    return turn


@transaction.atomic
def duty_turn_skip(*, by: User, turn: DutyTurn, reason: str) -> DutyTurn:
    """Skip a turn (轮空): nobody is on duty in that period."""
    require_chain_keeper(by, turn.chain)
    _changeable(turn)
    turn.reason = _reason(reason)
    turn.status = TurnStatus.SKIPPED
    turn.full_clean(validate_constraints=False)
    turn.save()
    return turn


def turn_on(chain: IndustryChain, day: datetime.date) -> DutyTurn | None:
    """The turn whose period holds ``day`` (a skipped turn means nobody is on duty)."""
    return (
        chain.duty_turns.select_related("enterprise__entity")
        .filter(starts_on__lte=day, ends_on__gte=day)
        .exclude(status=TurnStatus.SKIPPED)
        .first()
    )


@transaction.atomic
def activity_record(
    *,
    by: User,
    chain: IndustryChain,
    kind: str,
    title: str,
    held_on: datetime.date,
    participants: int = 0,
    summary: str = "",
    benefits_enterprises: bool = False,
) -> ChainActivity:
    """Record a 红色沙龙 activity; it is filed under the duty turn its date falls in."""
    require_chain_keeper(by, chain)
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": "请选择活动形式（现场观摩、政策宣传、座谈交流、教育培训）。"})
    if held_on is None:
        raise ValidationError({"held_on": "请填写举办日期。"})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "只能登记已经举办的活动。"})
    activity = ChainActivity(
        chain=chain,
        duty_turn=turn_on(chain, held_on),
        kind=kind,
        title=(title or "").strip(),
        held_on=held_on,
        participants=participants or 0,
        summary=(summary or "").strip(),
        benefits_enterprises=bool(benefits_enterprises),
        recorded_by=by,
    )
    activity.full_clean()
    activity.save()
    return activity
