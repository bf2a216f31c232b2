"""Each to-do opens exactly its items: for every area's to-dos and every role, the count on the home page equals
the rows of the list it links to. Each notification links to what it is about, is read once opened, and is read
by itself once its work is done (the ticket accepted, the points entered, the posting over)."""

import importlib
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from core import todos as core_todos
from core.models import Notification
from core.notifications import notifications_settle
from industry_chains.models import Ticket
from industry_chains.services import tickets as ticket_services
from members.choices import CertStatus, Stage
from members.models import Certificate, Nomination, SelectionCampaign
from scoring.choices import CampaignStep, PostingKind, ScorecardStatus
from scoring.models import Objection, OrgRating, PointEntry, Posting, RatingCampaign, Scorecard
from scoring.services.reminders import remind_missing_monthly_entries, remind_postings_ending
from tests.core.test_figure_drilldown import list_total
from tests.industry_chains.factories import dispatched, member_enterprise, reported
from tests.scoring.factories import make_handbook, make_person, make_sheet, make_template, rule

TODAY = date(2026, 6, 15)  # a Monday in a quarter's last month


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.combine(TODAY, time(10)), tick=False):
        yield


def _person(org, stage, **dates):
    person = make_person(org, stage=stage)
    type(person).objects.filter(pk=person.pk).update(**dates)
    return person


@pytest.fixture
def work(world, county_admin, area_reviewer, secretary, chain_staff, dept_handler, department, chain):
    """Work waiting in both areas, of every kind a to-do counts, and some that is done (not counted)."""
    version = make_handbook(effective_from=date(2025, 1, 1))
    template, sheet = make_template(), make_sheet()
    for org in (world.org_a, world.org_a_child, world.org_b):
        make_person(org, stage=Stage.FULL)
        _person(org, Stage.PROBATIONARY, admitted_on=date(2025, 6, 20), probation_ends_on=date(2026, 6, 20))
        _person(org, Stage.PROBATIONARY, admitted_on=date(2025, 9, 1), probation_ends_on=date(2026, 9, 1))
        _person(org, Stage.ACTIVIST, activist_on=date(2025, 6, 3))
        carded = _person(org, Stage.ACTIVIST, activist_on=date(2024, 1, 3))
        Scorecard.objects.create(
            person=carded, party_organization=org, template=template, year=2026, quarter=2,
            status=ScorecardStatus.SUBMITTED,
        )  # fmt: skip
        drafted = _person(org, Stage.CANDIDATE, activist_on=date(2024, 1, 3), candidate_on=date(2025, 2, 1))
        Scorecard.objects.create(person=drafted, party_organization=org, template=template, year=2026, quarter=2)
        returned = _person(org, Stage.ACTIVIST, activist_on=date(2024, 3, 3))
        Scorecard.objects.create(
            person=returned, party_organization=org, template=template, year=2026, quarter=1,
            status=ScorecardStatus.RETURNED,
        )  # fmt: skip
        Certificate.objects.create(
            person=carded, level="junior", status=CertStatus.VALID, serial=f"HL{org.pk}", token=f"t{org.pk}",
            issued_on=date(2024, 7, 1), review_due_on=TODAY + timedelta(days=10), annual_score=90,
        )  # fmt: skip
    # org_a has its points for the month already; org_a_child and org_b do not.
    PointEntry.objects.create(
        person=world.org_a.people.first(), month=date(2026, 6, 1), rule=rule(version, "XX01"), star="study", points=2
    )
    checking = RatingCampaign.objects.create(year=2026, sheet=sheet, step=CampaignStep.SELF_CHECK)
    inspecting = RatingCampaign.objects.create(year=2025, sheet=sheet, step=CampaignStep.INSPECTION)
    for org in (world.org_a, world.org_a_child, world.org_b):
        OrgRating.objects.create(campaign=checking, party_organization=org)
        OrgRating.objects.create(campaign=inspecting, party_organization=org)
    for area, objections in ((world.area_a, 2), (world.area_b, 1), (None, 0)):
        posting = Posting.objects.create(
            kind=PostingKind.STAR_MONTHLY, title="公示", subject=f"s{area}", area=area, published_on=TODAY,
            start_on=TODAY, end_on=TODAY + timedelta(days=7), created_by=county_admin,
        )  # fmt: skip
        for _n in range(objections):
            Objection.objects.create(posting=posting, received_on=TODAY, content="有异议")
    selection = SelectionCampaign.objects.create(kind="secretary", year=2026, quota=3)
    for org, step in ((world.org_a, "applied"), (world.org_a_child, "recommended"), (world.org_b, "reviewed")):
        for _n in range(2):
            Nomination.objects.create(
                campaign=selection, person=make_person(org), party_organization=org, area=org.area, step=step,
                statement="事迹",
            )  # fmt: skip
    enterprise = member_enterprise(chain, world.area_a, "甲纺织有限公司", org=world.org_a)
    reported(secretary, enterprise)
    ticket_a = dispatched(secretary, chain_staff, enterprise, department)
    dispatched(secretary, chain_staff, enterprise, department)
    Ticket.objects.filter(pk=ticket_a.pk).update(is_supervised=True)
    accepted = reported(secretary, enterprise)
    ticket_services.ticket_accept(by=chain_staff, ticket=accepted)
    return world


