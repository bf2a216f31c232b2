"""Meetings: recorded once with attendance, scoped, editable until the month closes, then corrected by the
county with a reason; attendance feeds the star-member points and a change reverses exactly its line."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from party_life.choices import MeetingKind
from party_life.models import Attendance, Meeting
from party_life.services import meetings as services
from scoring.models import MonthCorrection, MonthlyResult, PointEntry
from scoring.services import stars
from tests.party_life.conftest import ABSENT, LEAVE, PRESENT, record

pytestmark = pytest.mark.usefixtures("_today")


def attendance_of(meeting) -> dict:
    return {a.person.name: (a.status, a.leave_reason) for a in meeting.attendances.select_related("person")}


def test_a_secretary_records_a_theme_day_with_every_members_attendance(world, secretary, members_a):
    leave = members_a[1]
    meeting = record(secretary, world.org_a, members_a, statuses={leave: (LEAVE, "出差"), members_a[2]: (ABSENT, "")})
    assert meeting.recorded_by == secretary
    assert attendance_of(meeting) == {
        "甲党员0": (PRESENT, ""),
        "甲党员1": (LEAVE, "出差"),
        "甲党员2": (ABSENT, ""),
    }
    assert meeting.history.first().history_user == secretary


def test_it_refuses_a_leave_without_a_reason_and_saves_nothing(world, secretary, members_a):
    with pytest.raises(ValidationError, match="请填写请假事由"):
        record(secretary, world.org_a, members_a, statuses={members_a[0]: (LEAVE, "  ")})
    assert not Meeting.objects.exists()


def test_it_refuses_a_meeting_missing_an_attendee(world, secretary, members_a):
    with pytest.raises(ValidationError, match="请为每位应到党员选择出席情况"):
        services.meeting_record(
            by=secretary,
            party_organization=world.org_a,
            kind=MeetingKind.THEME_DAY,
            held_on=date(2025, 5, 10),
            place="会议室",
            topic="学习",
            attendance={members_a[0].pk: (PRESENT, "")},
        )


def test_it_refuses_someone_of_another_organisation_or_a_non_member(world, secretary, members_a, member_b, activist_a):
    for outsider in (member_b, activist_a):
        with pytest.raises(ValidationError) as caught:
            record(secretary, world.org_a, [*members_a, outsider])
        assert caught.value.code == "not_attendee"
    assert not Meeting.objects.exists()


def test_another_organisations_secretary_cannot_record_for_it(world, other_secretary, members_a):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        record(other_secretary, world.org_a, members_a)


def test_a_meeting_in_the_future_is_refused(world, secretary, members_a):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(secretary, world.org_a, members_a, held_on=date(2025, 5, 21))


def test_present_members_get_one_study_line_each_in_the_meetings_month(world, secretary, members_a, study_rule):
    meeting = record(secretary, world.org_a, members_a, statuses={members_a[2]: (ABSENT, "")})
    lines = PointEntry.objects.filter(rule=study_rule, month=date(2025, 5, 1))
    assert sorted(lines.values_list("person__name", "points")) == [("甲党员0", 2), ("甲党员1", 2)]
    assert set(meeting.attendances.exclude(point_entry=None).values_list("person__name", flat=True)) == {
        "甲党员0",
        "甲党员1",
    }


def test_a_kind_tied_to_no_rule_earns_no_points(world, secretary, members_a, study_rule):
    record(secretary, world.org_a, members_a, kind=MeetingKind.COMMITTEE)
    assert not PointEntry.objects.exists()


def test_attendance_points_stop_at_the_rules_monthly_cap(world, secretary, members_a, study_rule):
    # 8 points a month at 2 a time: the fifth meeting of the month earns nothing.
    for day in range(1, 6):
        away = dict.fromkeys(members_a[1:], (ABSENT, ""))
        record(secretary, world.org_a, members_a, held_on=date(2025, 5, day), statuses=away)
    total = sum(PointEntry.objects.filter(person=members_a[0]).values_list("points", flat=True))
    assert total == 8


def test_changing_one_attendance_reverses_exactly_that_line(world, secretary, members_a, study_rule):
    meeting = record(secretary, world.org_a, members_a)
    line = Attendance.objects.get(meeting=meeting, person=members_a[1]).point_entry
    others = set(PointEntry.objects.exclude(pk=line.pk).values_list("pk", flat=True))
    attendance = {p.pk: (PRESENT, "") for p in members_a}
    attendance[members_a[1].pk] = (ABSENT, "")
    services.meeting_update(by=secretary, meeting=meeting, attendance=attendance)
    reversal = PointEntry.objects.get(reverses=line)
    assert reversal.points == -2 and reversal.person == members_a[1]
    assert PointEntry.objects.count() == 4  # three lines and the one reversal
    assert (
        set(PointEntry.objects.filter(reverses=None, points__gt=0).values_list("pk", flat=True)) - {line.pk} == others
    )
    assert Attendance.objects.get(meeting=meeting, person=members_a[1]).point_entry is None
    # Present again: a new line, the others untouched; saving the same again adds nothing.
    attendance[members_a[1].pk] = (PRESENT, "")
    services.meeting_update(by=secretary, meeting=meeting, attendance=attendance)
    services.meeting_update(by=secretary, meeting=meeting, attendance=attendance)
    assert PointEntry.objects.count() == 5
    assert Attendance.objects.get(meeting=meeting, person=members_a[1]).history.first().status == PRESENT


def test_moving_a_meeting_to_another_month_moves_its_points(world, secretary, members_a, study_rule):
    meeting = record(secretary, world.org_a, members_a, statuses=dict.fromkeys(members_a[1:], (ABSENT, "")))
    services.meeting_update(
        by=secretary, meeting=meeting, attendance={members_a[0].pk: (PRESENT, "")}, held_on=date(2025, 4, 28)
    )
    sums = {
        m: sum(PointEntry.objects.filter(month=m).values_list("points", flat=True))
        for m in (date(2025, 4, 1), date(2025, 5, 1))
    }
    assert sums == {date(2025, 4, 1): 2, date(2025, 5, 1): 0}


def test_a_closed_month_is_refused_to_the_secretary(world, secretary, members_a, study_rule):
    meeting = record(secretary, world.org_a, members_a, held_on=date(2025, 4, 10))
    stars.month_close(month=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="已结账"):
        services.meeting_update(by=secretary, meeting=meeting, attendance={members_a[0].pk: (ABSENT, "")}, topic="改")
    with pytest.raises(ValidationError, match="已结账"):
        record(secretary, world.org_a, members_a, held_on=date(2025, 4, 11))


def test_the_county_corrects_a_closed_month_with_a_reason_and_the_results_follow(
    world, secretary, county_admin, members_a, study_rule
):
    meeting = record(secretary, world.org_a, members_a, held_on=date(2025, 4, 10))
    stars.month_close(month=date(2025, 4, 1))
    assert MonthlyResult.objects.get(person=members_a[0], month=date(2025, 4, 1)).study == 2
    attendance = {p.pk: (PRESENT, "") for p in members_a}
    attendance[members_a[0].pk] = (ABSENT, "")
    with pytest.raises(ValidationError, match="更正须填写原因"):
        services.meeting_update(by=county_admin, meeting=meeting, attendance=attendance)
    services.meeting_update(by=county_admin, meeting=meeting, attendance=attendance, reason="误记为出席")
    assert MonthlyResult.objects.get(person=members_a[0], month=date(2025, 4, 1)).study == 0
    assert MonthCorrection.objects.get(person=members_a[0]).reason == "误记为出席"
    assert meeting.history.first().history_change_reason == "误记为出席"
    line = Attendance.objects.get(meeting=meeting, person=members_a[0])
    assert line.history.first().history_change_reason == "误记为出席"
    assert line.point_entry is None


def test_a_group_meeting_needs_a_group_of_the_organisation(world, secretary, members_a):
    from party_life.models import PartyGroup

    group = PartyGroup.objects.create(party_organization=world.org_a, name="第一党小组")
    group.members.set(members_a[:2])
    with pytest.raises(ValidationError, match="请选择党小组"):
        record(secretary, world.org_a, members_a, kind=MeetingKind.GROUP)
    meeting = record(secretary, world.org_a, members_a[:2], kind=MeetingKind.GROUP, group=group)
    assert meeting.attendances.count() == 2
