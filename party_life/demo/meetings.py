"""Demo meetings: the last twelve months of 三会一课 and 主题党日 for every organisation with members.

Most required meetings are held, some are missing (so the compliance list and the to-dos have something to
say); attendance is mostly present, some on leave with a reason, a few absent, and a handful of members took
part in nothing for over six months (the six-month list). Past months are written in bulk with their created
history (those months' star points were scored by hand before the link existed); the current, open month
goes through the service, so its attendance earns points like a secretary's record.
"""

from __future__ import annotations

import random
from datetime import date

from django.db.models import Count
from django.utils import timezone

from core.audit import history_insert_select
from members.models import Person
from organizations.models import PartyOrganization
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import Attendance, Meeting, MeetingPointRule
from party_life.selectors.meetings import organizations_owing
from party_life.services import meetings as services
from scoring.models import HandbookVersion
from scoring.services.stars import MEMBER_STAGES

TOPICS = {
    MeetingKind.ASSEMBLY: ["传达学习上级会议精神", "讨论接收预备党员", "通报季度党建工作"],
    MeetingKind.COMMITTEE: ["研究本月党建工作安排", "研究发展党员工作", "研究党费收缴和使用"],
    MeetingKind.LECTURE: ["学习贯彻党的二十届三中全会精神", "弘扬伟大建党精神", "以高质量党建引领企业发展"],
    MeetingKind.THEME_DAY: ["重温入党誓词", "志愿服务进社区", "参观红色教育基地", "岗位建功比技能"],
    MeetingKind.LIFE_MEETING: ["年度组织生活会：对照检查、批评与自我批评"],
    MeetingKind.APPRAISAL: ["年度民主评议党员"],
}
PLACES = ["党员活动室", "企业会议室", "党群服务中心", "车间学习角"]
REASONS = ["出差", "病假", "外出培训", "值班"]
MONTHS = 12


def months_until(today: date) -> list[date]:
    months, first = [], today.replace(day=1)
    for back in range(MONTHS - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        months.append(date(index // 12, index % 12 + 1, 1))
    return months


def _plan(rng, month: date, today: date) -> list[tuple[str, date, bool]]:
    """(kind, day, by the secretary) of an organisation's meetings in a month; about one in ten is skipped."""
    last_day = today.day if month == today.replace(day=1) else 28
    plan = [(MeetingKind.COMMITTEE, 3), (MeetingKind.THEME_DAY, 15)]
    if month.month % 3 == 2:  # the middle month of a quarter
        plan += [(MeetingKind.ASSEMBLY, 10), (MeetingKind.LECTURE, 20)]
    if month.month == 1:
        plan += [(MeetingKind.LIFE_MEETING, 18), (MeetingKind.APPRAISAL, 19)]
    return [
        (kind, month.replace(day=min(day, last_day)), kind == MeetingKind.LECTURE and month.month == 5)
        for kind, day in plan
        if rng.random() >= 0.1
    ]


def _status(rng) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.85:
        return AttendanceStatus.PRESENT, ""
    if roll < 0.93:
        return AttendanceStatus.LEAVE, rng.choice(REASONS)
    return AttendanceStatus.ABSENT, ""


def load(*, admin, stdout) -> set[int]:
    """Returns the members who took part in nothing for the demo's last six months (dues skip them too)."""
    rng = random.Random(2026_1202)  # noqa: S311 - a fixed seed makes the demo reproducible
    today = timezone.localdate()
    version = HandbookVersion.objects.filter(number=1).first()
    if version is not None:
        study = version.rules.filter(code="XX01").first()
        for kind in (MeetingKind.THEME_DAY, MeetingKind.LECTURE):
            if study is not None:
                MeetingPointRule.objects.get_or_create(version=version, meeting_kind=kind, defaults={"rule": study})
    orgs = list(organizations_owing(PartyOrganization.objects.all()).order_by("path"))
    members: dict[int, list[int]] = {}
    for org_id, pk in (
        Person.objects.filter(party_organization__in=orgs, stage__in=MEMBER_STAGES)
        .order_by("pk")
        .values_list("party_organization_id", "pk")
    ):
        members.setdefault(org_id, []).append(pk)
    everyone = [pk for pks in members.values() for pk in pks]
    silent = set(rng.sample(everyone, k=min(6, len(everyone))))
    if Meeting.objects.exists():
        stdout.write(f"组织生活：已有 {Meeting.objects.count()} 次会议记录，跳过。")
        return silent
    months = months_until(today)
    current = today.replace(day=1)
    planned: list[Meeting] = []
    for org in orgs:
        for month in months[:-1]:
            for kind, day, by_secretary in _plan(rng, month, today):
                planned.append(
                    Meeting(
                        party_organization=org,
                        kind=kind,
                        held_on=day,
                        place=rng.choice(PLACES),
                        topic=rng.choice(TOPICS[kind]),
                        by_secretary=by_secretary,
                        recorded_by=admin,
                    )
                )
    Meeting.objects.bulk_create(planned, batch_size=2000)
    lines = []
    for meeting in planned:
        for pk in members[meeting.party_organization_id]:
            status, reason = (AttendanceStatus.ABSENT, "") if pk in silent else _status(rng)
            lines.append(Attendance(meeting=meeting, person_id=pk, status=status, leave_reason=reason))
    Attendance.objects.bulk_create(lines, batch_size=5000)
    history_insert_select(Meeting, [m.pk for m in planned], user=admin, reason="演示数据")
    history_insert_select(Attendance, [a.pk for a in lines], user=admin, reason="演示数据")
    # This month's theme days, recorded as a secretary would: attendance earns the month's study points.
    recorded = 0
    for org in orgs[:: max(len(orgs) // 40, 1)]:
        attendance = {pk: (AttendanceStatus.ABSENT, "") if pk in silent else _status(rng) for pk in members[org.pk]}
        services.meeting_record(
            by=admin,
            party_organization=org,
            kind=MeetingKind.THEME_DAY,
            held_on=current.replace(day=min(today.day, 1)),
            place=rng.choice(PLACES),
            topic=rng.choice(TOPICS[MeetingKind.THEME_DAY]),
            attendance=attendance,
        )
        recorded += 1
    by_kind = dict(Meeting.objects.values_list("kind").annotate(n=Count("pk")))
    summary = "，".join(
        f"{label} {by_kind.get(kind, 0)} 次" for kind, label in MeetingKind.choices if by_kind.get(kind)
    )
    stdout.write(
        f"组织生活：近一年会议 {len(planned) + recorded} 次（{summary}），出席记录 {Attendance.objects.count()} 条。"
    )
    return silent
