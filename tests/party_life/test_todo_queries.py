"""The 组织生活 to-do lists cost the same number of queries for one organisation and for many (the province-size
benchmark's other half: benchmarks/README.md)."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from party_life.choices import MeetingKind
from party_life.models import Attendance, Meeting
from party_life.selectors.todos import todos
from tests.factories import make_org
from tests.scoring.factories import make_person


def grow(parent, count: int, start: int = 0) -> None:
    """``count`` branches under ``parent``, each with members and a 主题党日 with attendance."""
    for i in range(start, start + count):
        org = make_org(parent, f"{parent.name}支部{i}")
        people = [make_person(org, f"{org.name}党员{j}") for j in range(3)]
        meeting = Meeting.objects.create(
            party_organization=org, kind=MeetingKind.THEME_DAY, held_on=date(2025, 6, 3), place="活动室", topic="学习"
        )
        Attendance.objects.bulk_create(Attendance(meeting=meeting, person=p, status="present") for p in people)


def queries(user) -> tuple[int, list]:
    with time_machine.travel("2025-07-15 10:00 +0800", tick=False), CaptureQueriesContext(connection) as ctx:
        items = todos(user)
    return len(ctx.captured_queries), items


@pytest.mark.parametrize("persona", ["secretary", "area_reviewer", "county_admin"])
def test_the_todo_lists_cost_the_same_queries_for_one_and_for_many_organisations(world, persona, request):
    user = request.getfixturevalue(persona)
    grow(world.org_a, 1)
    few, small = queries(user)
    grow(world.org_a, 8, start=1)
    many, large = queries(user)
    assert many == few
    # The lists did grow: more organisations owe more meetings (secretary) or miss June's (reviewers).
    assert large[0].count > small[0].count
