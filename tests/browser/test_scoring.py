"""In a real browser on a phone: a secretary fills in the month's 星级党员 grid, is refused above a rule's
monthly cap with nothing saved, then saves and finds the points recorded. Screenshot in
test-artifacts/screenshots/."""

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
    expect(page.get_by_test_id("grid")).to_be_visible()
    grid = page.get_by_test_id("grid")
    # Full and probationary members only: the activist gets a quarterly scorecard, not star points.
    names = grid.locator("tbody tr td:first-child")
    expect(names).to_have_count(3)
    assert sorted(names.all_inner_texts()) == sorted(p.name for p in (first, second, idle))

    def cell(person, rule_name):
        return grid.get_by_label(f"{person.name} {rule_name}", exact=True)

    def month_total(person):
        return grid.locator("tbody tr").filter(has_text=person.name).locator("td").last

    # 5 × 2 points is above 参加集中学习's cap of 8 a month: refused in Chinese, and nothing is written.
    cell(first, "参加集中学习").fill("5")
    cell(second, "学习心得").fill("1")
    page.get_by_role("button", name=re.compile(r"^保存\d+月记分$")).tap()
    expect(page.get_by_role("alert")).to_contain_text("张明的“参加集中学习”本月合计 10 分，超过每月上限 8 分。")
    assert PointEntry.objects.count() == 0
    expect(cell(first, "参加集中学习")).to_have_value("5")  # what was typed stays to be corrected

    cell(first, "参加集中学习").fill("3")
    cell(first, "学习心得").fill("2")
    cell(second, "学习心得").fill("1")
    page.get_by_role("button", name=re.compile(r"^保存\d+月记分$")).tap()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"已保存，新增 3 条积分记录。"))
    expect(page).to_have_url(GRID_URL)
    expect(cell(first, "参加集中学习")).to_have_value("3")
    expect(cell(first, "学习心得")).to_have_value("2")
    expect(cell(second, "学习心得")).to_have_value("1")
    expect(month_total(first)).to_have_text("16")
    expect(month_total(second)).to_have_text("5")
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
            (second.name, "XX02", "study", 5, shown_month, secretary.pk, None),
        ]
    )
    assert not PointEntry.objects.filter(person=idle).exists()
