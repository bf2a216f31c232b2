"""The issue closed loop (企业吹哨、部门报到): each step is one function, taken only by the role that owns it.

report (企业党组织书记) → accept or return (产业链党委) → dispatch (产业链党委/专班) → reply (主办、协办部门)
→ optional consultation (会商) → confirm and rate (企业), which closes the ticket (销号), or reject, which
reopens it for the lead department. A lead department may ask once for an extension before its deadline.
Overdue tickets are put under supervision (督办) by ``tickets_supervise_overdue``, a set-based job.

A refused step raises ValidationError with a Chinese reason before anything is written.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.models import User
from core.notifications import notify
from core.workdays import add_workdays
from industry_chains.choices import HandlerRole, TicketCategory, TicketStatus, TicketStep
from industry_chains.models import (
    ChainEnterprise,
    Consultation,
    Department,
    IndustryChain,
    Ticket,
    TicketAssignment,
    TicketEvent,
)
from organizations.models import Entity

RATING_MIN, RATING_MAX = 1, 5
SATISFIED_FROM = 4  # a rating of 4 or 5 counts as satisfied (满意)

STATUS_REFUSALS = {
    TicketStatus.REPORTED: "该诉求尚未接单",
    TicketStatus.RETURNED: "该诉求已退回企业",
    TicketStatus.ACCEPTED: "该诉求尚未派单",
    TicketStatus.DISPATCHED: "该诉求正在部门办理中，尚无主办部门答复",
    TicketStatus.REPLIED: "该诉求已答复，正等待企业确认",
    TicketStatus.CLOSED: "该诉求已销号",
}


def _refuse_status(ticket: Ticket, action: str, *allowed: str) -> None:
    if ticket.status not in allowed:
        raise ValidationError(f"{STATUS_REFUSALS[ticket.status]}，不能{action}。", code="out_of_order")


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _require_committee(by: User, ticket: Ticket, action: str) -> None:
    """接单、退回、派单、会商 belong to the ticket's chain committee (or county staff acting for it)."""
    if not _active(by):
        raise ValidationError("请先登录。", code="wrong_role")
    if by.is_county_admin:
        return
    if by.role == Role.CHAIN_STAFF and by.chain_id == ticket.chain_id:
        return
    raise ValidationError(f"只有“{ticket.chain}”产业链党委可以{action}。", code="wrong_role")


def _require_enterprise(by: User, ticket: Ticket, action: str) -> None:
    """确认、评价、不认可 belong to the reporting enterprise's Party secretary."""
    if not (
        _active(by)
        and by.role == Role.ORG_SECRETARY
        and Entity.objects.editable_by(by).filter(pk=ticket.entity_id).exists()
    ):
        raise ValidationError(f"只有报送企业“{ticket.entity}”的党组织书记可以{action}。", code="wrong_role")


def _assignment_of(by: User, ticket: Ticket, action: str) -> TicketAssignment:
    if not (_active(by) and by.role == Role.DEPT_HANDLER):
        raise ValidationError(f"只有承办部门的经办人可以{action}。", code="wrong_role")
    assignment = ticket.assignments.filter(department_id=by.department_id).first()
    if assignment is None:
        raise ValidationError(f"该诉求未派给{by.department}，不能{action}。", code="wrong_role")
    return assignment


def _locked(ticket: Ticket) -> Ticket:
    """Re-read the ticket under a row lock, so two people cannot take the same step at once."""
    return Ticket.objects.select_for_update().select_related("chain", "entity").get(pk=ticket.pk)


def _event(ticket: Ticket, step: str, by: User | None, *, at, note: str = "", department=None) -> TicketEvent:
    return TicketEvent.objects.create(ticket=ticket, step=step, actor=by, at=at, note=note, department=department)


def _text(value: str, field: str, label: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}。"})
    if max_length and len(value) > max_length:
        raise ValidationError({field: f"{label}不能超过 {max_length} 个字。"})
    return value


def ticket_url(ticket: Ticket) -> str:
    return reverse("industry_chains:ticket_detail", args=[ticket.pk])


