"""The issue closed loop: each step by the role that owns it, in order, timestamped; refusals save nothing."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Notification
from industry_chains.choices import HandlerRole, TicketStatus, TicketStep
from industry_chains.models import Consultation, Ticket, TicketAssignment, TicketEvent
from industry_chains.services import tickets as services
from tests.factories import DepartmentFactory, UserFactory
from tests.industry_chains.factories import dispatched, replied, reported

# 2025-09-30 (Tue) is the last working day before the National Day holiday (10-01 … 10-08);
# 2025-10-11 (Sat) is a make-up working day. Five working days after 09-30 end on 10-14.
BEFORE_HOLIDAY = "2025-09-30 10:00 +0800"


def steps(ticket) -> list[str]:
    return list(ticket.events.values_list("step", flat=True))


def snapshot(ticket):
    """Everything a refused step must leave as it was."""
    ticket = Ticket.objects.get(pk=ticket.pk)
    return (
        ticket.status,
        ticket.due_on,
        ticket.rating,
        ticket.closed_at,
        TicketEvent.objects.filter(ticket=ticket).count(),
        list(TicketAssignment.objects.filter(ticket=ticket).values_list("due_on", "replied_at", "extended_at")),
        Consultation.objects.filter(ticket=ticket).count(),
    )


def test_the_whole_loop_runs_from_report_to_close_with_who_and_when(
    secretary, chain_staff, dept_handler, department, co_department, enterprise
):
    co_handler = UserFactory(role="dept_handler", department=co_department)
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        ticket = reported(secretary, enterprise)
        assert ticket.status == TicketStatus.REPORTED
        services.ticket_accept(by=chain_staff, ticket=ticket)
        services.ticket_dispatch(by=chain_staff, ticket=ticket, lead=department, co_handlers=[co_department])
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DISPATCHED
    lead = ticket.assignments.get(role=HandlerRole.LEAD)
    co = ticket.assignments.get(role=HandlerRole.CO)
    # Deadlines skip the National Day holiday and count the make-up Saturday.
    assert lead.due_on == ticket.due_on == date(2025, 10, 14)
    assert co.due_on == date(2025, 10, 11)  # the make-up Saturday is the third working day
    with time_machine.travel("2025-10-09 09:00 +0800", tick=False):
        services.ticket_reply(by=co_handler, ticket=ticket, reply="人社局可组织专场招聘会。")
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.DISPATCHED  # a co-handler's answer does not end the lead's work
        services.ticket_reply(by=dept_handler, ticket=ticket, reply="已对接，首批 30 人到岗。")
    with time_machine.travel("2025-10-10 09:00 +0800", tick=False):
        services.ticket_consult(
            by=chain_staff,
            ticket=ticket,
            held_on=date(2025, 10, 10),
            attendees="工信局、人社局、鲁韵纺织",
            minutes="研究二期用工。",
            decision="人社局持续推送求职人员。",
        )
    with time_machine.travel("2025-10-13 09:00 +0800", tick=False):
        services.ticket_confirm(by=secretary, ticket=ticket, rating=5, comment="解决及时")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED
    assert ticket.rating == 5
    assert ticket.replied_on_time is True
    assert ticket.hours_to_close == pytest.approx(13 * 24 - 1)
    assert steps(ticket) == [
        TicketStep.REPORT,
        TicketStep.ACCEPT,
        TicketStep.DISPATCH,
        TicketStep.REPLY,
        TicketStep.REPLY,
        TicketStep.CONSULT,
        TicketStep.CONFIRM,
        TicketStep.CLOSE,
    ]
    actors = list(ticket.events.values_list("actor__username", flat=True))
    assert actors == ["charlie", "erin", "erin", co_handler.username, "frank", "erin", "charlie", "charlie"]


def test_the_committee_returns_a_ticket_only_with_a_reason(secretary, chain_staff, enterprise):
    ticket = reported(secretary, enterprise)
    before = snapshot(ticket)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        services.ticket_return(by=chain_staff, ticket=ticket, reason="  ")
    assert snapshot(ticket) == before
    services.ticket_return(by=chain_staff, ticket=ticket, reason="属于企业内部管理事项")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RETURNED
    assert ticket.return_reason == "属于企业内部管理事项"
    with pytest.raises(ValidationError, match="已退回企业，不能接单"):
        services.ticket_accept(by=chain_staff, ticket=ticket)


def test_a_rejected_answer_reopens_the_ticket_for_the_lead_department(
    secretary, chain_staff, dept_handler, department, enterprise
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        ticket = replied(secretary, chain_staff, dept_handler, enterprise, department)
    with time_machine.travel("2025-10-09 09:00 +0800", tick=False):
        services.ticket_reject(by=secretary, ticket=ticket, reason="到岗人数不足")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DISPATCHED
    assert ticket.reopen_count == 1
    assert ticket.replied_at is None
    assert ticket.due_on == date(2025, 10, 13)  # three working days from 10-09, counting Saturday 10-11
    assert Notification.objects.filter(recipient=dept_handler, title__contains="请重办").count() == 1
    with time_machine.travel("2025-10-10 09:00 +0800", tick=False):
        services.ticket_reply(by=dept_handler, ticket=ticket, reply="第二批 20 人已到岗。")
        services.ticket_confirm(by=secretary, ticket=ticket, rating=4)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED
    assert steps(ticket)[-5:] == [
        TicketStep.REPLY,
        TicketStep.REJECT,
        TicketStep.REPLY,
        TicketStep.CONFIRM,
        TicketStep.CLOSE,
    ]


def test_closing_a_ticket_no_department_replied_to_is_refused(secretary, chain_staff, department, enterprise):
    ticket = dispatched(secretary, chain_staff, enterprise, department)
    before = snapshot(ticket)
    with pytest.raises(ValidationError, match="尚无主办部门答复，不能确认销号"):
        services.ticket_confirm(by=secretary, ticket=ticket, rating=5)
    assert snapshot(ticket) == before


def test_dispatching_before_accepting_is_refused(secretary, chain_staff, department, enterprise):
    ticket = reported(secretary, enterprise)
    before = snapshot(ticket)
    with pytest.raises(ValidationError, match="尚未接单，不能派单"):
        services.ticket_dispatch(by=chain_staff, ticket=ticket, lead=department)
    assert snapshot(ticket) == before


@pytest.mark.parametrize(
    ("persona", "action", "message"),
    [
        ("dept_handler", "accept", "产业链党委可以接单"),
        ("secretary", "dispatch", "产业链党委可以派单"),
        ("other_chain_staff", "accept", "产业链党委可以接单"),
        ("secretary", "reply", "承办部门的经办人可以答复"),
        ("other_department", "reply", "未派给"),
        ("other_secretary", "confirm", "报送企业“甲纺织有限公司”的党组织书记"),
        ("chain_staff", "confirm", "党组织书记可以确认销号"),
    ],
)
def test_a_step_by_a_role_that_does_not_own_it_is_refused_and_saves_nothing(
    persona, action, message, request, secretary, chain_staff, dept_handler, department, enterprise, chain
):
    if persona == "other_chain_staff":
        from tests.factories import IndustryChainFactory

        user = UserFactory(role="chain_staff", chain=IndustryChainFactory(name="装备制造"))
    elif persona == "other_department":
        user = UserFactory(role="dept_handler", department=DepartmentFactory(name="县自然资源局"))
    else:
        user = request.getfixturevalue(persona)
    ticket = reported(secretary, enterprise)
    if action in {"reply", "confirm"}:
        services.ticket_accept(by=chain_staff, ticket=ticket)
        services.ticket_dispatch(by=chain_staff, ticket=ticket, lead=department)
    if action == "confirm":
        services.ticket_reply(by=dept_handler, ticket=ticket, reply="已办结")
    before = snapshot(ticket)
    calls = {
        "accept": lambda: services.ticket_accept(by=user, ticket=ticket),
        "dispatch": lambda: services.ticket_dispatch(by=user, ticket=ticket, lead=department),
        "reply": lambda: services.ticket_reply(by=user, ticket=ticket, reply="越权答复"),
        "confirm": lambda: services.ticket_confirm(by=user, ticket=ticket, rating=5),
    }
    with pytest.raises(ValidationError, match=message):
        calls[action]()
    assert snapshot(ticket) == before


@pytest.mark.parametrize("rating", [0, 6, -1, "5", 4.5, True])
def test_a_rating_outside_one_to_five_is_refused(rating, secretary, chain_staff, dept_handler, department, enterprise):
    ticket = replied(secretary, chain_staff, dept_handler, enterprise, department)
    before = snapshot(ticket)
    with pytest.raises(ValidationError, match="满意度评分应为 1 到 5 的整数"):
        services.ticket_confirm(by=secretary, ticket=ticket, rating=rating)
    assert snapshot(ticket) == before


def test_the_lead_department_may_extend_once_before_its_deadline(
    secretary, chain_staff, dept_handler, department, enterprise
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        ticket = dispatched(secretary, chain_staff, enterprise, department)
    with time_machine.travel("2025-10-14 17:00 +0800", tick=False):  # the deadline day itself
        assignment = services.ticket_extend(by=dept_handler, ticket=ticket, workdays=3, reason="需协调用地指标")
        assert assignment.due_on == date(2025, 10, 17)
        ticket.refresh_from_db()
        assert ticket.due_on == date(2025, 10, 17)
        before = snapshot(ticket)
        with pytest.raises(ValidationError, match="已延期过一次"):
            services.ticket_extend(by=dept_handler, ticket=ticket, workdays=2, reason="再延")
        assert snapshot(ticket) == before


def test_an_extension_asked_after_the_deadline_is_refused(secretary, chain_staff, dept_handler, department, enterprise):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        ticket = dispatched(secretary, chain_staff, enterprise, department)
    before = snapshot(ticket)
    with (
        time_machine.travel("2025-10-15 09:00 +0800", tick=False),
        pytest.raises(ValidationError, match="办理时限 2025-10-14 已过，不能再申请延期"),
    ):
        services.ticket_extend(by=dept_handler, ticket=ticket, workdays=3, reason="来不及")
    assert snapshot(ticket) == before


@pytest.mark.parametrize(("workdays", "reason"), [(0, "理由"), (6, "理由"), (3, "")])
def test_an_extension_needs_a_reason_and_a_length_within_the_limit(
    workdays, reason, secretary, chain_staff, dept_handler, department, enterprise
):
    ticket = dispatched(secretary, chain_staff, enterprise, department)
    before = snapshot(ticket)
    with pytest.raises(ValidationError):
        services.ticket_extend(by=dept_handler, ticket=ticket, workdays=workdays, reason=reason)
    assert snapshot(ticket) == before


def test_a_co_handler_may_not_ask_for_an_extension(secretary, chain_staff, department, co_department, enterprise):
    co_handler = UserFactory(role="dept_handler", department=co_department)
    ticket = dispatched(secretary, chain_staff, enterprise, department, co_handlers=[co_department])
    with pytest.raises(ValidationError, match="只有主办部门可以申请延期"):
        services.ticket_extend(by=co_handler, ticket=ticket, workdays=2, reason="协办需要时间")


def test_overdue_tickets_go_under_supervision_across_a_holiday_once(
    secretary, chain_staff, dept_handler, department, enterprise, other_enterprise, county_admin
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        late = dispatched(secretary, chain_staff, enterprise, department)
        answered = replied(secretary, chain_staff, dept_handler, enterprise, department)
    # 10-08 is past a naive Monday-to-Friday deadline (10-07) but inside the holiday-aware one (10-14).
    assert services.tickets_supervise_overdue(today=date(2025, 10, 8)) == 0
    assert services.tickets_supervise_overdue(today=date(2025, 10, 14)) == 0
    with time_machine.travel("2025-10-15 00:20 +0800", tick=False):
        assert services.tickets_supervise_overdue(today=date(2025, 10, 15)) == 1
        assert services.tickets_supervise_overdue(today=date(2025, 10, 15)) == 0  # a second run changes nothing
    late.refresh_from_db()
    answered.refresh_from_db()
    assert late.is_supervised and late.supervised_at is not None
    assert not answered.is_supervised
    assert steps(late).count(TicketStep.SUPERVISE) == 1
    assert Notification.objects.filter(recipient=dept_handler, kind="chain_ticket", title__contains="督办").count() == 1
    assert Notification.objects.filter(recipient=county_admin, title__contains="督办").count() == 1


def test_the_overdue_job_costs_the_same_queries_for_one_or_many_tickets(
    secretary, chain_staff, department, enterprise, django_assert_max_num_queries
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        for _ in range(12):
            dispatched(secretary, chain_staff, enterprise, department)
    with django_assert_max_num_queries(12):
        assert services.tickets_supervise_overdue(today=date(2025, 10, 20)) == 12


def test_a_late_reply_counts_as_not_on_time(secretary, chain_staff, dept_handler, department, enterprise):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        ticket = dispatched(secretary, chain_staff, enterprise, department)
    services.tickets_supervise_overdue(today=date(2025, 10, 16))
    with time_machine.travel("2025-10-16 09:00 +0800", tick=False):
        services.ticket_reply(by=dept_handler, ticket=ticket, reply="迟到的答复")
    ticket.refresh_from_db()
    assert ticket.replied_on_time is False
    assert ticket.supervised_at is not None
    assert not ticket.is_supervised  # answered: no longer waiting under supervision


def test_lead_departments_are_reminded_once_before_the_deadline(
    secretary, chain_staff, dept_handler, department, enterprise
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        dispatched(secretary, chain_staff, enterprise, department)
    with time_machine.travel("2025-10-13 08:30 +0800", tick=False):
        assert services.tickets_remind_due() == 1
        assert services.tickets_remind_due() == 0
    assert Notification.objects.filter(recipient=dept_handler, title__contains="到期").count() == 1


def test_a_secretary_may_report_only_for_an_enterprise_the_organisation_covers(
    secretary, other_enterprise, enterprise, world, chain
):
    with pytest.raises(ValidationError, match="只能为本党组织覆盖的企业报送诉求"):
        reported(secretary, other_enterprise)
    from tests.factories import make_entity

    outsider = make_entity(world.area_a, "甲食品有限公司", org=world.org_a)
    with pytest.raises(ValidationError, match="不是该产业链的在册成员企业"):
        services.ticket_report(
            by=secretary, chain=chain, entity=outsider, category="labour", title="标题", description="描述"
        )
    assert not Ticket.objects.exists()


def test_each_role_sees_only_its_own_tickets(
    secretary,
    other_secretary,
    chain_staff,
    dept_handler,
    area_reviewer,
    county_admin,
    department,
    enterprise,
    other_enterprise,
):
    mine = dispatched(secretary, chain_staff, enterprise, department)
    theirs = reported(other_secretary, other_enterprise)
    visible = {
        user: set(Ticket.objects.visible_to(user))
        for user in (secretary, other_secretary, chain_staff, dept_handler, area_reviewer, county_admin)
    }
    assert visible[secretary] == {mine}
    assert visible[other_secretary] == {theirs}
    assert visible[chain_staff] == {mine, theirs}
    assert visible[dept_handler] == {mine}
    assert visible[area_reviewer] == {mine}
    assert visible[county_admin] == {mine, theirs}


def test_another_enterprises_ticket_is_a_404(as_user, other_secretary, secretary, enterprise):
    ticket = reported(secretary, enterprise)
    client = as_user(other_secretary)
    assert client.get(reverse("industry_chains:ticket_detail", args=[ticket.pk])).status_code == 404
    response = client.post(reverse("industry_chains:ticket_step", args=[ticket.pk, "confirm"]), {"rating": 5})
    assert response.status_code == 404


def test_the_ticket_page_offers_each_role_its_next_step_and_shows_the_timeline(
    as_user, secretary, chain_staff, dept_handler, department, enterprise
):
    ticket = reported(secretary, enterprise)
    url = reverse("industry_chains:ticket_detail", args=[ticket.pk])
    page = as_user(chain_staff).get(url).content.decode()
    assert 'data-testid="action-accept"' in page and 'data-testid="action-return"' in page
    assert 'data-testid="action-accept"' not in as_user(secretary).get(url).content.decode()
    client = as_user(chain_staff)
    client.post(reverse("industry_chains:ticket_step", args=[ticket.pk, "accept"]), {"note": ""})
    response = client.post(
        reverse("industry_chains:ticket_step", args=[ticket.pk, "dispatch"]), {"lead": department.pk}, follow=True
    )
    assert "已派单" in response.content.decode()
    page = as_user(dept_handler).get(url).content.decode()
    assert 'data-testid="action-reply"' in page and 'data-testid="action-extend"' in page
    assert "企业吹哨" in page and "接单" in page and "派单" in page


def test_an_overdue_ticket_does_not_offer_its_lead_department_an_extension(
    as_user, secretary, chain_staff, dept_handler, department, enterprise
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        ticket = dispatched(secretary, chain_staff, enterprise, department)
    url = reverse("industry_chains:ticket_detail", args=[ticket.pk])
    with time_machine.travel("2025-10-14 17:00 +0800", tick=False):  # the deadline day: still offered
        assert 'data-testid="action-extend"' in as_user(dept_handler).get(url).content.decode()
    with time_machine.travel("2025-10-15 09:00 +0800", tick=False):  # a day late: the service would refuse
        page = as_user(dept_handler).get(url).content.decode()
    assert 'data-testid="action-extend"' not in page and 'data-testid="action-reply"' in page


def test_the_satisfaction_rating_has_no_preselected_score_and_must_be_chosen(
    as_user, secretary, chain_staff, dept_handler, department, enterprise
):
    ticket = replied(secretary, chain_staff, dept_handler, enterprise, department)
    url = reverse("industry_chains:ticket_detail", args=[ticket.pk])
    client = as_user(secretary)
    page = client.get(url).content.decode()
    assert 'data-testid="action-confirm"' in page and 'name="rating"' in page
    assert "checked" not in page and "selected" not in page
    before = snapshot(ticket)
    response = client.post(reverse("industry_chains:ticket_step", args=[ticket.pk, "confirm"]), {}, follow=True)
    assert "满意度评分：请选择一项（必选）。" in response.content.decode()
    assert snapshot(ticket) == before


def test_a_refused_step_on_the_page_shows_its_reason_and_changes_nothing(
    as_user, secretary, chain_staff, department, enterprise
):
    ticket = dispatched(secretary, chain_staff, enterprise, department)
    before = snapshot(ticket)
    response = as_user(secretary).post(
        reverse("industry_chains:ticket_step", args=[ticket.pk, "confirm"]), {"rating": 5}, follow=True
    )
    assert "尚无主办部门答复，不能确认销号" in response.content.decode()
    assert snapshot(ticket) == before


def test_a_secretary_reports_a_ticket_through_the_page(as_user, secretary, enterprise, chain_staff):
    response = as_user(secretary).post(
        reverse("industry_chains:ticket_create"),
        {
            "entity": enterprise.entity.pk,
            "chain": enterprise.chain.pk,
            "category": "finance",
            "title": "流动资金贷款需求",
            "description": "希望对接银行。",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.reported_by == secretary
    assert Notification.objects.filter(recipient=chain_staff, title__contains="新诉求待接单").count() == 1


def test_the_ticket_list_keeps_its_query_count_as_tickets_grow(
    as_user, secretary, chain_staff, department, enterprise, county_admin, django_assert_max_num_queries
):
    for _ in range(3):
        dispatched(secretary, chain_staff, enterprise, department)
    client = as_user(county_admin)
    url = reverse("industry_chains:ticket_list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(20):
        dispatched(secretary, chain_staff, enterprise, department)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_ticket_list_exports_to_excel(as_user, secretary, chain_staff, department, enterprise, county_admin):
    dispatched(secretary, chain_staff, enterprise, department)
    response = as_user(county_admin).get(reverse("industry_chains:ticket_list") + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_ticket_list_shows_tickets_at_every_step(
    as_user, county_admin, secretary, chain_staff, department, enterprise
):
    reported(secretary, enterprise, title="刚报送的诉求")
    dispatched(secretary, chain_staff, enterprise, department)
    page = as_user(county_admin).get(reverse("industry_chains:ticket_list")).content.decode()
    assert "刚报送的诉求" in page and "待接单" in page and "办理中" in page


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_and_a_rejection_at_once_cannot_both_happen(
    secretary, chain_staff, dept_handler, department, enterprise, monkeypatch
):
    """The enterprise's two secretaries press 确认 and 不认可 together: one wins, the other is refused."""
    import threading

    from django.db import connection

    ticket = replied(secretary, chain_staff, dept_handler, enterprise, department)
    check = services._require_enterprise

    def slow_check(*args, **kwargs):
        # Widen the window between reading the ticket and writing it, as a busy server would.
        check(*args, **kwargs)
        threading.Event().wait(0.3)

    monkeypatch.setattr(services, "_require_enterprise", slow_check)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(call):
        try:
            start.wait()
            call()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append("；".join(error.messages))
        finally:
            connection.close()

    calls = [
        lambda: services.ticket_confirm(by=secretary, ticket=ticket, rating=5),
        lambda: services.ticket_reject(by=secretary, ticket=ticket, reason="未解决"),
    ]
    threads = [threading.Thread(target=act, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("ok") == 1
    assert len(outcomes) == 2
    ticket.refresh_from_db()
    finished = TicketEvent.objects.filter(ticket=ticket, step__in=[TicketStep.CONFIRM, TicketStep.REJECT]).count()
    assert finished == 1
    assert ticket.status in {TicketStatus.CLOSED, TicketStatus.DISPATCHED}


def test_the_export_shows_beijing_time(as_user, county_admin, secretary, enterprise):
    with time_machine.travel("2025-03-03 09:30 +0800", tick=False):
        reported(secretary, enterprise)
    from io import BytesIO

    from openpyxl import load_workbook

    response = as_user(county_admin).get(reverse("industry_chains:ticket_list") + "?format=xlsx")
    values = [cell.value for row in load_workbook(BytesIO(response.content)).active.iter_rows() for cell in row]
    assert datetime(2025, 3, 3, 9, 30) in values  # Beijing time, a typed cell


def test_a_co_handler_sees_the_ticket_and_another_department_does_not(
    as_user, secretary, chain_staff, department, co_department, enterprise
):
    co_handler = UserFactory(role="dept_handler", department=co_department)
    outsider = UserFactory(role="dept_handler", department=DepartmentFactory(name="县自然资源局"))
    ticket = dispatched(secretary, chain_staff, enterprise, department, co_handlers=[co_department])
    url = reverse("industry_chains:ticket_detail", args=[ticket.pk])
    assert as_user(co_handler).get(url).status_code == 200
    assert as_user(outsider).get(url).status_code == 404
    assert list(Ticket.objects.visible_to(co_handler)) == [ticket]
    assert not Ticket.objects.visible_to(outsider).exists()


def test_a_ticket_past_its_deadline_reads_as_overdue_before_any_job_has_run(
    secretary, chain_staff, dept_handler, department, enterprise, county_admin, as_user
):
    with time_machine.travel(BEFORE_HOLIDAY, tick=False):
        late = dispatched(secretary, chain_staff, enterprise, department)
    assert late.due_on == date(2025, 10, 14)
    client = as_user(county_admin)
    with time_machine.travel("2025-10-14 18:00 +0800", tick=False):
        assert 'data-testid="overdue"' not in client.get(reverse("industry_chains:ticket_list")).content.decode()
    with time_machine.travel("2025-10-15 09:00 +0800", tick=False):
        late.refresh_from_db()
        assert not late.is_supervised  # the nightly job has not run
        assert late.is_overdue
        page = client.get(reverse("industry_chains:ticket_list")).content.decode()
        assert 'data-testid="overdue"' in page
