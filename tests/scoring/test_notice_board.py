"""The public notice board (公示栏): current and past postings, the kind filter and title search, each
posting's period and links, the PDF, no login, nothing personal, and a query count that does not grow."""

import html
import re
import subprocess
from datetime import date
from itertools import count

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workdays import posting_period
from members.choices import Stage
from scoring.choices import PostingKind
from scoring.models import Posting, PostingLine
from scoring.services import postings as services
from scoring.services import scorecards as cards
from tests.scoring.factories import make_person, make_template, publish

CJK_FONT = re.compile(r"WenQuanYi|Noto-?Sans-?CJK", re.IGNORECASE)
BOARD = "/scoring/notices/"
_subjects = count(1)


def travel(moment: str):
    return time_machine.travel(moment, tick=False)


def make_posting(title: str, *, kind: str = PostingKind.STAR_MONTHLY, published_on: date = date(2025, 9, 30), **extra):
    """A posting with the period posting_publish would give it (five working days) and one masked line."""
    start_on, end_on = posting_period(published_on, 5)
    posting = Posting.objects.create(
        kind=kind,
        subject=f"S{next(_subjects)}",
        title=title,
        published_on=published_on,
        start_on=start_on,
        end_on=end_on,
        **extra,
    )
    PostingLine.objects.create(
        posting=posting, position=1, masked_name="张*", organization="甲公司党委", detail="五星党员"
    )
    return posting


def board(client, **params) -> str:
    response = client.get(reverse("scoring:notice_board"), params)
    assert response.status_code == 200
    return response.content.decode()


def part(page: str, key: str) -> str:
    """The HTML of one part of the board: "current" (公示中) or "past" (往期公示)."""
    start = page.index(f'data-testid="board-{key}"')
    return page[start : page.index("</section>", start)]


def titles(page: str, key: str) -> list[str]:
    return re.findall(r'<a class="fw-semibold text-body" href="[^"]+">([^<]+)</a>', part(page, key))


# --- current and past ---------------------------------------------------------------------------


def test_the_short_address_is_the_board_and_the_old_one_still_serves_it(world, client):
    assert reverse("scoring:notice_board") == BOARD
    make_posting("全县2025年8月月度星级党员公示")
    with travel("2025-10-09 10:00 +0800"):
        for name in ("scoring:posting_public_list", "notices"):
            assert "全县2025年8月月度星级党员公示" in client.get(reverse(name)).content.decode(), name
    assert reverse("notices") == "/notices/"


def test_a_posting_is_current_through_its_last_day_and_past_from_the_next_beijing_morning(world, client):
    make_posting("全县2025年8月月度星级党员公示")  # 30 September to 14 October 2025
    with travel("2025-10-14 23:50 +0800"):
        page = board(client)
        assert titles(page, "current") == ["全县2025年8月月度星级党员公示"]
        assert titles(page, "past") == []
        assert "今日截止" in part(page, "current")
    # 00:30 in Beijing is still the 14th in UTC: the board goes by the local date.
    with travel("2025-10-15 00:30 +0800"):
        page = board(client)
        assert titles(page, "current") == []
        assert titles(page, "past") == ["全县2025年8月月度星级党员公示"]


def test_a_posting_that_has_not_started_is_on_neither_part(world, client):
    make_posting("全县2025年9月月度星级党员公示", published_on=date(2025, 10, 11))
    with travel("2025-10-10 10:00 +0800"):
        page = board(client)
    assert "全县2025年9月月度星级党员公示" not in page


def test_the_current_part_lists_the_soonest_ending_first_and_the_past_part_the_latest_first(world, client):
    make_posting("九月二十二日发布", published_on=date(2025, 9, 22))  # ends 28 September
    make_posting("九月二十四日发布", published_on=date(2025, 9, 24))  # ends 30 September
    make_posting("九月三十日发布", published_on=date(2025, 9, 30))  # ends 14 October
    make_posting("十月九日发布", published_on=date(2025, 10, 9))  # ends 15 October
    with travel("2025-10-10 10:00 +0800"):
        page = board(client)
    assert titles(page, "current") == ["九月三十日发布", "十月九日发布"]
    assert titles(page, "past") == ["九月二十四日发布", "九月二十二日发布"]