def _notify_step(ticket: Ticket, step: str, recipients, title: str, body: str = "", suffix: str = "") -> None:
    notify(
        recipients=recipients,
        kind="chain_ticket",
        title=title,
        body=body,
        url=ticket_url(ticket),
        key=f"ticket:{ticket.pk}:{step}:{suffix}",
    )


def _chain_staff(ticket: Ticket):
    return User.objects.filter(role=Role.CHAIN_STAFF, chain_id=ticket.chain_id, is_active=True)


def _department_staff(department_ids):
    return User.objects.filter(role=Role.DEPT_HANDLER, department_id__in=list(department_ids), is_active=True)


def _enterprise_secretaries(ticket: Ticket):
    org_id = ticket.entity.party_organization_id
    if org_id is None:
        return User.objects.filter(pk=ticket.reported_by_id)
    return User.objects.filter(role=Role.ORG_SECRETARY, party_organization_id=org_id, is_active=True)


@transaction.atomic
def ticket_report(
    *, by: User, chain: IndustryChain, entity: Entity, category: str, title: str, description: str
) -> Ticket:
    """企业吹哨: an enterprise's Party secretary reports a problem of one of the categories."""
    if not (_active(by) and by.role == Role.ORG_SECRETARY):
        raise ValidationError("只有企业党组织书记可以报送诉求。", code="wrong_role")
    if entity is None or not Entity.objects.editable_by(by).filter(pk=entity.pk).exists():
        raise ValidationError({"entity": "只能为本党组织覆盖的企业报送诉求。"})
    if chain is None or not ChainEnterprise.objects.filter(chain=chain, entity=entity, is_active=True).exists():
        raise ValidationError({"chain": f"“{entity}”不是该产业链的在册成员企业。"})
    if category not in TicketCategory.values:
        raise ValidationError({"category": "请选择问题类别。"})
    now = timezone.now()
    ticket = Ticket(
        chain=chain,
        entity=entity,
        category=category,
        title=_text(title, "title", "问题标题", 200),
        description=_text(description, "description", "问题描述"),
        reported_by=by,
        reported_at=now,
    )
    ticket.full_clean()
    ticket.save()
    _event(ticket, TicketStep.REPORT, by, at=now, note=ticket.get_category_display())
    _notify_step(ticket, "report", _chain_staff(ticket), f"新诉求待接单：{ticket.title}", f"{entity}报送")
    return ticket


@transaction.atomic
def ticket_accept(*, by: User, ticket: Ticket, note: str = "") -> Ticket:
    """接单: the chain committee takes the ticket on."""
    ticket = _locked(ticket)
    _require_committee(by, ticket, "接单")
    _refuse_status(ticket, "接单", TicketStatus.REPORTED)
    now = timezone.now()
    ticket.status = TicketStatus.ACCEPTED
    ticket.accepted_at = now
    ticket.full_clean()
    ticket.save()
    _event(ticket, TicketStep.ACCEPT, by, at=now, note=(note or "").strip())
    return ticket


@transaction.atomic
def ticket_return(*, by: User, ticket: Ticket, reason: str) -> Ticket:
    """退回: the chain committee sends the ticket back to the enterprise with a reason."""
    ticket = _locked(ticket)
    _require_committee(by, ticket, "退回诉求")
    _refuse_status(ticket, "退回", TicketStatus.REPORTED)
    reason = _text(reason, "reason", "退回原因", 300)
    now = timezone.now()
    ticket.status = TicketStatus.RETURNED
    ticket.return_reason = reason
    ticket.full_clean()
    ticket.save()
    _event(ticket, TicketStep.RETURN, by, at=now, note=reason)
    _notify_step(ticket, "return", _enterprise_secretaries(ticket), f"诉求被退回：{ticket.title}", reason)
    return ticket


