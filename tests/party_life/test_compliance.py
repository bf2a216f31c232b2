"""Missing-meeting lists and to-dos across a year, and the six-month list (Constitution art. 9), on a generated
organisation with time-machine; organisations are listed, people never ranked."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.todos import for_user
from members.models import Person
from organizations.models import PartyOrganization
from party_life.choices import AttendanceStatus, DuesCategory, MeetingKind
from party_life.models import Attendance, DuesPayment, Meeting
from party_life.selectors.dues import lapsed_members
from party_life.selectors.meetings import compliance, organizations_owing
from party_life.services import dues
from tests.factories import make_org
from tests.scoring.factories import make_person

K = MeetingKind


def held(org, kind, *days, by_secretary=False):
    return Meeting.objects.bulk_create(
        Meeting(party_organization=org, kind=kind, held_on=day, place="活动室", topic="学习", by_secretary=by_secretary)
        for day in days
    )


@pytest.fixture
def year_of_meetings(world, members_a):
    """2025: 支部委员会 January–May, 主题党日 January–June, 党员大会 in Q1 only, 党课 in Q1 and (by the
    secretary) in Q2; no 组织生活会 or 民主评议 yet."""
    org = world.org_a
    held(org, K.COMMITTEE, *(date(2025, m, 5) for m in range(1, 6)))
    held(org, K.THEME_DAY, *(date(2025, m, 1) for m in range(1, 7)))
    held(org, K.ASSEMBLY, date(2025, 2, 10))
    held(org, K.LECTURE, date(2025, 3, 10))
    held(org, K.LECTURE, date(2025, 5, 10), by_secretary=True)
    return org


def cells(item):
    return {cell.kind: (cell.held, cell.required) for cell in item.cells}


def test_mid_year_it_lists_the_ended_periods_missing_and_what_is_still_due(year_of_meetings):
    (item,) = compliance([year_of_meetings], year=2025, today=date(2025, 7, 15))
    assert item.missing == ["2025年第2季度支部党员大会", "2025年6月支部委员会"]
    assert item.due == [
        "2025年第3季度支部党员大会",
        "2025年7月支部委员会",
        "2025年第3季度党课",
        "2025年7月主题党日",
        "2025年度组织生活会",
        "2025年度民主评议党员",
    ]
    assert cells(item) == {
        K.ASSEMBLY: (1, 2),
        K.COMMITTEE: (5, 6),
        K.GROUP: (0, 0),
        K.LECTURE: (2, 2),
        K.THEME_DAY: (6, 6),
        K.LIFE_MEETING: (0, 0),
        K.APPRAISAL: (0, 0),
    }
    assert (item.held, item.required, item.rate) == (14, 16, 88)


def test_after_the_year_the_yearly_meetings_are_missing_too(year_of_meetings):
    (item,) = compliance([year_of_meetings], year=2025, today=date(2026, 1, 10))
    assert "2025年度组织生活会" in item.missing and "2025年度民主评议党员" in item.missing
    assert "2025年度书记讲党课" not in item.missing  # given in May
    assert "2025年12月主题党日" in item.missing
    assert item.due == []
    assert cells(item)[K.COMMITTEE] == (5, 12)


def test_an_organisation_founded_mid_year_owes_only_from_then(world):
    org = make_org(world.org_a, "新建党支部")
    org.founded_on = date(2025, 6, 15)
    org.save()
    (item,) = compliance([org], year=2025, today=date(2025, 8, 2))
    assert cells(item)[K.COMMITTEE] == (0, 2)  # June and July
    assert cells(item)[K.ASSEMBLY] == (0, 1)  # the second quarter, in which it was founded


def test_only_organisations_with_members_of_their_own_owe_meetings(world, members_a):
    owing = organizations_owing(PartyOrganization.objects.all())
    assert list(owing) == [world.org_a]


def test_the_secretarys_to_do_lists_this_periods_meetings_not_yet_recorded(year_of_meetings, secretary):
    with time_machine.travel("2025-07-15 10:00 +0800", tick=False):
        (todo,) = [t for t in for_user(secretary) if t.label.startswith("本月、本季度")]
    assert todo.count == 1  # one organisation, with six meetings still to record
    assert len(todo.items) == 6
    assert todo.items[0][0] == "甲公司党委 · 2025年第3季度支部党员大会"
    assert todo.items[0][1] == reverse("party_life:meeting_create", args=[year_of_meetings.pk])


def test_the_reviewer_sees_last_months_organisations_missing_a_meeting(year_of_meetings, area_reviewer, world):
    make_person(world.org_b, "乙党员")  # another area: not the reviewer's
    with time_machine.travel("2025-07-15 10:00 +0800", tick=False):
        (todo,) = [t for t in for_user(area_reviewer) if "缺少必开组织生活" in t.label]
    assert todo.label == "2025年6月缺少必开组织生活记录的党组织"
    assert todo.count == 1 and todo.items[0][0] == "甲公司党委"
    with time_machine.travel("2025-06-15 10:00 +0800", tick=False):
        assert [t for t in for_user(area_reviewer) if "缺少必开组织生活" in t.label] == []  # May was complete


def test_the_compliance_page_costs_the_same_queries_for_more_organisations(world, county_admin, as_user):
    client = as_user(county_admin)
    url = reverse("party_life:compliance") + "?year=2025"
    make_person(world.org_a, "党员一")

    def count():
        with time_machine.travel("2025-07-15 10:00 +0800", tick=False), CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, _ = count()
    for i in range(6):
        org = make_org(world.org_a, f"支部{i}")
        make_person(org, f"支部{i}党员")
        held(org, K.THEME_DAY, date(2025, 3, 1))
    many, html = count()
    assert many == few
    assert "支部5" in html and "1/6" in html


def test_the_six_month_list_names_members_without_dues_or_organisational_life(world, secretary, members_a):
    # Today 2025-08-10: the window is February–July.
    regular, on_leave, silent = members_a
    newcomer = make_person(world.org_a, "新党员")
    Person.objects.filter(pk__in=[p.pk for p in members_a]).update(admitted_on=date(2020, 1, 1))
    Person.objects.filter(pk=newcomer.pk).update(admitted_on=date(2025, 4, 1))
    (january,) = held(world.org_a, K.THEME_DAY, date(2025, 1, 5))
    (may,) = held(world.org_a, K.THEME_DAY, date(2025, 5, 5))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=january, person=silent, status=AttendanceStatus.PRESENT),
            Attendance(meeting=may, person=regular, status=AttendanceStatus.PRESENT),
            Attendance(meeting=may, person=on_leave, status=AttendanceStatus.LEAVE, leave_reason="住院"),
            Attendance(meeting=may, person=silent, status=AttendanceStatus.ABSENT),
        ]
    )
    with time_machine.travel("2025-08-10 10:00 +0800", tick=False):
        for person in (regular, silent):
            dues.dues_base_set(by=secretary, person=person, year=2025, category=DuesCategory.STUDENT)
        dues.dues_payment_record(by=secretary, person=regular, month=date(2025, 3, 1))
        (line,) = dues.dues_payment_record(by=secretary, person=silent, month=date(2025, 4, 1))
        dues.dues_payment_reverse(by=secretary, payment=line, reason="误登")
        rows = {
            p.name: (p.no_dues, p.no_life)
            for p in lapsed_members(Person.objects.visible_to(secretary), today=date(2025, 8, 10))
        }
    assert rows == {"甲党员1": (True, False), "甲党员2": (True, True)}
    assert DuesPayment.objects.get(person=regular).amount == Decimal("0.20")
