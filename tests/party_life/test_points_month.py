"""Crediting a whole month of attendance at once gives the lines recording each meeting gives: same notes,
same caps, once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from party_life.choices import MeetingKind
from party_life.models import Attendance, MeetingPointRule
from party_life.services import meetings as services
from scoring.models import PointEntry
from tests.party_life.conftest import ABSENT, record
from tests.scoring.factories import rule

pytestmark = pytest.mark.usefixtures("_today")


def test_a_month_of_attendance_earns_the_lines_of_recording_each_meeting(
    world, secretary, county_admin, handbook, members_a
):
    a, b, c = members_a
    # Five 主题党日 recorded before the county tied the kind to a rule: nothing earned yet.
    meetings = [
        record(secretary, world.org_a, members_a, held_on=date(2025, 5, day), statuses={c: (ABSENT, "")})
        for day in (2, 5, 8, 11, 14)
    ]
    assert not PointEntry.objects.exists()
    study = rule(handbook, "XX01")  # 2 points a time, at most 8 a month: four meetings earn
    MeetingPointRule.objects.create(version=handbook, meeting_kind=MeetingKind.THEME_DAY, rule=study)
    with pytest.raises(ValidationError):
        services.attendance_points_month(by=secretary, month=date(2025, 5, 1))
    assert services.attendance_points_month(by=county_admin, month=date(2025, 5, 1)) == 8
    lines = PointEntry.objects.filter(rule=study)
    assert sorted(lines.values_list("person_id", flat=True)) == sorted([a.pk] * 4 + [b.pk] * 4)
    credited = Attendance.objects.filter(point_entry__isnull=False).select_related("meeting", "point_entry")
    assert {x.meeting_id for x in credited} == {m.pk for m in meetings[:4]}  # the earliest four, as one by one
    assert all(x.point_entry.note == services._note(x.meeting) and x.point_entry.points == 2 for x in credited)
    assert services.attendance_points_month(by=county_admin, month=date(2025, 5, 1)) == 0  # once
    # Correcting one attendance afterwards reverses exactly its line, as for a meeting recorded with the link.
    first = meetings[0]
    services.meeting_update(by=secretary, meeting=first, attendance={a.pk: (ABSENT, "")})
    assert PointEntry.objects.filter(person=a, rule=study).count() == 5
    assert sum(PointEntry.objects.filter(person=a, rule=study).values_list("points", flat=True)) == 6
