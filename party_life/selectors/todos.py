"""What organisational life and dues have waiting for a user (see core.todos): the meetings of this month,
quarter and year not yet recorded (secretaries), the organisations missing meetings last month and the members
listed under the six-month rule (area reviewers and county staff). A fixed handful of queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from members.models import Person
from organizations.models import PartyOrganization
from party_life.selectors.dues import lapsed_members
from party_life.selectors.meetings import compliance, organizations_owing

LISTED = 8


def _last_month(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


def organizations_due(orgs: list, *, today: date) -> list:
    """Of ``orgs``, the compliance rows with a meeting of this month, quarter or year still to record."""
    return [item for item in compliance(orgs, year=today.year, today=today) if item.due]


def organizations_short_last_month(orgs: list, *, today: date) -> list:
    """Of ``orgs``, the compliance rows missing a required meeting of last month (at the year's turn: December)."""
    last = _last_month(today)
    month_label = f"{last.year}年{last.month}月"
    return [
        item
        for item in compliance(orgs, year=last.year, today=today)
        if any(text.startswith(month_label) for text in item.missing)
    ]


def todos(user) -> list[Todo]:
    """Each opens the compliance list narrowed to the organisations it counts (``lacking``), or the six-month list."""
    today = timezone.localdate()
    if user.role not in (Role.ORG_SECRETARY, Role.AREA_REVIEWER) and not user.is_county_admin:
        return []
    orgs = list(organizations_owing(PartyOrganization.objects.visible_to(user)).order_by("path"))
    items: list[Todo] = []
    lapsed = lapsed_members(Person.objects.visible_to(user), today=today).count()
    compliance_url = reverse("party_life:compliance")
    if user.role == Role.ORG_SECRETARY:
        rows = organizations_due(orgs, today=today)
        due = [
            (f"{item.organization.name} · {text}", reverse("party_life:meeting_create", args=[item.organization.pk]))
            for item in rows
            for text in item.due
        ]
        items.append(
            Todo(
                "本月、本季度、本年度尚有组织生活未登记的党组织",
                len(rows),
                f"{compliance_url}?year={today.year}&lacking=due",
                urgent=today.day >= 20,
                items=[(text, url, "尚未登记") for text, url in due[:LISTED]],
            )
        )
    else:
        last = _last_month(today)
        short = organizations_short_last_month(orgs, today=today)
        url = f"{compliance_url}?year={last.year}&lacking=last_month"
        items.append(
            Todo(
                f"{last.year}年{last.month}月缺少必开组织生活记录的党组织",
                len(short),
                url,
                items=[(item.organization.name, url, "") for item in short[:LISTED]],
            )
        )
    items.append(
        Todo(
            "连续六个月未缴纳党费或未参加组织生活的党员（仅列出，由党组织核实处理）",
            lapsed,
            reverse("party_life:lapsed"),
        )
    )
    return items
