"""Writes and rules of organisational life: a meeting recorded once with its attendance, editable until the
month is closed (the star-member monthly close), then corrected by the county with a reason; attendance feeds
the star-member points through the rule the handbook version ties to the meeting kind.

Point lines follow attendance exactly: an attendance that earns points holds its line; when it no longer
earns them (absent, on leave, another month or kind) that very line is reversed. A closed month changes only
through the scoring area's county correction, so its results and balances are recomputed the same way.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.models import User
from members.models import Person
from organizations.models import PartyOrganization
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import Attendance, Meeting, MeetingPointRule, PartyGroup
from scoring.choices import MonthStatus
from scoring.models import PointEntry, PointRule, ScoringMonth
from scoring.services import stars

CLOSED = "{month:%Y年%m月}已结账，组织生活记录只能由县委社会工作部说明原因后更正。"
REASON_MAX = 100  # simple-history keeps a change reason of at most 100 characters


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_is_closed(day: date) -> bool:
    """Whether the star-member monthly close has locked the month of ``day``."""
    return ScoringMonth.objects.filter(month=first_of_month(day), status=MonthStatus.CLOSED).exists()


def required_attendees(*, party_organization: PartyOrganization, group: PartyGroup | None = None):
    """Who should attend: the organisation's full and probationary members, or the Party group's."""
    people = group.members.all() if group is not None else Person.objects.filter(party_organization=party_organization)
    return people.filter(stage__in=stars.MEMBER_STAGES).order_by("name", "pk")


def _check_month(*, by: User, day: date, reason: str) -> str:
    """A closed month: county staff only, with a reason (returned cleaned); an open month needs neither."""
    if not month_is_closed(day):
        return reason.strip()
    if not by.is_county_admin:
        raise ValidationError(CLOSED.format(month=first_of_month(day)), code="closed")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "该月已结账，更正须填写原因。"})
    return reason[:REASON_MAX]


def _clean_lines(attendance: dict[int, tuple[str, str]], allowed: set[int], names: dict[int, str]) -> dict:
    lines = {}
    for person_id, (status, leave_reason) in attendance.items():
        if person_id not in allowed:
            raise ValidationError("只能登记本党组织（党小组）应到党员的出席情况。", code="not_attendee")
        if status not in AttendanceStatus.values:
            raise ValidationError(f"请为{names.get(person_id, '')}选择出席、请假或缺席。")
        leave_reason = (leave_reason or "").strip() if status == AttendanceStatus.LEAVE else ""
        if status == AttendanceStatus.LEAVE and not leave_reason:
            raise ValidationError({"attendance": f"{names.get(person_id, '')}请假，请填写请假事由。"})
        lines[person_id] = (status, leave_reason[:100])
    return lines


def _check_fields(meeting: Meeting) -> None:
    if meeting.held_on and meeting.held_on > timezone.localdate():
        raise ValidationError({"held_on": "召开日期不能晚于今天。"})
    if meeting.kind == MeetingKind.GROUP:
        if meeting.group is None:
            raise ValidationError({"group": "党小组会请选择党小组。"})
        if meeting.group.party_organization_id != meeting.party_organization_id or not meeting.group.is_active:
            raise ValidationError({"group": "该党小组不属于本党组织。"})
    else:
        meeting.group = None
    if meeting.kind != MeetingKind.LECTURE:
        meeting.by_secretary = False
    meeting.full_clean(exclude=["recorded_by"])


@transaction.atomic
def meeting_record(
    *,
    by: User,
    party_organization: PartyOrganization,
    kind: str,
    held_on: date,
    place: str,
    topic: str,
    attendance: dict[int, tuple[str, str]],
    minutes: str = "",
    group: PartyGroup | None = None,
    by_secretary: bool = False,
    reason: str = "",
) -> Meeting:
    """Record a meeting with every required attendee's attendance; the attendees' point lines follow."""
    if not PartyOrganization.objects.editable_by(by).filter(pk=party_organization.pk).exists():
        raise ValidationError("该党组织不在您的管理范围内。")
    meeting = Meeting(
        party_organization=party_organization,
        kind=kind,
        group=group,
        held_on=held_on,
        place=(place or "").strip(),
        topic=(topic or "").strip(),
        minutes=(minutes or "").strip(),
        by_secretary=by_secretary,
        recorded_by=by,
    )
    _check_fields(meeting)
    reason = _check_month(by=by, day=held_on, reason=reason)
    names = dict(
        required_attendees(party_organization=party_organization, group=meeting.group).values_list("pk", "name")
    )
    lines = _clean_lines(attendance, set(names), names)
    missing = [name for pk, name in names.items() if pk not in lines]
    if missing:
        raise ValidationError({"attendance": f"请为每位应到党员选择出席情况：{'、'.join(missing[:5])}。"})
    meeting._history_user = by
    if reason:
        meeting._change_reason = reason
    meeting.save()
    bulk_create_with_history(
        [Attendance(meeting=meeting, person_id=pk, status=s, leave_reason=r) for pk, (s, r) in lines.items()],
        Attendance,
        default_user=by,
        default_change_reason=reason or None,
    )
    attendance_points_sync(by=by, meeting=meeting, reason=reason)
    return meeting


@transaction.atomic
def meeting_update(
    *, by: User, meeting: Meeting, attendance: dict[int, tuple[str, str]], reason: str = "", **changes
) -> Meeting:
    """Change a meeting and its attendance: freely while its month is open, with a reason once it is closed."""
    if not Meeting.objects.editable_by(by).filter(pk=meeting.pk).exists():
        raise ValidationError("该会议记录不在您的管理范围内。")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = meeting.held_on
    allowed = {"kind", "group", "held_on", "place", "topic", "minutes", "by_secretary"}
    for field, value in changes.items():
        if field not in allowed:
            raise ValidationError(f"不能修改{field}。")
        setattr(meeting, field, value.strip() if isinstance(value, str) else value)
    _check_fields(meeting)
    reason = _check_month(by=by, day=before, reason=reason)
    if first_of_month(meeting.held_on) != first_of_month(before):
        reason = _check_month(by=by, day=meeting.held_on, reason=reason) or reason
    current = {a.person_id: a for a in meeting.attendances.select_related("person")}
    names = dict(
        required_attendees(party_organization=meeting.party_organization, group=meeting.group).values_list("pk", "name")
    )
    names.update({pk: a.person.name for pk, a in current.items()})
    lines = _clean_lines(attendance, set(names), names)
    meeting._history_user = by
    if reason:
        meeting._change_reason = reason
    meeting.save()
    changed, added = [], []
    for person_id, (status, leave_reason) in lines.items():
        line = current.get(person_id)
        if line is None:
            added.append(Attendance(meeting=meeting, person_id=person_id, status=status, leave_reason=leave_reason))
        elif (line.status, line.leave_reason) != (status, leave_reason):
            line.status, line.leave_reason = status, leave_reason
            changed.append(line)
    if added:
        bulk_create_with_history(added, Attendance, default_user=by, default_change_reason=reason or None)
    if changed:
        bulk_update_with_history(
            changed, Attendance, ["status", "leave_reason"], default_user=by, default_change_reason=reason or None
        )
    attendance_points_sync(by=by, meeting=meeting, reason=reason)
    return meeting


# --- points -------------------------------------------------------------------------------------


def rule_for(*, kind: str, month: date) -> tuple[ScoringMonth, PointRule] | None:
    """The point rule a meeting kind feeds in a month (by the handbook version in force), if the county tied one."""
    try:
        scoring_month = stars.scoring_month_get(month=month)
    except ValidationError:
        return None  # no handbook yet: attendance is kept, points start once there is one
    link = (
        MeetingPointRule.objects.filter(version_id=scoring_month.version_id, meeting_kind=kind)
        .select_related("rule")
        .first()
    )
    return (scoring_month, link.rule) if link else None


def attendance_points_sync(*, by: User, meeting: Meeting, reason: str = "") -> int:
    """Make the meeting's point lines match its attendance; returns how many lines were written.

    A member present earns one time of the tied rule, within the rule's monthly cap (a meeting beyond the cap
    earns nothing); any other attendance holds no line. A fixed handful of queries whatever the attendance.
    """
    month = first_of_month(meeting.held_on)
    found = rule_for(kind=meeting.kind, month=month)
    lines = list(
        meeting.attendances.select_related("point_entry", "person").filter(person__stage__in=stars.MEMBER_STAGES)
    )
    before = {a.pk: a.point_entry_id for a in lines}
    held = [a for a in lines if a.point_entry_id]
    undone = set(
        PointEntry.objects.filter(reverses_id__in=[a.point_entry_id for a in held]).values_list(
            "reverses_id", flat=True
        )
    )
    # Lines reversed elsewhere (the monthly grid) no longer stand for this attendance.
    for line in held:
        if line.point_entry_id in undone:
            line.point_entry = None
    rule = found[1] if found else None
    stale = [
        a
        for a in lines
        if a.point_entry is not None
        and (
            a.status != AttendanceStatus.PRESENT
            or rule is None
            or (a.point_entry.rule_id, a.point_entry.month) != (rule.pk, month)
        )
    ]
    written = _reverse_lines(by=by, lines=stale, reason=reason)
    wanted = [a for a in lines if rule is not None and a.status == AttendanceStatus.PRESENT and a.point_entry is None]
    if wanted:
        written += _add_lines(by=by, meeting=meeting, scoring_month=found[0], rule=rule, lines=wanted, reason=reason)
    touched = [a for a in lines if a.point_entry_id != before[a.pk]]
    if touched:
        Attendance.objects.bulk_update(touched, ["point_entry"])
    return written


def _note(meeting: Meeting) -> str:
    return f"组织生活：{meeting.held_on:%m-%d}{meeting.get_kind_display()}"[:200]


def _reverse_lines(*, by: User, lines: list[Attendance], reason: str) -> int:
    by_month: dict[date, list[Attendance]] = defaultdict(list)
    for line in lines:
        by_month[line.point_entry.month].append(line)
    written = 0
    for month, month_lines in by_month.items():
        scoring_month = ScoringMonth.objects.select_for_update().get(month=month)
        if scoring_month.status == MonthStatus.OPEN:
            reversals = [stars.point_reversal(by, a.point_entry, "组织生活出席情况更改，冲销") for a in month_lines]
            PointEntry.objects.bulk_create(reversals)
        else:
            for a in month_lines:
                stars.month_correct(
                    by=by,
                    person=a.person,
                    month=month,
                    rule=a.point_entry.rule,
                    points=-a.point_entry.points,
                    reason=reason or "组织生活出席情况更正",
                )
        for a in month_lines:
            a.point_entry = None
        written += len(month_lines)
    return written


def _add_lines(
    *, by: User, meeting: Meeting, scoring_month: ScoringMonth, rule: PointRule, lines: list[Attendance], reason: str
) -> int:
    scoring_month = ScoringMonth.objects.select_for_update().get(pk=scoring_month.pk)
    person_ids = [a.person_id for a in lines]
    # Lock the members (as the grid does): two saves at once cannot both pass the cap check.
    list(Person.objects.select_for_update().filter(pk__in=person_ids).values_list("pk", flat=True))
    sums = dict(
        PointEntry.objects.filter(person_id__in=person_ids, rule=rule, month=scoring_month.month)
        .values("person_id")
        .annotate(total=Sum("points"))
        .values_list("person_id", "total")
    )
    earning = [a for a in lines if sums.get(a.person_id, 0) + rule.points <= rule.monthly_cap]
    if scoring_month.status == MonthStatus.OPEN:
        entries = [
            stars.point_line(by, a.person_id, scoring_month.month, rule, rule.points, _note(meeting)) for a in earning
        ]
        PointEntry.objects.bulk_create(entries)
        for a, entry in zip(earning, entries, strict=True):
            a.point_entry = entry
    else:
        for a in earning:
            correction = stars.month_correct(
                by=by,
                person=a.person,
                month=scoring_month.month,
                rule=rule,
                points=rule.points,
                reason=reason or "组织生活出席情况更正",
            )
            a.point_entry = correction.entry
    return len(earning)


@transaction.atomic
def meeting_point_rules_set(*, by: User, version, rules: dict) -> None:
    """Tie each meeting kind to one rule of the handbook version (``None`` unties it); county staff only."""
    stars.require_county(by)
    for kind in MeetingKind.values:
        rule = rules.get(kind)
        if rule is not None and rule.version_id != version.pk:
            raise ValidationError({kind: "该积分事项不属于当前积分手册版本。"})
        existing = MeetingPointRule.objects.filter(version=version, meeting_kind=kind).first()
        if rule is None:
            if existing is not None:
                existing.delete()
        elif existing is None:
            MeetingPointRule.objects.create(version=version, meeting_kind=kind, rule=rule)
        elif existing.rule_id != rule.pk:
            existing.rule = rule
            existing.save()


# The month's present attendances holding no line, each with its place among the member's attendances feeding the
# same rule that month (earliest meeting first): the n-th earns only while the lines already there plus n times
# the rule's points stay within the cap, which is what recording the meetings one by one in that order gives.
_MONTH_NEW_LINES_SQL = """
CREATE TEMP TABLE party_life_new_points ON COMMIT DROP AS
WITH candidates AS (
    SELECT a.id AS attendance_id, a.person_id, r.id AS rule_id, r.star, r.points, r.monthly_cap, m.held_on, m.kind,
           row_number() OVER (PARTITION BY a.person_id, r.id ORDER BY m.held_on, m.id) AS n
    FROM party_life_attendance a
    JOIN party_life_meeting m ON m.id = a.meeting_id
    JOIN party_life_meetingpointrule l ON l.meeting_kind = m.kind AND l.version_id = %(version)s
    JOIN scoring_pointrule r ON r.id = l.rule_id
    JOIN members_person p ON p.id = a.person_id
    WHERE m.held_on >= %(start)s AND m.held_on < %(end)s
      AND a.status = %(present)s AND a.point_entry_id IS NULL AND p.stage = ANY(%(stages)s)
),
existing AS (
    SELECT e.person_id, e.rule_id, sum(e.points) AS total
    FROM scoring_pointentry e
    WHERE e.month = %(month)s AND e.rule_id IN (SELECT rule_id FROM party_life_meetingpointrule
                                                WHERE version_id = %(version)s)
    GROUP BY e.person_id, e.rule_id
)
SELECT c.attendance_id, nextval(pg_get_serial_sequence('scoring_pointentry', 'id')) AS entry_id,
       c.person_id, c.rule_id, c.star, c.points, c.held_on, c.kind
