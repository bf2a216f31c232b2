"""督办考核: received, closed, on time, overdue, average time to close and satisfaction, per department and chain."""

from datetime import date

import time_machine
from django.urls import reverse

from industry_chains.models import Ticket, TicketAssignment
from industry_chains.selectors import assessment
from industry_chains.services import tickets as services
from tests.factories import DepartmentFactory, IndustryChainFactory, UserFactory
from tests.industry_chains.factories import dispatched, member_enterprise, reported

START, END = date(2025, 9, 1), date(2025, 12, 31)


def test_the_assessment_figures(secretary, chain_staff, dept_handler, department, co_department, enterprise):
    co_handler = UserFactory(role="dept_handler", department=co_department)
    with time_machine.travel("2025-09-30 10:00 +0800", tick=False):
        a = dispatched(secretary, chain_staff, enterprise, department, co_handlers=[co_department])
        b = dispatched(secretary, chain_staff, enterprise, department)
        dispatched(secretary, chain_staff, enterprise, department)  # c: never answered
        services.ticket_return(by=chain_staff, ticket=reported(secretary, enterprise), reason="不属于产业链事项")
    with time_machine.travel("2025-10-02 10:00 +0800", tick=False):
        services.ticket_reply(by=co_handler, ticket=a, reply="协办意见")
        services.ticket_reply(by=dept_handler, ticket=a, reply="已办")
        services.ticket_confirm(by=secretary, ticket=a, rating=5)
    with time_machine.travel("2025-10-20 10:00 +0800", tick=False):
        services.ticket_reply(by=dept_handler, ticket=b, reply="迟办")
    with time_machine.travel("2025-10-22 10:00 +0800", tick=False):
        services.ticket_confirm(by=secretary, ticket=b, rating=3)
        dispatched(secretary, chain_staff, enterprise, department)  # d: open, not yet due
    today = date(2025, 10, 23)
    (chain_row,) = assessment.chain_figures(tickets=Ticket.objects.all(), start=START, end=END, today=today)
    assert (chain_row.received, chain_row.closed, chain_row.on_time, chain_row.overdue) == (4, 2, 1, 2)
    assert chain_row.avg_hours == (48 + 22 * 24) / 2
    assert (chain_row.rated, chain_row.satisfied, chain_row.satisfaction_rate) == (2, 1, 50.0)
    rows = {
        r.name: r
        for r in assessment.department_figures(
            assignments=TicketAssignment.objects.all(), start=START, end=END, today=today
        )
    }
    lead = rows[department.name]
    assert (lead.received, lead.closed, lead.on_time, lead.overdue) == (4, 2, 1, 2)
    co = rows[co_department.name]
    assert (co.received, co.closed, co.on_time, co.overdue, co.satisfaction_rate) == (1, 1, 1, 0, 100.0)
    # A period that ends before the last dispatch leaves it out.
    early = assessment.chain_figures(tickets=Ticket.objects.all(), start=START, end=date(2025, 10, 1), today=today)
    assert early[0].received == 3


def test_a_department_sees_only_its_own_row(
    as_user, secretary, chain_staff, dept_handler, department, co_department, enterprise
):
    dispatched(secretary, chain_staff, enterprise, co_department)
    dispatched(secretary, chain_staff, enterprise, department)
    page = as_user(dept_handler).get(reverse("industry_chains:assessment")).content.decode()
    assert department.name in page
    assert co_department.name not in page


def test_the_assessment_page_keeps_its_query_count_as_tickets_and_departments_grow(
    as_user, county_admin, secretary, chain_staff, department, enterprise, world, django_assert_max_num_queries
):
    dispatched(secretary, chain_staff, enterprise, department)
    client = as_user(county_admin)
    url = reverse("industry_chains:assessment")
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    other_chain = IndustryChainFactory(name="高端化工")
    other_staff = UserFactory(role="chain_staff", chain=other_chain)
    other = member_enterprise(other_chain, world.area_a, "甲化工有限公司", org=world.org_a)
    for index in range(6):
        dispatched(secretary, other_staff, other, DepartmentFactory(name=f"县第{index}局"))
        dispatched(secretary, chain_staff, enterprise, department)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "县第5局" in page and "高端化工" in page and "<svg" in page


def test_the_assessment_exports_both_tables_to_excel(
    as_user, county_admin, secretary, chain_staff, department, enterprise
):
    dispatched(secretary, chain_staff, enterprise, department)
    response = as_user(county_admin).get(reverse("industry_chains:assessment") + "?start=2020-01-01&format=xlsx")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["部门考核", "产业链考核", "指标口径"]
    assert book["部门考核"]["A2"].value == department.name
    assert book["部门考核"]["B2"].value == 1


def test_a_start_after_the_end_is_refused_with_a_reason(as_user, county_admin):
    page = as_user(county_admin).get(reverse("industry_chains:assessment") + "?start=2025-12-01&end=2025-01-01")
    assert "结束日期不能早于开始日期" in page.content.decode()