@transaction.atomic
def ticket_dispatch(*, by: User, ticket: Ticket, lead: Department, co_handlers=(), note: str = "") -> Ticket:
    """派单: the task force sends the ticket to a lead department and optional co-handlers, with deadlines."""
    ticket = _locked(ticket)
    _require_committee(by, ticket, "派单")
    _refuse_status(ticket, "派单", TicketStatus.ACCEPTED)
    if lead is None:
        raise ValidationError({"lead": "请选择主办部门。"})
    co_handlers = list({department.pk: department for department in co_handlers or ()}.values())
    if any(department.pk == lead.pk for department in co_handlers):
        raise ValidationError({"co_handlers": "主办部门不能同时作为协办部门。"})
    now = timezone.now()
    today = timezone.localdate()
    lead_due = add_workdays(today, settings.TICKET_LEAD_WORKDAYS)
    co_due = add_workdays(today, settings.TICKET_CO_WORKDAYS)
    assignments = [
        TicketAssignment(
            ticket=ticket,
            department=lead,
            role=HandlerRole.LEAD,
            assigned_at=now,
            due_on=lead_due,
            original_due_on=lead_due,
        )
    ]
    assignments += [
        TicketAssignment(
            ticket=ticket,
            department=department,
            role=HandlerRole.CO,
            assigned_at=now,
            due_on=co_due,
            original_due_on=co_due,
        )
        for department in co_handlers
    ]
    for assignment in assignments:
        assignment.full_clean(exclude=["ticket"], validate_constraints=False)
    TicketAssignment.objects.bulk_create(assignments)
    ticket.status = TicketStatus.DISPATCHED
    ticket.dispatched_at = now
    ticket.lead_department = lead
    ticket.due_on = lead_due
    ticket.full_clean()
    ticket.save()
    names = "、".join(str(department) for department in co_handlers)
    text = f"主办：{lead}（{lead_due:%Y-%m-%d}前）" + (f"；协办：{names}（{co_due:%Y-%m-%d}前）" if names else "")
    if (note or "").strip():
        text += f"。{note.strip()}"
    _event(ticket, TicketStep.DISPATCH, by, at=now, note=text, department=lead)
    _notify_step(
        ticket,
        "dispatch",
        _department_staff([lead.pk, *(d.pk for d in co_handlers)]),
        f"新派单：{ticket.title}",
        text,
        suffix=now.isoformat(),
    )
    return ticket


@transaction.atomic
def ticket_reply(*, by: User, ticket: Ticket, reply: str) -> TicketAssignment:
    """办单: a department assigned to the ticket replies; the lead department's reply goes to the enterprise."""
    ticket = _locked(ticket)
    assignment = _assignment_of(by, ticket, "答复")
    _refuse_status(ticket, "答复", TicketStatus.DISPATCHED)
    if assignment.role == HandlerRole.CO and assignment.replied_at is not None:
        raise ValidationError("本部门已就该诉求反馈协办意见。", code="out_of_order")
    reply = _text(reply, "reply", "办理答复")
    now = timezone.now()
    today = timezone.localdate()
    assignment.reply = reply
    assignment.replied_at = now
    assignment.replied_by = by
    assignment.on_time = today <= assignment.due_on
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    _event(ticket, TicketStep.REPLY, by, at=now, note=reply, department=assignment.department)
    if assignment.role == HandlerRole.LEAD:
        ticket.status = TicketStatus.REPLIED
        ticket.replied_at = now
        ticket.replied_on_time = assignment.on_time
        ticket.is_supervised = False
        ticket.full_clean()
        ticket.save()
        _notify_step(
            ticket,
            "reply",
            _enterprise_secretaries(ticket),
            f"诉求已答复，请确认：{ticket.title}",
            reply,
            suffix=now.isoformat(),
        )
    return assignment


@transaction.atomic
def ticket_consult(
    *, by: User, ticket: Ticket, held_on: datetime.date, attendees: str, minutes: str, decision: str
) -> Consultation:
    """难题会商: the chain committee records a joint consultation on a hard ticket, with minutes and a decision."""
    ticket = _locked(ticket)
    _require_committee(by, ticket, "组织会商")
    _refuse_status(ticket, "会商", TicketStatus.DISPATCHED, TicketStatus.REPLIED)
    if held_on is None:
        raise ValidationError({"held_on": "请填写会商日期。"})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "会商日期不能晚于今天。"})
    if ticket.dispatched_at and held_on < timezone.localtime(ticket.dispatched_at).date():
        raise ValidationError({"held_on": "会商日期不能早于派单日期。"})
    now = timezone.now()
    consultation = Consultation(
        ticket=ticket,
        held_on=held_on,
        attendees=_text(attendees, "attendees", "参会单位", 300),
        minutes=_text(minutes, "minutes", "会商纪要"),
        decision=_text(decision, "decision", "会商意见"),
        recorded_by=by,
        recorded_at=now,
    )
    consultation.full_clean()
    consultation.save()
    _event(ticket, TicketStep.CONSULT, by, at=now, note=f"会商意见：{consultation.decision}")
    return consultation