FROM candidates c
LEFT JOIN existing x ON x.person_id = c.person_id AND x.rule_id = c.rule_id
WHERE coalesce(x.total, 0) + c.points * c.n <= c.monthly_cap
"""
_MONTH_INSERT_SQL = """
INSERT INTO scoring_pointentry (id, person_id, month, rule_id, star, points, note, is_correction, created_by_id,
                                created_at)
SELECT entry_id, person_id, %(month)s, rule_id, star, points,
       left('组织生活：' || to_char(held_on, 'MM-DD') || (%(labels)s::jsonb ->> kind), 200), false, %(by)s, now()
FROM party_life_new_points
"""
_MONTH_LINK_SQL = """
UPDATE party_life_attendance a SET point_entry_id = n.entry_id
FROM party_life_new_points n WHERE a.id = n.attendance_id
"""


@transaction.atomic
def attendance_points_month(*, by: User, month: date) -> int:
    """Credit, in one pass, every present attendance of an open month that holds no point line yet (a handbook
    link set after the meetings were recorded, a bulk load): the same lines, notes and caps as recording each
    meeting, in a fixed handful of statements whatever the province's size. County staff only; returns the count.
    """
    import json

    from django.db import connection

    stars.require_county(by)
    month = first_of_month(month)
    scoring_month = stars.scoring_month_get(month=month)
    scoring_month = ScoringMonth.objects.select_for_update().get(pk=scoring_month.pk)
    if scoring_month.status != MonthStatus.OPEN:
        raise ValidationError(CLOSED.format(month=month), code="closed")
    end = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    params = {
        "version": scoring_month.version_id,
        "start": month,
        "end": end,
        "month": month,
        "present": AttendanceStatus.PRESENT,
        "stages": list(stars.MEMBER_STAGES),
        "labels": json.dumps({kind.value: str(kind.label) for kind in MeetingKind}, ensure_ascii=False),
        "by": by.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(_MONTH_NEW_LINES_SQL, params)
        cursor.execute(_MONTH_INSERT_SQL, params)
        written = cursor.rowcount
        cursor.execute(_MONTH_LINK_SQL)
        cursor.execute("DROP TABLE party_life_new_points")
    return written
