"""In a real browser, county staff publish a quarter's scorecard posting in two steps and withdraw it: the form offers
the quarter from a list, the preview shows who is included per area and warns of the area still reviewing, the
confirmation publishes, the public board shows it; withdrawn with a reason, the board shows it withdrawn with the
date and reason and the old PDF, still downloadable, is marked. Screenshots in test-artifacts/screenshots/."""

import re
import subprocess
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.workdays import is_workday
from scoring.models import Posting
from tests.scoring.factories import make_template
from tests.scoring.test_posting_preview import card

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "乙镇积分卡尚未审核完毕，名单不全，审核后重新公示"


def pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True).stdout  # noqa: S607
    return re.sub(r"\s+", "", text.decode())


def test_county_staff_preview_confirm_and_withdraw_a_posting_and_the_board_shows_each_step(
    page, live_server, logged_in, screenshot, world, county_admin, secretary, area_reviewer, other_secretary
):
    today = timezone.localdate()
    # Published on the last working day: on a rest day, a posting published today would start only on the next.
    published_on = next(today - timedelta(days=n) for n in range(10) if is_workday(today - timedelta(days=n)))
    year, quarter = published_on.year, (published_on.month - 1) // 3 + 1
    make_template()
    with time_machine.travel(f"{published_on} 09:00 +0800", tick=False):
        for name in ("欧阳娜娜", "李四"):
            card(secretary, world.org_a, name, review_by=area_reviewer, year=year, quarter=quarter)
        card(other_secretary, world.org_b, "王五", year=year, quarter=quarter)  # submitted, not yet reviewed
    logged_in(page, live_server, county_admin)

    # Step one: what and which quarter, from lists.
    page.goto(f"{live_server.url}{reverse('scoring:posting_list')}")
    page.get_by_role("link", name="发布公示").click()
    page.get_by_label("公示内容").select_option(label="积分卡考评结果")
    period = page.get_by_label("公示期间")
    offered = period.locator("option:not([hidden])").evaluate_all("options => options.map(o => o.value)")
    assert f"{year}Q{quarter}" in offered and not [value for value in offered if "-" in value or len(value) == 4]
    period.select_option(label=f"{year}年第{quarter}季度")
    page.get_by_label("发布日期").fill(published_on.isoformat())
    screenshot(page, "scoring-posting-form")
    page.get_by_role("button", name="预览").click()

    # The preview: two included, all from 甲镇; 乙镇 still has a card to review, and says so.
    expect(page.get_by_role("heading", name="发布前预览")).to_be_visible()
    expect(page.get_by_test_id("preview-included")).to_have_text("2")
    areas = page.get_by_test_id("preview-areas")
    expect(areas.locator("tr", has_text="甲镇").locator("td").nth(1)).to_have_text("2")
    expect(areas.locator("tr", has_text="乙镇").locator("td").nth(1)).to_have_text("0")
    expect(areas.locator("tr", has_text="乙镇")).to_contain_text("已提交待审核 1")
    expect(page.get_by_test_id("preview-warning")).to_contain_text("乙镇已提交待审核 1")
    expect(page.get_by_test_id("preview-period")).to_contain_text("个工作日")
    expect(page.get_by_test_id("posting-lines").locator("tbody tr")).to_have_count(2)
    assert not Posting.objects.exists()  # nothing published yet
    screenshot(page, "scoring-posting-preview")

    # Step two: the confirmation publishes.
    page.get_by_role("button", name=re.compile(r"^确认发布（2 人）$")).click()
    expect(page.get_by_role("alert").filter(has_text="已发布")).to_be_visible()
    posting = Posting.objects.get()
    expect(page).to_have_url(f"{live_server.url}{reverse('scoring:posting_detail', args=[posting.pk])}")

    board = page.context.browser.new_page()  # a visitor, not signed in
    board.goto(f"{live_server.url}{reverse('scoring:notice_board')}")
    expect(board.get_by_test_id("board-current")).to_contain_text(posting.title)

    # Withdrawal: a reason is required, then the posting is marked.
    page.get_by_role("link", name="撤回", exact=True).click()
    page.get_by_role("button", name="确认撤回").click()
    expect(page.locator("#id_reason")).to_have_class(re.compile(r"is-invalid"))
    expect(page.locator(".invalid-feedback")).to_contain_text("必填")
    page.get_by_label("撤回原因").fill(REASON)
    page.get_by_role("button", name="确认撤回").click()
    expect(page.get_by_test_id("withdrawal")).to_contain_text(f"撤回原因：{REASON}")
    screenshot(page, "scoring-posting-withdrawn-staff")

    board.goto(f"{live_server.url}{reverse('scoring:notice_board')}")
    expect(board.get_by_test_id("board-current")).not_to_contain_text(posting.title)
    past = board.get_by_test_id("board-past").get_by_test_id("posting").filter(has_text=posting.title)
    expect(past.get_by_test_id("posting-withdrawn")).to_have_text("已撤回")
    expect(past.get_by_test_id("withdrawal")).to_contain_text(f"{today.year}年{today.month}月{today.day}日撤回")
    expect(past.get_by_test_id("withdrawal")).to_contain_text(REASON)
    pdf_link = past.get_by_role("link", name=re.compile("原 PDF（已标注已撤回）"))
    expect(pdf_link).to_be_visible()
    screenshot(board, "scoring-posting-board-withdrawn")
    response = board.request.get(f"{live_server.url}{pdf_link.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "本公示已撤回" in text and REASON in text and "欧***" in text
    board.close()
