"""Fixtures of the organisational-life tests: a handbook whose study rule the 主题党日 feeds, members on
both sides of the scope line, a fixed today."""

from datetime import date

import pytest
import time_machine

from members.choices import Stage
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import MeetingPointRule
from party_life.services import meetings as services
from tests.scoring.factories import make_handbook, make_person, rule

MAY = date(2025, 5, 1)
PRESENT, LEAVE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT


@pytest.fixture
def _today():
    with time_machine.travel("2025-05-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def handbook(db):
    return make_handbook()


@pytest.fixture
def study_rule(handbook):
    """XX01 参加集中学习: 2 points a time, at most 8 a month; the 主题党日 and 党课 feed it."""
    study = rule(handbook, "XX01")
    for kind in (MeetingKind.THEME_DAY, MeetingKind.LECTURE):
        MeetingPointRule.objects.create(version=handbook, meeting_kind=kind, rule=study)
    return study


@pytest.fixture
def members_a(world):
    return [make_person(world.org_a, f"甲党员{i}") for i in range(3)]


@pytest.fixture
def member_b(world):
    return make_person(world.org_b, "乙党员")


@pytest.fixture
def activist_a(world):
    return make_person(world.org_a, "甲积极分子", stage=Stage.ACTIVIST)


def record(by, org, people, *, kind=MeetingKind.THEME_DAY, held_on=date(2025, 5, 10), statuses=None, **extra):
    """Record a meeting with everyone present unless ``statuses`` says otherwise ({person: (status, reason)})."""
    attendance = {p.pk: (PRESENT, "") for p in people}
    attendance.update({p.pk: value for p, value in (statuses or {}).items()})
    return services.meeting_record(
        by=by,
        party_organization=org,
        kind=kind,
        held_on=held_on,
        place="党员活动室",
        topic="学习党的二十届三中全会精神",
        attendance=attendance,
        **extra,
    )
