"""In a real browser: a department replies on the ticket page, the enterprise confirms on a phone, the timeline
shows every step; the department assessment draws its chart. Screenshots go to test-artifacts/screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, sign_in, tab
from tests.industry_chains.factories import dispatched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_loop_on_the_ticket_page_and_the_assessment_on_desktop_and_phone(
    browser, live_server, secretary, chain_staff, dept_handler, department, enterprise, county_admin
):
    ticket = dispatched(secretary, chain_staff, enterprise, department)
    url = f"{live_server.url}{reverse('industry_chains:ticket_detail', args=[ticket.pk])}"

    desk = tab(browser, 1366)
    sign_in(desk, live_server, dept_handler)
    desk.goto(url)
    reply = desk.get_by_test_id("action-reply")
    reply.get_by_label("办理答复").fill("已在县人力资源市场举办专场招聘，首批 30 人到岗。")
    reply.get_by_role("button", name="提交办理答复").click()
    expect(desk.get_by_text("已提交办理答复。")).to_be_visible()
    expect(desk.get_by_test_id("ticket-timeline")).to_contain_text("办单答复")

    phone = tab(browser, 390, 844)
    sign_in(phone, live_server, secretary)
    phone.goto(url)
    confirm = phone.get_by_test_id("action-confirm")
    confirm.get_by_role("radio", name="5 分 非常满意").check()  # nothing is chosen for the enterprise
    confirm.get_by_role("button", name="确认解决并销号").click()
    timeline = phone.get_by_test_id("ticket-timeline")
    expect(timeline).to_contain_text("销号")
    assert timeline.locator("li").count() == 6  # 吹哨、接单、派单、答复、确认、销号
    # The page fits the phone: nothing but the tables scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "chains_ticket_timeline_phone.png"), full_page=True)

    admin = tab(browser, 1366)
    sign_in(admin, live_server, county_admin)
    admin.goto(f"{live_server.url}{reverse('industry_chains:assessment')}")
    section = admin.get_by_test_id("department-assessment")
    expect(section.locator("svg")).to_be_visible()
    expect(section).to_contain_text(department.name)
    admin.screenshot(path=str(SCREENSHOTS / "chains_assessment_desktop.png"), full_page=True)
