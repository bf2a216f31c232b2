"""The organisational-life area's figures for the dashboard and the work report (see core.figures).

Definitions: 组织生活会议 are the meetings held inside the period (by 召开日期); 出席率 is the present lines
over all attendance lines of those meetings (请假 counts as not present); 收缴党费 is the ledger's net amount
(reversals deducted) of the lines paid inside the period (by 缴纳日期); the six-month list is as of today.
Organisations and totals only: nobody is ranked by attendance. Four aggregate queries.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from core.figures import Figure, Scope, Section
from members.models import Person
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import Attendance, DuesPayment, Meeting
from party_life.selectors.dues import lapsed_members


def section(scope: Scope) -> Section:
    """Meetings held, attendance, dues collected, members listed under the six-month rule."""
    meetings = scope.within(scope.visible(Meeting.objects.all()), "held_on").aggregate(
        total=Count("pk"),
        theme_days=Count("pk", filter=Q(kind=MeetingKind.THEME_DAY)),
        lectures=Count("pk", filter=Q(kind=MeetingKind.LECTURE)),
    )
    lines = scope.within(scope.visible(Attendance.objects.all()), "meeting__held_on").aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT))
    )
    rate = round(100 * lines["present"] / lines["total"]) if lines["total"] else 0
    dues = scope.within(scope.visible(DuesPayment.objects.all()), "paid_on").aggregate(total=Sum("amount"))
    collected = dues["total"] or Decimal("0")
    lapsed = lapsed_members(scope.visible(Person.objects.all()), today=timezone.localdate()).count()
    meetings_url = reverse("party_life:meeting_list")
    figures = [
        Figure("召开组织生活会议", meetings["total"], "次", meetings_url, in_period=True),
        Figure("其中主题党日", meetings["theme_days"], "次", f"{meetings_url}?kind=theme_day", in_period=True),
        Figure("其中党课", meetings["lectures"], "次", f"{meetings_url}?kind=lecture", in_period=True),
        Figure("党员出席人次", lines["present"], "人次", in_period=True),
        Figure("出席率（出席/应到）", rate, "%", in_period=True),
        Figure("收缴党费（扣除冲销）", collected, "元", reverse("party_life:duespayment_list"), in_period=True),
        Figure("连续六个月未缴党费或未参加组织生活的党员", lapsed, "名", reverse("party_life:lapsed")),
    ]
    summary = (
        f"{scope.area_label}落实“三会一课”、主题党日等基本组织生活制度，召开组织生活会议 {meetings['total']} 次，"
        f"其中主题党日 {meetings['theme_days']} 次、党课 {meetings['lectures']} 次，党员出席 {lines['present']} 人次，"
        f"出席率 {rate}%；收缴党费 {collected} 元。连续六个月未缴党费或未参加组织生活、需党组织核实的党员 {lapsed} 名。"
    )
    return Section("party_life", "组织生活", figures, summary=summary)
