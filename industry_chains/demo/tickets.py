"""Demo tickets: 160 solved since 2024 (the article's figure) and a few open ones at each step.

Historical tickets are written as the ledger records them (bulk, with their timelines); the open ones sit
where the demo accounts can take the next step: the 纺织服装 committee accepts, 工信局 replies, 鲁韵纺织 confirms.
"""

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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

SOLVED = 160
PROBLEMS = {
    TicketCategory.LABOUR: ("旺季一线用工缺口", "订单集中，缝纫、焊接等一线岗位缺口较大，请协助招工。", "人社局"),
    TicketCategory.FINANCE: ("流动资金贷款需求", "原材料集中采购，需短期流动资金支持。", "发改局"),
    TicketCategory.LAND: ("扩建项目用地指标", "二期厂房扩建缺少用地指标。", "自然资源局"),
    TicketCategory.APPROVAL: ("环评审批进度", "技改项目环评审批时间较长，影响投产。", "行政审批局"),
    TicketCategory.TECHNOLOGY: ("研发人才引进", "急需自动化、材料方向研发人员。", "科技局"),
    TicketCategory.LOGISTICS: ("用电增容", "新增生产线需要用电增容。", "工信局"),
    TicketCategory.POLICY: ("技改补贴兑现", "去年技改项目补贴尚未兑现。", "工信局"),
    TicketCategory.OTHER: ("产品质量认证", "出口产品需办理质量认证，请给予指导。", "市场监管局"),
}
REPLIES = {
    TicketCategory.LABOUR: "已在县人力资源市场举办专场招聘，首批人员到岗。",
    TicketCategory.FINANCE: "已对接合作银行，授信已审批放款。",
    TicketCategory.LAND: "已纳入年度用地计划，指标已落实。",
    TicketCategory.APPROVAL: "已开通绿色通道，审批已办结。",
    TicketCategory.TECHNOLOGY: "已推荐高校对接，签订人才合作协议。",
    TicketCategory.LOGISTICS: "已协调供电公司完成增容。",
    TicketCategory.POLICY: "补贴资金已拨付到位。",
    TicketCategory.OTHER: "已安排专人上门指导，认证材料已受理。",
}


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def load(*, admin, stdout) -> None:
    """Create the tickets once (the ledger is not topped up on a second run)."""
    if Ticket.objects.exists():
        stdout.write(f"  企业诉求 {Ticket.objects.count()} 件（已存在）")
        return
    rng = random.Random(160)  # noqa: S311 -- repeatable demo data, not secrets
    departments = {d.short_name: d for d in Department.objects.all()}
    enterprises = list(ChainEnterprise.objects.select_related("entity", "chain").filter(is_active=True))
    if not enterprises or not departments:
        return
    today = timezone.localdate()
    start = datetime(2024, 1, 8).date()
    span = (today - timedelta(days=20) - start).days
    tickets, plans = [], []
    for index in range(SOLVED):
        enterprise = enterprises[rng.randrange(len(enterprises))]
        category = rng.choice(list(PROBLEMS))
        title, description, lead_name = PROBLEMS[category]
        reported_on = start + timedelta(days=span * index // SOLVED)
        reported_at = _at(reported_on, rng.randint(8, 17))
        dispatched_on = add_workdays(reported_on, 1)
        due_on = add_workdays(dispatched_on, settings.TICKET_LEAD_WORKDAYS)
        late = rng.random() < 0.08
        replied_on = add_workdays(dispatched_on, rng.randint(6, 9) if late else rng.randint(1, 5))
        closed_on = replied_on + timedelta(days=rng.randint(1, 3))
        closed_at = _at(closed_on, 10)
        rating = rng.choices([5, 4, 3, 2], [60, 30, 8, 2])[0]
        lead = departments.get(lead_name) or next(iter(departments.values()))
        co = rng.choice([d for d in departments.values() if d.pk != lead.pk]) if rng.random() < 0.3 else None
        tickets.append(
            Ticket(
                chain=enterprise.chain,
                entity=enterprise.entity,
                category=category,
                title=title,
                description=description,
                status=TicketStatus.CLOSED,
                reported_by=admin,
                reported_at=reported_at,
                accepted_at=reported_at + timedelta(hours=3),
                dispatched_at=_at(dispatched_on, 9),
                lead_department=lead,
                due_on=due_on,
                replied_at=_at(replied_on, 16),
                replied_on_time=not late,
                rating=rating,
                rating_comment="问题解决及时，非常满意" if rating == 5 else "",
                closed_at=closed_at,
                hours_to_close=round((closed_at - reported_at).total_seconds() / 3600, 2),
                supervised_at=_at(due_on + timedelta(days=1), 0) if late else None,
            )
        )
        plans.append((lead, co, due_on, dispatched_on, replied_on, late, category, rng.random() < 0.1))
    _open_tickets(tickets, plans, enterprises, departments, admin, today)
    Ticket.objects.bulk_create(tickets)
    assignments, events, consultations = [], [], []
    for ticket, (lead, co, due_on, dispatched_on, _replied_on, _late, category, consulted) in zip(
        tickets, plans, strict=True
    ):
        dispatched_at = ticket.dispatched_at
        events.append(
            TicketEvent(
                ticket=ticket,
                step=TicketStep.REPORT,
                at=ticket.reported_at,
                note=ticket.get_category_display(),
            )
        )
        if ticket.status == TicketStatus.REPORTED:
            continue
        events.append(TicketEvent(ticket=ticket, step=TicketStep.ACCEPT, at=ticket.accepted_at))
        if ticket.status == TicketStatus.ACCEPTED:
            continue
        assignments.append(
            TicketAssignment(
                ticket=ticket,
                department=lead,
                role=HandlerRole.LEAD,
                assigned_at=dispatched_at,
                due_on=due_on,
                original_due_on=due_on,
                reply=REPLIES[category] if ticket.replied_at else "",
                replied_at=ticket.replied_at,
                on_time=ticket.replied_on_time,
            )
        )
        note = f"主办：{lead}（{due_on:%Y-%m-%d}前）"
        if co is not None:
            co_due = add_workdays(dispatched_on, settings.TICKET_CO_WORKDAYS)
            assignments.append(
                TicketAssignment(
                    ticket=ticket,
                    department=co,
                    role=HandlerRole.CO,
                    assigned_at=dispatched_at,
                    due_on=co_due,
                    original_due_on=co_due,
                    reply="已配合主办部门办理。" if ticket.replied_at else "",
                    replied_at=ticket.replied_at - timedelta(hours=5) if ticket.replied_at else None,
                    on_time=True if ticket.replied_at else None,
                )
            )
            note += f"；协办：{co}（{co_due:%Y-%m-%d}前）"
        events.append(
            TicketEvent(ticket=ticket, step=TicketStep.DISPATCH, at=dispatched_at, department=lead, note=note)
        )
        if ticket.supervised_at:
            events.append(
                TicketEvent(
                    ticket=ticket,
                    step=TicketStep.SUPERVISE,
                    at=ticket.supervised_at,
                    department=lead,
                    note=f"超过办理时限 {due_on:%Y-%m-%d}，自动列入督办",
                )
            )
        if consulted and ticket.replied_at:
            held = ticket.replied_at - timedelta(days=1)
            consultations.append(
                Consultation(
                    ticket=ticket,
                    held_on=timezone.localtime(held).date(),
                    attendees=f"{ticket.chain.committee_name}、{lead}" + (f"、{co}" if co else ""),
                    minutes="听取企业诉求和部门意见，研究解决路径。",
                    decision=f"由{lead}牵头限期办理，相关部门配合。",
                    recorded_by=admin,
                    recorded_at=held,
                )
            )
            events.append(
                TicketEvent(ticket=ticket, step=TicketStep.CONSULT, at=held, note=f"会商意见：由{lead}牵头限期办理")
            )
        if ticket.replied_at:
            events.append(
                TicketEvent(
                    ticket=ticket, step=TicketStep.REPLY, at=ticket.replied_at, department=lead, note=REPLIES[category]
                )
            )
        if ticket.status == TicketStatus.CLOSED:
            events.append(
                TicketEvent(
                    ticket=ticket, step=TicketStep.CONFIRM, at=ticket.closed_at, note=f"评分 {ticket.rating} 分"
                )
            )
            events.append(
                TicketEvent(
                    ticket=ticket, step=TicketStep.CLOSE, at=ticket.closed_at, note="企业确认问题已解决，予以销号"
                )
            )
    TicketAssignment.objects.bulk_create(assignments)
    Consultation.objects.bulk_create(consultations)
    TicketEvent.objects.bulk_create(events)
    solved = Ticket.objects.filter(status=TicketStatus.CLOSED).count()
    stdout.write(f"  企业诉求 {len(tickets)} 件，其中 2024 年以来已销号 {solved} 件")


def _open_tickets(tickets, plans, enterprises, departments, admin, today) -> None:
    """A few tickets in flight, where the demo accounts can act on them."""
    textile = IndustryChain.objects.filter(name="纺织服装").first()
    luyun = next((e for e in enterprises if e.entity.name == "鲁韵纺织有限公司"), None)
    hongda = next((e for e in enterprises if e.entity.name == "宏达装备制造有限公司"), None)
    in_textile = [e for e in enterprises if textile and e.chain_id == textile.pk and e is not luyun]
    gxj = departments.get("工信局") or next(iter(departments.values()))
    rsj = departments.get("人社局") or gxj
    cases = [
        # (enterprise, status, category, working days ago reported, lead, overdue)
        (luyun, TicketStatus.REPLIED, TicketCategory.LABOUR, 6, rsj, False),
        (luyun, TicketStatus.DISPATCHED, TicketCategory.POLICY, 3, gxj, False),
        (in_textile[0] if in_textile else None, TicketStatus.REPORTED, TicketCategory.FINANCE, 0, None, False),
        (in_textile[1] if len(in_textile) > 1 else None, TicketStatus.ACCEPTED, TicketCategory.LAND, 1, None, False),
        (
            in_textile[2] if len(in_textile) > 2 else None,
            TicketStatus.DISPATCHED,
            TicketCategory.LOGISTICS,
            14,
            gxj,
            True,
        ),
        (hongda, TicketStatus.DISPATCHED, TicketCategory.TECHNOLOGY, 12, departments.get("科技局") or gxj, True),
        (hongda, TicketStatus.REPORTED, TicketCategory.APPROVAL, 0, None, False),
    ]
    for enterprise, status, category, ago, lead, overdue in cases:
        if enterprise is None:
            continue
        title, description, _lead = PROBLEMS[category]
        reported_on = today - timedelta(days=ago * 7 // 5 + (1 if ago else 0))
        reported_at = _at(reported_on, 9)
        dispatched_on = add_workdays(reported_on, 1) if lead else None
        due_on = add_workdays(dispatched_on, settings.TICKET_LEAD_WORKDAYS) if lead else None
        replied = status == TicketStatus.REPLIED
        replied_on = min(add_workdays(dispatched_on, 2), today) if replied else None
        tickets.append(
            Ticket(
                chain=enterprise.chain,
                entity=enterprise.entity,
                category=category,
                title=title,
                description=description,
                status=status,
                reported_by=admin,
                reported_at=reported_at,
                accepted_at=reported_at + timedelta(hours=2) if status != TicketStatus.REPORTED else None,
                dispatched_at=_at(dispatched_on, 9) if lead else None,
                lead_department=lead,
                due_on=due_on,
                replied_at=_at(replied_on, 11) if replied else None,
                replied_on_time=True if replied else None,
                is_supervised=overdue,
                supervised_at=_at(due_on + timedelta(days=1), 0) if overdue else None,
            )
        )
        plans.append((lead, None, due_on, dispatched_on, replied_on, overdue, category, False))
