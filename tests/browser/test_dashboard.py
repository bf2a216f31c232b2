"""In a real browser, on the demo county: the county's home page with its figures and charts on a desktop and
on a phone, and a work report generated from it, watched to the end and opened as a PDF. Screenshots go to
test-artifacts/screenshots/."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from core.models import User
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Demo@2026"  # every demo account's (README)


@pytest.fixture
def demo_admin(db):
    call_command("load_demo", stdout=io.StringIO())
    return User.objects.get(username="county_admin")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_county_dashboard_and_a_generated_report_on_desktop_and_phone(
    page, phone_page, live_server, screenshot, demo_admin
):
    sign_in(page, live_server, demo_admin, DEMO_PASSWORD)
    for title in ("组织覆盖", "党员队伍", "产业链党建"):
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.locator("#section-organizations ~ div").first).to_contain_text("258")
    assert page.locator("section svg").count() >= 3  # each area's chart, drawn on the server
    assert fits(page)
    screenshot(page, "dashboard-desktop")

    sign_in(phone_page, live_server, demo_admin, DEMO_PASSWORD)
    expect(phone_page.get_by_role("heading", name="党员队伍", exact=True)).to_be_visible()
    assert fits(phone_page), "the dashboard scrolls sideways on a phone"
    screenshot(phone_page, "dashboard-phone")

    page.get_by_test_id("report-link").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('core:report_start')}?")
    page.get_by_label("年度").select_option("2024")
    page.get_by_role("button", name="生成报告").click()
    # Tasks run in process here, so the page opens on the finished job; with a worker it polls until then.
    expect(page.get_by_test_id("report-status")).to_have_text("已完成", timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("全县新兴领域党建工作报告")
    screenshot(page, "report-job-done")
    href = page.get_by_test_id("report-pdf").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