def test_each_part_pages_on_its_own_and_keeps_the_filter(world, client):
    for day in range(12):
        make_posting(f"往期{day:02d}", published_on=date(2025, 8, 1 + day))
    for day in range(12):
        make_posting(f"当期{day:02d}", published_on=date(2025, 10, 9))
    with travel("2025-10-10 10:00 +0800"):
        first = board(client, kind=PostingKind.STAR_MONTHLY)
        second = board(client, kind=PostingKind.STAR_MONTHLY, past=2)
    assert len(titles(first, "current")) == len(titles(first, "past")) == 10
    assert "1 / 2" in part(first, "past")
    assert len(titles(second, "past")) == 2 and len(titles(second, "current")) == 10
    assert titles(second, "current") == titles(first, "current")
    next_link = html.unescape(re.search(r'href="(\?[^"]*past=2[^"]*)">下一页', part(first, "past")).group(1))
    assert "kind=star_monthly" in next_link and "current=" not in next_link


# --- filter and search --------------------------------------------------------------------------


def test_the_kind_filter_and_the_title_search_narrow_both_parts(world, client):
    make_posting("全县2025年8月月度星级党员公示", published_on=date(2025, 9, 1))
    make_posting("全县2025年第三季度季度星级党员公示", kind=PostingKind.STAR_QUARTERLY)
    make_posting("甲镇2025年度红旗支部公示", kind=PostingKind.RED_FLAG, published_on=date(2025, 9, 1))
    make_posting("乙镇2025年度红旗支部公示", kind=PostingKind.RED_FLAG)
    with travel("2025-10-10 10:00 +0800"):
        red_flags = board(client, kind=PostingKind.RED_FLAG)
        searched = board(client, q="甲镇")
        both = board(client, q="乙镇", kind=PostingKind.RED_FLAG)
        none = board(client, q="乙镇", kind=PostingKind.STAR_MONTHLY)
    assert titles(red_flags, "current") == ["乙镇2025年度红旗支部公示"]
    assert titles(red_flags, "past") == ["甲镇2025年度红旗支部公示"]
    assert titles(searched, "current") == [] and titles(searched, "past") == ["甲镇2025年度红旗支部公示"]
    assert titles(both, "current") == ["乙镇2025年度红旗支部公示"] and titles(both, "past") == []
    assert "没有符合条件的公示" in part(none, "current") and "没有符合条件的公示" in part(none, "past")


def test_the_kind_filter_offers_every_kind_of_posting(world, client):
    page = board(client)
    for _value, label in PostingKind.choices:
        assert label in page


# --- what a posting shows -----------------------------------------------------------------------


def test_each_posting_shows_its_period_working_days_publisher_and_its_two_links(world, client):
    # Published 30 September 2025: the National Day holiday, then five working days to 14 October.
    posting = make_posting("甲镇2025年第三季度积分卡考评结果公示", kind=PostingKind.SCORECARD, area=world.area_a)
    posting.publisher = "中共甲镇工作委员会"
    posting.save()
    with travel("2025-10-10 10:00 +0800"):
        current = part(board(client), "current")
    assert "公示期 2025年9月30日 至 2025年10月14日（5 个工作日）" in re.sub(r"<[^>]+>", "", current)
    assert "发布单位：中共甲镇工作委员会" in current
    assert "积分卡考评结果" in current
    assert f'href="{reverse("scoring:posting_public_detail", args=[posting.pk])}"' in current
    assert f'href="{reverse("scoring:posting_public_pdf", args=[posting.pk])}"' in current


def test_the_pdf_link_on_the_board_gives_an_a4_pdf_with_a_cjk_font(world, client, tmp_path):
    posting = make_posting("全县2025年8月月度星级党员公示")
    services.posting_pdf_render(posting_id=posting.pk)  # as publishing does
    with travel("2025-10-10 10:00 +0800"):
        link = re.search(r'href="([^"]+/pdf/)"', part(board(client), "current")).group(1)
        response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(response.getvalue())
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout  # noqa: S603, S607
    assert CJK_FONT.search(fonts), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout  # noqa: S603, S607
    assert "全县2025年8月月度星级党员公示" in text and "张*" in text