def ticket_extend_check(*, ticket: Ticket, assignment: TicketAssignment) -> None:
    """Whether a department's assignment may still be extended: the lead's, while being handled, before its
    deadline, once. Raises the refusal; the ticket page offers 申请延期 only where this passes."""
    if assignment.role != HandlerRole.LEAD:
        raise ValidationError("只有主办部门可以申请延期。", code="wrong_role")
    _refuse_status(ticket, "申请延期", TicketStatus.DISPATCHED)
    if timezone.localdate() > assignment.due_on:
        raise ValidationError(f"办理时限 {assignment.due_on:%Y-%m-%d} 已过，不能再申请延期。", code="too_late")
    if assignment.extended_at is not None:
        raise ValidationError("该诉求已延期过一次，不能再次延期。", code="already_extended")


@transaction.atomic
def ticket_extend(*, by: User, ticket: Ticket, workdays: int, reason: str) -> TicketAssignment:
    """申请延期: the lead department asks, before its deadline, for a few more working days (once)."""
    ticket = _locked(ticket)
    assignment = _assignment_of(by, ticket, "申请延期")
    ticket_extend_check(ticket=ticket, assignment=assignment)
    limit = settings.TICKET_EXTENSION_WORKDAYS
    if not isinstance(workdays, int) or not 1 <= workdays <= limit:
        raise ValidationError({"workdays": f"延期天数应为 1 到 {limit} 个工作日。"})
    reason = _text(reason, "reason", "延期理由", 300)
    now = timezone.now()
    old_due = assignment.due_on
    assignment.due_on = add_workdays(old_due, workdays)
    assignment.extension_reason = reason
    assignment.extended_at = now
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    ticket.due_on = assignment.due_on
    ticket.full_clean()
    ticket.save()
    _event(
        ticket,
        TicketStep.EXTEND,
        by,
        at=now,
        note=f"时限由 {old_due:%Y-%m-%d} 延至 {assignment.due_on:%Y-%m-%d}（{workdays} 个工作日）：{reason}",
        department=assignment.department,
    )
    return assignment


