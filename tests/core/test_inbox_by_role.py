"""Each role's inbox, fed by the areas' own reminder jobs: a secretary hears of missing monthly points, chain
staff of a new ticket, a department handler of a deadline tomorrow, an area reviewer of its posting ending, the
county's staff of a county-wide posting ending (probation and certificate reviews: tests/members/test_reminders.py).
Nobody hears of another's."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from core.models import Notification
from industry_chains.models import Ticket
from industry_chains.services.tickets import tickets_remind_due
from scoring.choices import PostingKind
from scoring.models import Posting
from scoring.services.reminders import remind_missing_monthly_entries, remind_postings_ending
from tests.industry_chains.factories import dispatched, member_enterprise
from tests.scoring.factories import make_handbook, make_person

TODAY = date(2025, 6, 10)  # a Tuesday; the 11th is a working day


def posting(area, created_by, title: str) -> Posting:
    return Posting.objects.create(
        kind=PostingKind.STAR_MONTHLY,
        title=title,
        subject=f"{title}-{area.pk if area else 'county'}",
        area=area,
        published_on=TODAY - timedelta(days=6),
        start_on=TODAY - timedelta(days=6),
        end_on=TODAY + timedelta(days=1),
        created_by=created_by,
    )


@pytest.fixture
def inboxes(world, chain, department, county_admin, area_reviewer, secretary, other_secretary, chain_staff,
            dept_handler):  # fmt: skip
    """Every job run once on the same day, then what each user's inbox holds."""
    with time_machine.travel(TODAY, tick=False):
        make_handbook()
        make_person(world.org_a, "甲党员")
        enterprise = member_enterprise(chain, world.area_a, "甲纺织有限公司", org=world.org_a)
        ticket = dispatched(secretary, chain_staff, enterprise, department)
        Ticket.objects.filter(pk=ticket.pk).update(due_on=TODAY + timedelta(days=1))
        posting(world.area_a, area_reviewer, "甲镇五月星级党员公示")
        posting(None, county_admin, "全县五月星级党员公示")
        remind_missing_monthly_entries(today=TODAY)
        tickets_remind_due(today=TODAY)
        remind_postings_ending(today=TODAY)
    return {
        user.username: list(Notification.objects.filter(recipient=user).values_list("title", flat=True))
        for user in (county_admin, area_reviewer, secretary, other_secretary, chain_staff, dept_handler)
    }


def test_each_role_hears_of_what_waits_for_it(inboxes):
    def has(username, text):
        return any(text in title for title in inboxes[username])

    assert has("charlie", "星级党员积分尚未登记")  # the secretary whose members have no points
    assert has("erin", "新诉求待接单：急需熟练缝纫工 50 名")  # the chain's staff: the enterprise's new ticket
    assert has("frank", "诉求将于 06月11日 到期")  # the lead department's handler
    assert has("bob", "公示将于 06月11日 结束：甲镇五月星级党员公示")
    assert has("alice", "公示将于 06月11日 结束：全县五月星级党员公示")
    assert not has("alice", "甲镇五月星级党员公示")  # the area's own posting is the area's business


def test_nobody_hears_of_another_roles_work(inboxes):
    assert inboxes["dave"] == []  # the other organisation's secretary has no members to score
    assert not any("公示" in title for title in inboxes["charlie"] + inboxes["frank"] + inboxes["erin"])
    assert not any("到期" in title for title in inboxes["bob"] + inboxes["alice"] + inboxes["charlie"])


def test_a_second_run_of_the_jobs_sends_nothing_new(inboxes, world):
    before = Notification.objects.count()
    with time_machine.travel(TODAY, tick=False):
        assert remind_postings_ending(today=TODAY) == 0
        assert remind_missing_monthly_entries(today=TODAY) == 0
        assert tickets_remind_due(today=TODAY) == 0
    assert Notification.objects.count() == before


def test_each_user_reads_their_own_inbox_with_its_unread_count(inboxes, as_user, area_reviewer, dept_handler):
    for user in (area_reviewer, dept_handler):
        with time_machine.travel(TODAY, tick=False):  # the same day: nothing is done yet, all stays unread
            page = as_user(user).get(reverse("core:notification_list")).content.decode()
        for title in inboxes[user.username]:
            assert title in page
        others = {title for name, titles in inboxes.items() if name != user.username for title in titles}
        for title in others - set(inboxes[user.username]):
            assert title not in page
        assert Notification.objects.visible_to(user).unread().count() == len(inboxes[user.username]) >= 1