@pytest.fixture
def published_scorecards(world, secretary, area_reviewer):
    """Two members' third-quarter scorecards, reviewed and posted by area A on 30 September 2025."""
    make_template()
    with travel("2025-09-29 10:00 +0800"):
        for name in ("欧阳娜娜", "李四"):
            person = make_person(world.org_a, name, stage=Stage.ACTIVIST)
            scores = {"political": 28, "discipline": 18, "solidarity": 17, "performance": 25}
            card = cards.scorecard_save(by=secretary, person=person, year=2025, quarter=3, scores=scores)
            cards.scorecard_submit(by=secretary, scorecard=card)
            cards.scorecard_review(by=area_reviewer, scorecard=card)
    return publish(area_reviewer, kind=PostingKind.SCORECARD, subject="2025Q3", published_on=date(2025, 9, 30))


def test_nothing_personal_beyond_the_masked_lines(published_scorecards, client):
    posting = published_scorecards
    posting.objections.create(received_on=date(2025, 10, 9), content="政治思想一项打分偏高", submitter="王五")
    with travel("2025-10-10 10:00 +0800"):
        listing = board(client)
        detail = client.get(reverse("scoring:posting_public_detail", args=[posting.pk])).content.decode()
    for page in (listing, detail):
        for private in ("欧阳娜娜", "李四", "王五", "打分偏高", "甲镇审核员", "bob"):
            assert private not in page
    assert "欧***" in detail and "李*" in detail
    assert "欧***" not in listing  # the board lists postings, not their lines


# --- the public layout --------------------------------------------------------------------------


def test_the_board_needs_no_login_and_shows_no_staff_navigation(world, client, secretary, as_user):
    for visitor in (client, as_user(secretary)):
        page = board(visitor)
        assert "积分评星" not in page and "党员队伍" not in page and "退出登录" not in page
    assert f'href="{reverse("login")}">工作人员登录' in board(client)
    assert f'href="{reverse("core:home")}">进入工作台' in board(as_user(secretary))


def test_the_board_holds_the_certificate_check_box(world, client):
    page = board(client)
    box = page[page.index('id="certificate-lookup"') :]
    assert "证书核验" in box
    assert f'action="{reverse("members:certificate_lookup")}"' in box
    assert 'name="code"' in box


def test_the_login_page_links_to_the_board(db, client):
    page = client.get(reverse("login")).content.decode()
    assert f'<a href="{BOARD}">公示栏与证书核验</a>' in page


def test_a_posting_page_leads_back_to_the_board(world, client):
    posting = make_posting("全县2025年8月月度星级党员公示")
    with travel("2025-10-10 10:00 +0800"):
        page = client.get(reverse("scoring:posting_public_detail", args=[posting.pk])).content.decode()
    assert f'<a href="{BOARD}">公示栏</a>' in page
    assert "公示中" in page and "（5 个工作日）" in page


# --- cost ---------------------------------------------------------------------------------------


def _board_queries(client) -> int:
    with travel("2025-10-10 10:00 +0800"), CaptureQueriesContext(connection) as queries:
        board(client)
    return len(queries)


def test_the_board_costs_the_same_queries_for_two_postings_or_forty(world, client, django_assert_max_num_queries):
    make_posting("当期", published_on=date(2025, 10, 9))
    make_posting("往期", published_on=date(2025, 8, 1))
    few = _board_queries(client)
    for day in range(19):
        make_posting(f"当期{day}", published_on=date(2025, 10, 9))
        make_posting(f"往期{day}", published_on=date(2025, 8, 1 + day))
    assert _board_queries(client) == few
    # A count and a page for each part, and the entered holiday schedules once for the working days shown.
    with travel("2025-10-10 10:00 +0800"), django_assert_max_num_queries(5):
        board(client)