def _rating(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not RATING_MIN <= value <= RATING_MAX:
        raise ValidationError({"rating": f"满意度评分应为 {RATING_MIN} 到 {RATING_MAX} 的整数。"})
    return value


@transaction.atomic
def ticket_confirm(*, by: User, ticket: Ticket, rating: int, comment: str = "") -> Ticket:
    """企业确认并评价: the enterprise agrees the problem is solved and rates it; the ticket is closed (销号)."""
    ticket = _locked(ticket)
    _require_enterprise(by, ticket, "确认销号")
    _refuse_status(ticket, "确认销号", TicketStatus.REPLIED)
    rating = _rating(rating)
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": "评价意见不能超过 300 个字。"})
    now = timezone.now()
    ticket.status = TicketStatus.CLOSED
    ticket.rating = rating
    ticket.rating_comment = comment
    ticket.closed_at = now
    ticket.hours_to_close = round((now - ticket.reported_at).total_seconds() / 3600, 2)
    ticket.is_supervised = False
    ticket.full_clean()
    ticket.save()
    _event(ticket, TicketStep.CONFIRM, by, at=now, note=f"评分 {rating} 分" + (f"：{comment}" if comment else ""))
    _event(ticket, TicketStep.CLOSE, by, at=now, note="企业确认问题已解决，予以销号")
    return ticket


@transaction.atomic
def ticket_reject(*, by: User, ticket: Ticket, reason: str) -> Ticket:
    """企业不认可: the answer did not solve the problem; the ticket goes back to the lead department (重办)."""
    ticket = _locked(ticket)
    _require_enterprise(by, ticket, "退回重办")
    _refuse_status(ticket, "退回重办", TicketStatus.REPLIED)
    reason = _text(reason, "reason", "不认可的理由", 300)
    now = timezone.now()
    lead = ticket.assignments.select_for_update().get(role=HandlerRole.LEAD)
    lead.due_on = add_workdays(timezone.localdate(), settings.TICKET_REOPEN_WORKDAYS)
    lead.replied_at = None
    lead.on_time = None
    lead.extended_at = None
    lead.full_clean(validate_constraints=False)
    lead.save()
    ticket.status = TicketStatus.DISPATCHED
    ticket.due_on = lead.due_on
    ticket.replied_at = None
    ticket.replied_on_time = None
    ticket.reopen_count += 1
    ticket.full_clean()
    ticket.save()
    _event(
        ticket,
        TicketStep.REJECT,
        by,
        at=now,
        note=f"{reason}（重办时限 {lead.due_on:%Y-%m-%d}）",
        department=lead.department,
    )
    _notify_step(
        ticket,
        "reject",
        _department_staff([lead.department_id]),
        f"企业不认可答复，请重办：{ticket.title}",
        reason,
        suffix=str(ticket.reopen_count),
    )
    return ticket


def tickets_supervise_overdue(*, today: datetime.date | None = None) -> int:
    """督办: put every ticket past its lead deadline under supervision; a few queries whatever the number.

    Safe to run twice: only tickets not yet supervised are picked, and the update re-checks that.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        overdue = Ticket.objects.filter(status=TicketStatus.DISPATCHED, due_on__lt=today, is_supervised=False)
        rows = list(overdue.select_for_update(skip_locked=True).values_list("pk", "lead_department_id", "due_on"))
        if not rows:
            return 0
        ids = [pk for pk, _dept, _due in rows]
        Ticket.objects.filter(pk__in=ids, is_supervised=False).update(is_supervised=True, supervised_at=now)
        TicketEvent.objects.bulk_create(
            [
                TicketEvent(
                    ticket_id=pk,
                    step=TicketStep.SUPERVISE,
                    department_id=dept,
                    at=now,
                    note=f"超过办理时限 {due:%Y-%m-%d}，自动列入督办",
                )
                for pk, dept, due in rows
            ]
        )
    by_department: dict[int, int] = defaultdict(int)
    for _pk, dept, _due in rows:
        by_department[dept] += 1
    staff = User.objects.filter(role=Role.DEPT_HANDLER, department_id__in=by_department, is_active=True)
    recipients: dict[int, list[User]] = defaultdict(list)
    for user in staff:
        recipients[user.department_id].append(user)
    url = reverse("industry_chains:ticket_list") + "?status=open&supervised=true"  # as the to-do: open ones
    for dept, count in by_department.items():
        notify(
            recipients=recipients[dept],
            kind="chain_ticket",
            title=f"{count} 件诉求超过办理时限，已列入督办",
            url=url,
            key=f"ticket-supervise:{dept}:{today.isoformat()}",
        )
    notify(
        recipients=User.objects.filter(role=Role.COUNTY_ADMIN, is_active=True),
        kind="chain_ticket",
        title=f"{len(rows)} 件企业诉求逾期，已自动列入督办",
        url=url,
        key=f"ticket-supervise:county:{today.isoformat()}",
    )
    return len(rows)


def tickets_remind_due(*, today: datetime.date | None = None) -> int:
    """Remind lead departments of tickets due within the reminder window; once per ticket and deadline."""
    today = today or timezone.localdate()
    horizon = add_workdays(today, settings.TICKET_REMIND_WORKDAYS)
    due = list(
        Ticket.objects.filter(status=TicketStatus.DISPATCHED, due_on__gte=today, due_on__lte=horizon).values_list(
            "pk", "lead_department_id", "due_on", "title"
        )
    )
    staff: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        role=Role.DEPT_HANDLER, department_id__in={dept for _pk, dept, _d, _t in due}, is_active=True
    ):
        staff[user.department_id].append(user)
    sent = 0
    for pk, dept, due_on, title in due:
        sent += notify(
            recipients=staff[dept],
            kind="chain_ticket",
            title=f"诉求将于 {due_on:%m月%d日} 到期：{title}",
            url=reverse("industry_chains:ticket_detail", args=[pk]),
            key=f"ticket:{pk}:remind:{due_on.isoformat()}",
        )
    return sent
