"""In a real browser on a phone: a secretary fills in the month's 星级党员 grid on two star tabs (switching
keeps what she typed), is refused above a rule's monthly cap with the cell marked and nothing saved, then saves
and finds the points recorded. Screenshot in test-artifacts/screenshots/."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import Stage
from scoring.models import PointEntry
from tests.scoring.factories import make_handbook, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRID_URL = re.compile(r"/scoring/stars/grid/(\d+)/(\d{4})/(\d{1,2})/\?star=study$")


def test_a_secretary_scores_two_members_on_a_phone_and_the_lines_are_saved(
    phone_page, live_server, logged_in, screenshot, secretary, world
):
    make_handbook()  # in force since January 2025: XX01 2 points a time (cap 8), XX02 5 points (cap 10)
    first, second, idle = (make_person(world.org_a, name) for name in ("张明", "李华", "王芳"))
    make_person(world.org_a, "甲积极分子", stage=Stage.ACTIVIST)
    make_person(world.org_b, "乙党员")
    page = phone_page
    logged_in(page, live_server, secretary)

    page.goto(f"{live_server.url}{reverse('scoring:grid_start')}")
    orgs = page.locator(".list-group")
    expect(orgs.get_by_role("link")).to_have_count(1)  # the child branch has no members, org B is not hers
    orgs.get_by_role("link", name=re.compile(world.org_a.name)).tap()
    # One table per star, one shown at a time: the tab's.
    grid = page.get_by_test_id("grid").filter(visible=True)
    expect(grid).to_have_count(1)
    # Full and probationary members only: the activist gets a quarterly scorecard, not star points.
    names = grid.locator("tbody tr td:first-child")
    expect(names).to_have_count(3)
    assert sorted(names.all_inner_texts()) == sorted(p.name for p in (first, second, idle))

    def cell(person, rule_name):
        return grid.get_by_label(f"{person.name} {rule_name}", exact=True)

    def month_total(person):
        return grid.locator("tbody tr").filter(has_text=person.name).locator("td").last

    tabs = page.get_by_test_id("star-tabs")

    # 5 × 2 points is above 参加集中学习's cap of 8 a month; a count on another star's tab is typed too.
    cell(first, "参加集中学习").fill("5")
    cell(second, "学习心得").fill("1")
    tabs.get_by_role("link", name="帮扶关爱星").tap()
    expect(grid.locator("thead")).to_contain_text("社区报到志愿服务")
    cell(second, "社区报到志愿服务").fill("2")
    # Back and forth between the tabs: nothing typed is lost, and the address says which star is shown.
    tabs.get_by_role("link", name="学习进步星").tap()
    expect(cell(first, "参加集中学习")).to_have_value("5")
    expect(cell(second, "学习心得")).to_have_value("1")
    tabs.get_by_role("link", name="帮扶关爱星").tap()
    expect(cell(second, "社区报到志愿服务")).to_have_value("2")
    expect(page).to_have_url(re.compile(r"\?star=care$"))
    tabs.get_by_role("link", name="学习进步星").tap()

    # Refused in Chinese beside the cell over its cap, that star's tab shown, and nothing is written.
    page.get_by_role("button", name=re.compile(r"^保存\d+月记分$")).tap()
    expect(page.get_by_role("alert")).to_contain_text("有 1 处次数未通过检查")
    over = cell(first, "参加集中学习")
    expect(over).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(over).to_have_accessible_description("张明的“参加集中学习”本月合计 10 分，超过每月上限 8 分。")
    expect(over.locator("xpath=following-sibling::div[contains(@class, 'invalid-feedback')]")).to_be_visible()
    expect(cell(second, "学习心得")).not_to_have_class(re.compile(r"\bis-invalid\b"))
    assert PointEntry.objects.count() == 0
    expect(over).to_have_value("5")  # what was typed stays to be corrected, on every tab
    screenshot(page, "scoring-grid-phone-cap")
    tabs.get_by_role("link", name="帮扶关爱星").tap()
    expect(cell(second, "社区报到志愿服务")).to_have_value("2")
    tabs.get_by_role("link", name="学习进步星").tap()

    cell(first, "参加集中学习").fill("3")
    cell(first, "学习心得").fill("2")
    cell(second, "学习心得").fill("1")
    page.get_by_role("button", name=re.compile(r"^保存\d+月记分$")).tap()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"已保存，新增 4 条积分记录。"))
    expect(page).to_have_url(GRID_URL)
    expect(cell(first, "参加集中学习")).to_have_value("3")
    expect(cell(first, "学习心得")).to_have_value("2")
    expect(cell(second, "学习心得")).to_have_value("1")
    expect(month_total(first)).to_have_text("16")
    expect(month_total(second)).to_have_text("11")  # 5 for 学习心得 and 6 on the other tab
    expect(month_total(idle)).to_have_text("0")

    scroll_width, viewport_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert viewport_width == 390
    assert scroll_width <= viewport_width, f"the grid scrolls sideways: {scroll_width}px wide in {viewport_width}px"
    screenshot(page, "scoring-grid-phone")

    org_id, year, month = GRID_URL.search(page.url).groups()
    assert int(org_id) == world.org_a.pk
    shown_month = date(int(year), int(month), 1)
    # One line per changed cell, worth count × points, in the month on screen, by her; no reversals.
    saved = PointEntry.objects.order_by("person__name", "rule__code").values_list(
        "person__name", "rule__code", "star", "points", "month", "created_by", "reverses"
    )
    assert sorted(saved) == sorted(
        [
            (first.name, "XX01", "study", 6, shown_month, secretary.pk, None),
            (first.name, "XX02", "study", 10, shown_month, secretary.pk, None),
            (second.name, "BF01", "care", 6, shown_month, secretary.pk, None),
            (second.name, "XX02", "study", 5, shown_month, secretary.pk, None),
        ]
    )
    assert not PointEntry.objects.filter(person=idle).exists()
