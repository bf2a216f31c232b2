"""In a real browser on a 390 px phone: a secretary records a 主题党日 in one screen, one tap per attendee;
the present members' star points appear for the month; changing one attendance reverses exactly that line.
Screenshot in test-artifacts/screenshots/."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from party_life.choices import MeetingKind
from party_life.models import Attendance, Meeting, MeetingPointRule
from scoring.models import PointEntry
from tests.scoring.factories import make_handbook, make_person, rule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_records_a_theme_day_on_a_phone_and_points_follow(
    phone_page, live_server, logged_in, screenshot, secretary, world
):
    handbook = make_handbook()
    MeetingPointRule.objects.create(version=handbook, meeting_kind=MeetingKind.THEME_DAY, rule=rule(handbook, "XX01"))
    people = [make_person(world.org_a, name) for name in ("张明", "李华", "王芳", "赵强")]
    make_person(world.org_b, "乙党员")
    page = phone_page
    logged_in(page, live_server, secretary)

    page.goto(f"{live_server.url}{reverse('party_life:meeting_start')}")
    page.locator(".list-group").get_by_role("link", name=re.compile(world.org_a.name)).tap()
    attendance = page.get_by_test_id("attendance")
    expect(attendance.locator(".attendee")).to_have_count(4)
    page.get_by_label("主题", exact=True).fill("重温入党誓词")
    page.get_by_label("地点", exact=True).fill("三楼党员活动室")
    # One tap each: 李华 on leave (with the reason that then appears), 王芳 absent; the rest stay present.
    attendance.locator(".attendee").filter(has_text="李华").get_by_text("请假", exact=True).tap()
    reason = page.get_by_label("李华请假事由")
    expect(reason).to_be_visible()
    reason.fill("出差")
    attendance.locator(".attendee").filter(has_text="王芳").get_by_text("缺席", exact=True).tap()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    screenshot(page, "party_life_record_phone")
    page.get_by_role("button", name="保存", exact=True).tap()
    expect(page.get_by_role("alert")).to_contain_text("已保存主题党日记录。")
    expect(page.get_by_text("出席 2 人，请假 1 人，缺席 1 人")).to_be_visible()

    meeting = Meeting.objects.get()
    month = timezone.localdate().replace(day=1)
    points = dict(PointEntry.objects.filter(month=month).values_list("person__name", "points"))
    assert points == {"张明": 2, "赵强": 2}

    # 赵强 was in fact absent: one tap, and exactly his line is reversed.
    line = Attendance.objects.get(meeting=meeting, person=people[3]).point_entry
    page.get_by_role("link", name="修改").tap()
    page.get_by_test_id("attendance").locator(".attendee").filter(has_text="赵强").get_by_text("缺席", exact=True).tap()
    page.get_by_role("button", name="保存", exact=True).tap()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    reversal = PointEntry.objects.get(points__lt=0)
    assert reversal.reverses_id == line.pk
    assert PointEntry.objects.filter(person=people[0], reversal__isnull=True).count() == 1
    screenshot(page, "party_life_detail_phone")
