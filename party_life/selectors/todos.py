"""What organisational life and dues have waiting for a user (see core.todos): the meetings of this month,
quarter and year not yet recorded (secretaries), the organisations missing meetings last month and the members
listed under the six-month rule (area reviewers and county staff). A fixed handful of queries."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from members.models import Person
from organizations.models import PartyOrganization
from party_life.selectors.dues import lapsed_members
from party_life.selectors.meetings import compliance, organizations_owing

LISTED = 8


def todos(user) -> list[Todo]:
    today = timezone.localdate()
    if user.role not in (Role.ORG_SECRETARY, Role.AREA_REVIEWER) and not user.is_county_admin:
        return []
    orgs = list(organizations_owing(PartyOrganization.objects.visible_to(user)).order_by("path"))
    items: list[Todo] = []
    lapsed = lapsed_members(Person.objects.visible_to(user), today=today).count()
    if user.role == Role.ORG_SECRETARY:
        due = [
            (f"{item.organization.name} · {text}", reverse("party_life:meeting_create", args=[item.organization.pk]))
            for item in compliance(orgs, year=today.year, today=today)
            for text in item.due
        ]
        items.append(
            Todo(
                "本月、本季度、本年度尚未登记的组织生活",
                len(due),
                reverse("party_life:compliance"),
                urgent=today.day >= 20,
                items=[(text, url, "尚未登记") for text, url in due[:LISTED]],
            )
        )
    else:
        # Last month's organisations with a required meeting missing (at the year's turn: last year's December).
        last = today.replace(day=1) - timedelta(days=1)
        rows = compliance(orgs, year=last.year, today=today)
        month_label = f"{last.year}年{last.month}月"
        short = [item for item in rows if any(text.startswith(month_label) for text in item.missing)]
        items.append(
            Todo(
                f"{month_label}缺少必开组织生活记录的党组织",
                len(short),
                reverse("party_life:compliance") + f"?year={last.year}",
                items=[
                    (item.organization.name, reverse("party_life:compliance") + f"?year={last.year}", "")
                    for item in short[:LISTED]
                ],
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
