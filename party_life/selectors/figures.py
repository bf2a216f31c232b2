"""The organisational-life area's figures for the dashboard and the work report (see core.figures).

Definitions: 组织生活会议 are the meetings held inside the period (by 召开日期); 出席率 is the present lines
over all attendance lines of those meetings (请假 counts as not present); 收缴党费 is the ledger's net amount
(reversals deducted) of the lines paid inside the period (by 缴纳日期); 上缴县委党费 is the 上缴 lines that reach the
county, by 上缴日期 (a 上缴 between organisations counts once, when it reaches the county); the six-month list is as
of today.
Organisations and totals only: nobody is ranked by attendance. Five aggregate queries.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.figures import Catalogue, Definition, Link, Scope, Section
from members.models import Person
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import Attendance, DuesPayment, DuesRemittance, Meeting
from party_life.selectors.dues import lapsed_members


def _meetings(kind: str = "", counts: bool = True) -> Link:
    query = (("kind", kind),) if kind else ()
    return Link("party_life:meeting_list", query, start="held_after", end="held_before", counts=counts)


CATALOGUE = Catalogue(
    "party_life.selectors.figures.section",
    [
        Definition(
            "meetings",
            "召开组织生活会议",
            "次",
            "统计期间内召开（按召开日期）并登记的“三会一课”、主题党日、组织生活会和民主评议党员会议次数，联合党组织一次会议计一次。",
            by_period=True,
            link=_meetings(),
        ),
        Definition(
            "theme_days",
            "其中主题党日",
            "次",
            "上述会议中会议类型为主题党日的次数（按召开日期）。",
            by_period=True,
            link=_meetings(MeetingKind.THEME_DAY),
        ),
        Definition(
            "lectures",
            "其中党课",
            "次",
            "上述会议中会议类型为党课的次数（按召开日期）。",
            by_period=True,
            link=_meetings(MeetingKind.LECTURE),
        ),
        Definition(
            "attendance_present",
            "党员出席人次",
            "人次",
            "统计期间内召开的会议中登记为出席的人次（请假、缺席不计）。",
            by_period=True,
            link=_meetings(counts=False),  # attendance lines are read meeting by meeting
        ),
        Definition(
            "attendance_rate",
            "出席率（出席/应到）",
            "%",
            "统计期间内召开的会议中，出席人次除以应到人次（出席、请假、缺席之和），四舍五入到整数。",
            by_period=True,
            link=_meetings(counts=False),  # a rate: the meetings whose attendance it is made of
        ),
        Definition(
            "dues_collected",
            "收缴党费（扣除冲销）",
            "元",
            "统计期间内缴纳（按缴纳日期）的党费台账金额合计，冲销行以负数扣除。",
            by_period=True,
            # A sum of money: the ledger lines it adds up.
            link=Link("party_life:duespayment_list", start="paid_after", end="paid_before", counts=False),
        ),
        Definition(
            "dues_remitted",
            "上缴县委党费（扣除冲销）",
            "元",
            "统计期间内（按上缴日期）各党组织直接上缴县委组织部的党费合计，冲销行以负数扣除；党组织之间逐级上缴的部分只在"
            "最终上缴县委时计一次，不重复计算。各党组织收缴、下级上缴、上缴和结存见“党费上缴与返还”页。",
            by_period=True,
            # A sum of money: the 上缴 lines that reached the county.
            link=Link(
                "party_life:duesremittance_list",
                query=(("to_county", "true"),),
                start="remitted_after",
                end="remitted_before",
                counts=False,
            ),
        ),
        Definition(
            "lapsed_members",
            "连续六个月未缴党费或未参加组织生活的党员",
            "名",
            "截至今天，连续六个已结束的月份未缴党费或未参加任何组织生活（请假视为参加）的党员人数；"
            "这六个月的第一个月 1 日之后才入党的不计；只列出供党组织核实。",
            link=Link("party_life:lapsed"),
        ),
    ],
)


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
    # 四舍五入 (half up, in whole numbers): round() would take 62.5 % to 62.
    rate = (200 * lines["present"] + lines["total"]) // (2 * lines["total"]) if lines["total"] else 0
    dues = scope.within(scope.visible(DuesPayment.objects.all()), "paid_on").aggregate(total=Sum("amount"))
    collected = dues["total"] or Decimal("0")
    passed_up = scope.within(scope.visible(DuesRemittance.objects.filter(recipient__isnull=True)), "remitted_on")
    remitted = passed_up.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    lapsed = lapsed_members(scope.visible(Person.objects.all()), today=timezone.localdate()).count()
    figure = partial(CATALOGUE.figure, scope)
    figures = [
        figure("meetings", meetings["total"]),
        figure("theme_days", meetings["theme_days"]),
        figure("lectures", meetings["lectures"]),
        figure("attendance_present", lines["present"]),
        figure("attendance_rate", rate),
        figure("dues_collected", collected),
        figure("dues_remitted", remitted),
        figure("lapsed_members", lapsed),
    ]
    summary = (
        f"{scope.area_label}落实“三会一课”、主题党日等基本组织生活制度，召开组织生活会议 {meetings['total']} 次，"
        f"其中主题党日 {meetings['theme_days']} 次、党课 {meetings['lectures']} 次，党员出席 {lines['present']} 人次，"
        f"出席率 {rate}%；收缴党费 {collected} 元，上缴县委党费 {remitted} 元。"
        f"连续六个月未缴党费或未参加组织生活、需党组织核实的党员 {lapsed} 名。"
    )
    return Section("party_life", "组织生活", figures, summary=summary)
