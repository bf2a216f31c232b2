"""The coverage page in a real browser: figures, chart and the phone layout."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def covered_world(world):
    make_entity(world.area_a, "甲单建", org=world.org_a_child, members=6)
    make_entity(world.area_a, "甲未建", members=4)
    make_entity(world.area_b, "乙单建", org=world.org_b, members=3)
    return world


def test_the_coverage_page_shows_rates_with_figures_on_desktop_and_phone(
    covered_world, county_admin, page, phone_page, live_server, logged_in, screenshot
):
    for current, name in ((page, "desktop"), (phone_page, "phone")):
        logged_in(current, live_server, county_admin)
        current.goto(f"{live_server.url}{reverse('organizations:coverage')}")
        expect(current.get_by_test_id("org-rate")).to_have_text("66.7%")
        expect(current.get_by_text("有党组织覆盖 2 / 正常经营 3 个")).to_be_visible()
        expect(current.locator(".chart-scroll svg")).to_be_visible()
        scroll_width, viewport_width = current.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll_width <= viewport_width, f"{name}: the page scrolls sideways"
        screenshot(current, f"{name}-coverage")


def test_should_have_but_dont_is_reachable_from_the_coverage_page(
    covered_world, area_reviewer, page, live_server, logged_in
):
    logged_in(page, live_server, area_reviewer)
    page.goto(f"{live_server.url}{reverse('organizations:coverage')}")
    page.get_by_role("link", name="应建未建（1）").click()
    expect(page.locator("table tbody")).to_contain_text("甲未建")
    expect(page.locator("table tbody")).not_to_contain_text("乙单建")
