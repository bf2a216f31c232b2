"""The meeting pages: record and correct through the form, someone else's record is a 404, lists are scoped,
exported and cost a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from party_life.choices import MeetingKind
from party_life.models import Meeting
from scoring.models import PointEntry
from scoring.services import stars
from tests.party_life.conftest import ABSENT, LEAVE, PRESENT, record
from tests.scoring.factories import make_person

pytestmark = pytest.mark.usefixtures("_today")


def form(people, **fields):
    data = {
        "kind": MeetingKind.THEME_DAY,
        "held_on": "2025-05-12",
        "place": "党员活动室",
        "topic": "重温入党誓词",
        "minutes": "",
    }
    data.update({f"a_{p.pk}": PRESENT for p in people})
    data.update(fields)
    return data


def test_the_record_page_saves_a_meeting_and_its_points(world, secretary, members_a, study_rule, as_user):
    client = as_user(secretary)
    url = reverse("party_life:meeting_create", args=[world.org_a.pk])
    page = client.get(url).content.decode()
    assert page.count('type="radio"') == 9  # three taps for each of three members
    response = client.post(url, form(members_a, **{f"a_{members_a[2].pk}": LEAVE, f"r_{members_a[2].pk}": "外出"}))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "party_life:meeting_detail", args=[meeting.pk]
    )
    assert PointEntry.objects.filter(month=date(2025, 5, 1)).count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert "出席 2 人，请假 1 人，缺席 0 人" in detail and "外出" in detail


def test_a_leave_without_reason_comes_back_with_the_taps_kept(world, secretary, members_a, as_user):
    client = as_user(secretary)
    url = reverse("party_life:meeting_create", args=[world.org_a.pk])
    response = client.post(url, form(members_a, **{f"a_{members_a[0].pk}": LEAVE}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲党员0请假，请填写请假事由" in html
    assert f'id="a_{members_a[0].pk}_leave" value="leave" autocomplete="off" checked' in html
    assert not Meeting.objects.exists()


def test_posting_someone_of_another_organisation_is_a_404(world, secretary, members_a, member_b, as_user):
    client = as_user(secretary)
    url = reverse("party_life:meeting_create", args=[world.org_a.pk])
    assert client.post(url, form([*members_a, member_b])).status_code == 404
    assert not Meeting.objects.exists()


def test_another_secretary_gets_a_404_for_our_meeting(world, secretary, other_secretary, members_a, as_user):
    meeting = record(secretary, world.org_a, members_a)
    client = as_user(other_secretary)
    for name in ("party_life:meeting_detail", "party_life:meeting_update"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert client.post(reverse("party_life:meeting_update", args=[meeting.pk]), form(members_a)).status_code == 404
    assert client.get(reverse("party_life:meeting_create", args=[world.org_a.pk])).status_code == 404


def test_editing_changes_one_attendance_and_the_audit_trail_shows_it(world, secretary, members_a, study_rule, as_user):
    meeting = record(secretary, world.org_a, members_a)
    client = as_user(secretary)
    url = reverse("party_life:meeting_update", args=[meeting.pk])
    response = client.post(url, form(members_a, held_on="2025-05-10", **{f"a_{members_a[1].pk}": ABSENT}))
    assert response.status_code == 302
    assert PointEntry.objects.filter(points__lt=0, person=members_a[1]).count() == 1
    detail = client.get(reverse("party_life:meeting_detail", args=[meeting.pk])).content.decode()
    assert "修改记录" in detail and "重温入党誓词" in detail


def test_a_closed_month_sends_the_secretary_back_and_asks_the_county_for_a_reason(
    world, secretary, county_admin, members_a, study_rule, as_user
):
    meeting = record(secretary, world.org_a, members_a, held_on=date(2025, 4, 8))
    stars.month_close(month=date(2025, 4, 1))
    url = reverse("party_life:meeting_update", args=[meeting.pk])
    assert as_user(secretary).get(url).status_code == 302
    admin = as_user(county_admin)
    assert "更正原因" in admin.get(url).content.decode()
    response = admin.post(url, form(members_a, held_on="2025-04-08", **{f"a_{members_a[0].pk}": ABSENT}))
    assert "该月已结账，更正须填写原因" in response.content.decode()
    response = admin.post(
        url, form(members_a, held_on="2025-04-08", reason="签到表核对", **{f"a_{members_a[0].pk}": ABSENT})
    )
    assert response.status_code == 302
    assert meeting.history.first().history_change_reason == "签到表核对"


def test_the_meeting_list_is_scoped_exported_and_costs_fixed_queries(
    world, secretary, other_secretary, members_a, member_b, as_user, django_assert_max_num_queries
):
    record(secretary, world.org_a, members_a)
    record(other_secretary, world.org_b, [member_b])
    client = as_user(secretary)
    url = reverse("party_life:meeting_list")
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert "甲公司党委" in html and "乙公司党支部" not in html
    for i in range(5):
        record(secretary, world.org_a, members_a, held_on=date(2025, 5, i + 1))
    with django_assert_max_num_queries(12):
        client.get(url)
    response = client.get(url + "?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_county_ties_meeting_kinds_to_rules(county_admin, handbook, as_user):
    client = as_user(county_admin)
    study = handbook.rules.get(code="XX01")
    response = client.post(reverse("party_life:point_rules"), {MeetingKind.LECTURE: study.pk})
    assert response.status_code == 302
    assert list(handbook.meeting_rules.values_list("meeting_kind", "rule__code")) == [(MeetingKind.LECTURE, "XX01")]


def test_the_six_month_and_dues_pages_list_only_the_users_members(world, secretary, members_a, member_b, as_user):
    make_person(world.org_b, "乙党员二")
    client = as_user(secretary)
    html = client.get(reverse("party_life:member_dues")).content.decode()
    assert "甲党员0" in html and "乙党员" not in html


def test_the_monthly_grid_marks_the_counts_that_come_from_attendance(world, secretary, members_a, study_rule, as_user):
    record(secretary, world.org_a, members_a, statuses={members_a[1]: (ABSENT, "")})
    url = reverse("scoring:month_grid", args=[world.org_a.pk, 2025, 5]) + "?star=study"
    html = as_user(secretary).get(url).content.decode()
    assert html.count("出席×1") == 2  # the two present members, not the absent one


@pytest.mark.parametrize("name", ["party_life:member_dues", "party_life:lapsed", "party_life:compliance"])
def test_the_lists_export_to_excel_and_print(name, world, county_admin, members_a, as_user):
    client = as_user(county_admin)
    response = client.get(reverse(name) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    if name != "party_life:compliance":
        pdf = client.get(reverse(name) + "?format=pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