PERSONAS = ["county_admin", "area_reviewer", "secretary", "chain_staff", "dept_handler"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_to_do_counts_exactly_the_rows_of_the_list_it_opens(persona, work, request, as_user):
    user = request.getfixturevalue(persona)
    client = as_user(user)
    seen = 0
    for name in core_todos.SOURCES:
        for todo in importlib.import_module(name).todos(user):
            assert list_total(client, todo.url) == todo.count, (todo.label, todo.url)
            seen += todo.count
    assert seen, f"nothing waits for {persona}: the test would prove nothing"


def test_the_home_page_lists_only_to_dos_with_something_waiting(work, secretary, as_user):
    todos = as_user(secretary).get(reverse("core:home")).context["todos"]
    labels = {todo.label: todo.count for todo in todos}
    assert labels["被街镇/园区退回、待修改后重新提交的积分卡"] == 2  # org_a and its branch
    assert "2026年第2季度积分卡尚未提交的考察对象" in labels
    assert all(todo.count for todo in todos)


# --- notifications ---------------------------------------------------------------------------------------------


def test_each_notification_in_the_inbox_and_on_the_home_page_opens_its_object_and_is_then_read(
    work, chain_staff, as_user
):
    client = as_user(chain_staff)
    note = Notification.objects.filter(recipient=chain_staff).exclude(url="").first()
    Notification.objects.filter(pk=note.pk).update(key="")  # a one-off message: only opening it settles it
    for page in (reverse("core:notification_list"), reverse("core:home")):
        html = client.get(page).content.decode()
        assert f'action="{reverse("core:notification_read", args=[note.pk])}"' in html
        assert 'name="open" value="1"' in html
    response = client.post(reverse("core:notification_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(note.url).status_code == 200


def test_a_new_ticket_notification_is_read_once_chain_staff_accept_the_ticket(world, secretary, chain_staff, chain):
    enterprise = member_enterprise(chain, world.area_a, "甲纺织有限公司", org=world.org_a)
    ticket = reported(secretary, enterprise)
    note = Notification.objects.get(recipient=chain_staff, key__startswith=f"ticket:{ticket.pk}:report")
    assert notifications_settle(user=chain_staff) == 0  # still waiting to be accepted
    ticket_services.ticket_accept(by=chain_staff, ticket=ticket)
    assert notifications_settle(user=chain_staff) == 1
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_department_hears_of_a_dispatch_until_it_has_answered(world, secretary, chain_staff, chain, department,
                                                                dept_handler, as_user):  # fmt: skip
    enterprise = member_enterprise(chain, world.area_a, "甲纺织有限公司", org=world.org_a)
    ticket = dispatched(secretary, chain_staff, enterprise, department)
    note = Notification.objects.get(recipient=dept_handler, key__startswith=f"ticket:{ticket.pk}:dispatch")
    client = as_user(dept_handler)
    assert note in client.get(reverse("core:notification_list")).context["object_list"]
    note.refresh_from_db()
    assert note.read_at is None
    ticket_services.ticket_reply(by=dept_handler, ticket=ticket, reply="已协调解决。")
    client.get(reverse("core:home"))  # the home page settles what is done
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_missing_points_reminder_is_read_once_every_organisation_has_its_points(world, secretary, as_user):
    version = make_handbook(effective_from=date(2025, 1, 1))
    member = make_person(world.org_a)
    assert remind_missing_monthly_entries(today=TODAY) >= 1
    note = Notification.objects.get(recipient=secretary, key="scoring-points-2026-06")
    client = as_user(secretary)
    client.get(reverse("core:notification_list"))
    note.refresh_from_db()
    assert note.read_at is None
    PointEntry.objects.create(person=member, month=date(2026, 6, 1), rule=rule(version, "XX01"), star="study", points=2)
    client.get(reverse("core:notification_list"))
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_posting_ending_reminder_is_read_once_the_posting_is_over(world, area_reviewer, county_admin):
    posting = Posting.objects.create(
        kind=PostingKind.STAR_MONTHLY, title="公示", subject="s", area=world.area_a, published_on=TODAY - timedelta(6),
        start_on=TODAY - timedelta(days=6), end_on=TODAY + timedelta(days=1), created_by=county_admin,
    )  # fmt: skip
    remind_postings_ending(today=TODAY)
    note = Notification.objects.get(recipient=area_reviewer, key=f"posting-ending:{posting.pk}")
    assert notifications_settle(user=area_reviewer) == 0
    with time_machine.travel(datetime.combine(TODAY + timedelta(days=2), time(10)), tick=False):
        assert notifications_settle(user=area_reviewer) == 1
    note.refresh_from_db()
    assert note.read_at is not None
