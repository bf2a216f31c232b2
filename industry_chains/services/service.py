"""Writes of 党建惠企: department handlers (部门报到), the 红领专家 team and visits, the policy package, results."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.choices import Role
from core.models import User
from industry_chains.choices import ResultKind
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
from industry_chains.services.committees import require_chain_keeper


def _require_department(by: User, department: Department | None, action: str) -> None:
    if department is None:
        raise ValidationError({"department": "请选择部门。"})
    if (
        by.is_authenticated
        and by.is_active
        and (by.is_county_admin or (by.role == Role.DEPT_HANDLER and by.department_id == department.pk))
    ):
        return
    raise ValidationError(f"只有县级管理员和{department}的经办人可以{action}。", code="wrong_role")


def _not_future(value: datetime.date | None, field: str, label: str) -> datetime.date:
    if value is None:
        raise ValidationError({field: f"请填写{label}。"})
    if value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    return value


@transaction.atomic
def handler_report(
    *,
    by: User,
    department: Department,
    name: str,
    reported_on: datetime.date,
    position: str = "",
    phone: str = "",
    chains=(),
) -> DepartmentHandler:
    """部门报到: a department names a contact for the chains it serves."""
    _require_department(by, department, "登记报到人员")
    _not_future(reported_on, "reported_on", "报到日期")
    handler = DepartmentHandler(
        department=department,
        name=(name or "").strip(),
        position=(position or "").strip(),
        phone=(phone or "").strip(),
        reported_on=reported_on,
    )
    handler.full_clean()
    handler.save()
    handler.chains.set(chains or [])
    return handler


@transaction.atomic
def expert_add(
    *, by: User, name: str, unit: str, specialty: str, phone: str = "", chain: IndustryChain | None = None
) -> Expert:
    """Add a member of the 红领专家 service team (county staff; a chain's staff for their own chain)."""
    if chain is not None:
        require_chain_keeper(by, chain)
    elif not (by.is_authenticated and by.is_county_admin):
        raise ValidationError("服务全县的红领专家由县级管理员登记。", code="wrong_role")
    expert = Expert(
        name=(name or "").strip(),
        unit=(unit or "").strip(),
        specialty=(specialty or "").strip(),
        phone=phone,
        chain=chain,
    )
    expert.full_clean()
    expert.save()
    return expert


@transaction.atomic
def visit_record(
    *, by: User, expert: Expert, enterprise: ChainEnterprise, visited_on: datetime.date, topic: str, outcome: str = ""
) -> ExpertVisit:
    """Record a 红领专家 visit to a member enterprise."""
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择服务企业。"})
    require_chain_keeper(by, enterprise.chain)
    _not_future(visited_on, "visited_on", "服务日期")
    visit = ExpertVisit(
        expert=expert, enterprise=enterprise, visited_on=visited_on, topic=(topic or "").strip(), outcome=outcome
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def policy_publish(
    *,
    by: User,
    title: str,
    issuing_department: Department,
    category: str,
    summary: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    chains=(),
    min_staff: int = 0,
) -> Policy:
    """Put a policy into the 政策大礼包 (county staff or the issuing department)."""
    _require_department(by, issuing_department, "发布该部门的政策")
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": "有效期至不能早于生效日期。"})
    policy = Policy(
        title=(title or "").strip(),
        issuing_department=issuing_department,
        category=category,
        summary=(summary or "").strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        min_staff=min_staff or 0,
    )
    policy.full_clean()
    policy.save()
    policy.chains.set(chains or [])
    return policy


@transaction.atomic
def result_record(
    *,
    by: User,
    enterprise: ChainEnterprise,
    kind: str,
    title: str,
    achieved_on: datetime.date,
    amount: Decimal | None = None,
    note: str = "",
) -> EnterpriseResult:
    """Record a result of a member enterprise: a loan (with its amount), a title, a project."""
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择企业。"})
    require_chain_keeper(by, enterprise.chain)
    _not_future(achieved_on, "achieved_on", "取得日期")
    if kind == ResultKind.LOAN and (amount is None or amount <= 0):
        raise ValidationError({"amount": "获得贷款须填写金额（万元）。"})
    result = EnterpriseResult(
        enterprise=enterprise, kind=kind, title=(title or "").strip(), achieved_on=achieved_on, amount=amount, note=note
    )
    result.full_clean()
    result.save()
    return result
