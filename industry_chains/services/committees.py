"""Writes of the chain committees: members, the “2+2+7+N” units, member enterprises and their instructors.

County staff and the chain's own staff keep a chain's records; everybody else only reads them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from core.choices import Role
from core.models import User
from industry_chains.choices import UNIT_LIMITS, MemberRole, UnitKind
from industry_chains.models import ChainEnterprise, ChainMember, ChainUnit, IndustryChain
from organizations.models import Entity, Instructor


def require_chain_keeper(by: User, chain: IndustryChain) -> None:
    """Refuse anyone but county staff and the chain committee's own staff."""
    if (
        by.is_authenticated
        and by.is_active
        and (by.is_county_admin or (by.role == Role.CHAIN_STAFF and by.chain_id == chain.pk))
    ):
        return
    raise ValidationError(f"只有县级管理员和“{chain}”产业链党委工作人员可以维护该产业链的信息。", code="wrong_role")


@transaction.atomic
def member_add(
    *, by: User, chain: IndustryChain, name: str, role: str, unit: str = "", position: str = "", phone: str = ""
) -> ChainMember:
    """Add a committee member; a chain has one secretary, the head of its task force."""
    require_chain_keeper(by, chain)
    if role == MemberRole.SECRETARY and chain.members.filter(role=MemberRole.SECRETARY).exists():
        raise ValidationError({"role": f"“{chain}”产业链党委已有书记（产业专班主任），请先调整原书记。"})
    member = ChainMember(
        chain=chain,
        name=(name or "").strip(),
        role=role,
        unit=(unit or "").strip(),
        position=(position or "").strip(),
        phone=(phone or "").strip(),
        sort_order=chain.members.count(),
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def unit_add(*, by: User, chain: IndustryChain, kind: str, name: str, duty: str = "") -> ChainUnit:
    """Add a unit of the “2+2+7+N” structure: at most two leading, two implementing and seven factor groups."""
    require_chain_keeper(by, chain)
    limit = UNIT_LIMITS.get(kind)
    if kind in UnitKind.values and limit is not None and chain.units.filter(kind=kind).count() >= limit:
        raise ValidationError({"kind": f"“2+2+7+N”中{UnitKind(kind).label}最多 {limit} 个。"})
    unit = ChainUnit(chain=chain, kind=kind, name=(name or "").strip(), duty=(duty or "").strip())
    unit.sort_order = chain.units.filter(kind=kind).count()
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def enterprise_add(
    *, by: User, chain: IndustryChain, entity: Entity, joined_on: datetime.date, instructor: Instructor | None = None
) -> ChainEnterprise:
    """Enrol an enterprise as a member of the chain, with its instructor; it takes the last place in the duty order."""
    require_chain_keeper(by, chain)
    if entity is None or not entity.is_operating:
        raise ValidationError({"entity": "请选择正常经营的企业。"})
    if ChainEnterprise.objects.filter(chain=chain, entity=entity).exists():
        raise ValidationError({"entity": f"“{entity}”已是该产业链的成员企业。"})
    if instructor is not None and not _instructors_for(by, entity.area_id).filter(pk=instructor.pk).exists():
        raise ValidationError({"instructor": _NOT_OFFERED.format(instructor=instructor)})
    last = chain.enterprises.order_by("-duty_order").values_list("duty_order", flat=True).first()
    enterprise = ChainEnterprise(
        chain=chain, entity=entity, instructor=instructor, joined_on=joined_on, duty_order=(last or 0) + 1
    )
    enterprise.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:
        raise ValidationError({"entity": f"“{entity}”已是该产业链的成员企业。"}) from None
    return enterprise


def instructor_choices(*, by: User, enterprise: ChainEnterprise) -> QuerySet[Instructor]:
    """The instructors a user may give a member enterprise: those offered to them anywhere, and those of its area."""
    # Chain staff have no area or organisation, so ``choices_for`` offers them nobody; the instructors sent to
    # the enterprise's own town or park are the ones who can reach it (as when an area assigns instructors).
    return _instructors_for(by, enterprise.entity.area_id)


def _instructors_for(by: User, area_id: int | None) -> QuerySet[Instructor]:
    offered = Instructor.objects.choices_for(by).values("pk")
    return Instructor.objects.filter(Q(pk__in=offered) | Q(area_id=area_id))


_NOT_OFFERED = "“{instructor}”不在可选的党建指导员之列：请选择本企业所在街镇/园区的指导员。"


def enterprise_instructor_check(*, by: User, enterprise: ChainEnterprise, instructor: Instructor | None) -> None:
    """Refuse, without saving anything, an instructor change that ``enterprise_assign_instructor`` would refuse."""
    require_chain_keeper(by, enterprise.chain)
    if not enterprise.is_active:
        raise ValidationError(f"“{enterprise}”已不是“{enterprise.chain}”产业链的在册成员企业，不能再更换党建指导员。")
    offered = instructor_choices(by=by, enterprise=enterprise)
    if instructor is not None and not offered.filter(pk=instructor.pk).exists():
        raise ValidationError({"instructor": _NOT_OFFERED.format(instructor=instructor)})
    if (instructor.pk if instructor else None) == enterprise.instructor_id:
        current = f"已是“{instructor}”" if instructor else "尚未配备"
        raise ValidationError({"instructor": f"“{enterprise}”的党建指导员{current}，无需更换。"})


@transaction.atomic
def enterprise_assign_instructor(
    *, by: User, enterprise: ChainEnterprise, instructor: Instructor | None
) -> ChainEnterprise:
    """Give a member enterprise its Party-building instructor (or none); the history keeps who changed it."""
    enterprise_instructor_check(by=by, enterprise=enterprise, instructor=instructor)
    enterprise.instructor = instructor
    enterprise.full_clean(validate_constraints=False)
    # Also outside a request (API, shell, tasks) the audit trail names who made the change.
    enterprise._history_user = by
    enterprise.save(update_fields=["instructor"])
    return enterprise
