"""Read endpoints: meetings with their attendance and the dues ledger, each from the user's scope."""

from datetime import date

import pytest
from django.urls import reverse

from core.figures import Scope
from party_life.choices import DuesCategory
from party_life.selectors.figures import section
from party_life.services import dues
from tests.party_life.conftest import LEAVE, record

pytestmark = pytest.mark.usefixtures("_today")


def test_meetings_come_with_attendance_and_only_from_the_users_scope(
    world, secretary, other_secretary, members_a, member_b, as_user, django_assert_max_num_queries
):
    record(secretary, world.org_a, members_a, statuses={members_a[0]: (LEAVE, "出差")})
    record(other_secretary, world.org_b, [member_b])
    client = as_user(secretary)
    url = reverse("api:partylife-meeting-list")
    with django_assert_max_num_queries(8):
        body = client.get(url).json()
    assert [m["party_organization_name"] for m in body["results"]] == ["甲公司党委"]
    lines = {a["person_name"]: (a["status"], a["leave_reason"]) for a in body["results"][0]["attendances"]}
    assert lines["甲党员0"] == ("leave", "出差") and len(lines) == 3
    for day in range(1, 4):
        record(secretary, world.org_a, members_a, held_on=date(2025, 5, day))
    with django_assert_max_num_queries(8):
        assert len(client.get(url + "?kind=theme_day").json()["results"]) == 4


def test_the_dues_ledger_shows_reversals_and_hides_other_organisations(
    world, secretary, other_secretary, members_a, member_b, as_user
):
    dues.dues_base_set(by=secretary, person=members_a[0], year=2025, category=DuesCategory.STUDENT)
    (line,) = dues.dues_payment_record(by=secretary, person=members_a[0], month=date(2025, 4, 1))
    dues.dues_payment_reverse(by=secretary, payment=line, reason="误登")
    body = as_user(secretary).get(reverse("api:partylife-duespayment-list")).json()
    assert sorted(r["amount"] for r in body["results"]) == ["-0.20", "0.20"]
    assert as_user(other_secretary).get(reverse("api:partylife-duespayment-list")).json()["results"] == []
    detail = reverse("api:partylife-duespayment-detail", args=[line.pk])
    assert as_user(other_secretary).get(detail).status_code == 404


def test_the_dashboard_section_counts_meetings_attendance_and_dues(
    world, secretary, other_secretary, area_reviewer, members_a, member_b
):
    record(secretary, world.org_a, members_a, statuses={members_a[0]: (LEAVE, "出差")})
    record(other_secretary, world.org_b, [member_b])  # area B: outside the reviewer's figures
    dues.dues_base_set(
        by=secretary, person=members_a[0], year=2025, category=DuesCategory.EMPLOYED, monthly_income=3000
    )
    dues.dues_payment_record(by=secretary, person=members_a[0], month=date(2025, 4, 1), months=2)
    figures = section(Scope(user=area_reviewer, start=date(2025, 1, 1), end=date(2025, 12, 31)))
    assert figures.value("召开组织生活会议") == 1
    assert figures.value("党员出席人次") == 2
    assert figures.value("出席率（出席/应到）") == 67
    assert str(figures.value("收缴党费（扣除冲销）")) == "30.00"
    assert "召开组织生活会议 1 次" in figures.summary
