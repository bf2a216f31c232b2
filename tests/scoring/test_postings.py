"""Public postings: what is posted (masked), working-day periods, objections, the public page, the PDF, the close."""

import shutil
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring.choices import ObjectionOutcome, PostingKind, PostingStatus, ScorecardStatus
from scoring.models import Posting
from scoring.services import postings as services
from scoring.services import scorecards as cards
from scoring.services import stars
from scoring.tasks import postings_close_ended
from tests.core.test_pdf import CJK_FONT, embedded_fonts, run, write
from tests.scoring.factories import make_person, make_template, rule
from tests.scoring.factories import publish as publish_previewed

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def reviewed_cards(world, secretary, area_reviewer):
    make_template()
    from members.choices import Stage

    result = []
    # Reviewed before the 30 September 2025 the postings below are dated (a posting cannot predate its content).
    with time_machine.travel("2025-09-26 10:00 +0800", tick=False):
        for name in ("欧阳娜娜", "李四"):
            person = make_person(world.org_a, name, stage=Stage.ACTIVIST)
            scores = {"political": 28, "discipline": 18, "solidarity": 17, "performance": 25}
            card = cards.scorecard_save(by=secretary, person=person, year=2025, quarter=3, scores=scores)
            cards.scorecard_submit(by=secretary, scorecard=card)
            cards.scorecard_review(by=area_reviewer, scorecard=card)
            result.append(card)
    return result


def publish(user, kind=PostingKind.SCORECARD, subject="2025Q3", on=date(2025, 9, 30)):
    return publish_previewed(user, kind=kind, subject=subject, published_on=on, contact="0537-7212345")


def test_the_period_counts_working_days_across_a_holiday_and_a_make_up_workday(reviewed_cards, area_reviewer):
    # Published on 30 September 2025: 1–8 October are the National Day holiday, Saturday 11 October a make-up
    # workday. Five working days: 9, 10, 11 (Saturday, counted), 13, 14 October.
    posting = publish(area_reviewer)
    assert (posting.start_on, posting.end_on) == (date(2025, 9, 30), date(2025, 10, 14))


def test_a_posting_published_before_a_make_up_sunday_counts_it(reviewed_cards, area_reviewer):
    # Friday 26 September; Sunday 28 September is a make-up workday, then 29, 30, (holiday), 9, 10 October.
    posting = publish(area_reviewer, on=date(2025, 9, 26))
    assert posting.end_on == date(2025, 10, 10)


def test_the_length_comes_from_settings(reviewed_cards, area_reviewer, settings):
    settings.POSTING_WORKING_DAYS = 3
    assert publish(area_reviewer).end_on == date(2025, 10, 11)


def test_a_scorecard_posting_masks_names_and_marks_the_cards_posted(reviewed_cards, area_reviewer):
    posting = publish(area_reviewer)
    names = list(posting.lines.values_list("masked_name", flat=True))
    assert sorted(names) == ["李*", "欧***"]
    assert posting.area == area_reviewer.area
    assert {c.status for c in cards.Scorecard.objects.all()} == {ScorecardStatus.POSTED}


def test_it_refuses_a_second_posting_an_empty_one_and_a_secretary(reviewed_cards, area_reviewer, secretary):
    publish(area_reviewer)
    with pytest.raises(ValidationError, match="已经发布过"):
        publish(area_reviewer)
    with pytest.raises(ValidationError, match="没有可公示的内容"):
        publish(area_reviewer, subject="2025Q4")
    with pytest.raises(ValidationError, match="没有权限"):
        publish(secretary, subject="2025Q4")
    with pytest.raises(ValidationError, match="按季度公示，请选择季度"):
        publish(area_reviewer, subject="2025-13")


def test_objections_only_within_the_period_and_their_outcome(reviewed_cards, area_reviewer):
    posting = publish(area_reviewer)
    with pytest.raises(ValidationError, match="应在公示期内"):
        services.objection_add(by=area_reviewer, posting=posting, received_on=date(2025, 10, 15), content="有异议")
    objection = services.objection_add(
        by=area_reviewer, posting=posting, received_on=date(2025, 10, 9), content="工作实绩评分偏高"
    )
    with pytest.raises(ValidationError, match="处理说明"):
        services.objection_settle(by=area_reviewer, objection=objection, outcome=ObjectionOutcome.DISMISSED, note="")
    services.objection_settle(
        by=area_reviewer, objection=objection, outcome=ObjectionOutcome.DISMISSED, note="经核实评分有据"
    )
    objection.refresh_from_db()
    assert objection.outcome == ObjectionOutcome.DISMISSED


def test_the_close_job_ends_postings_after_their_last_day_and_a_second_run_does_nothing(reviewed_cards, area_reviewer):
    posting = publish(area_reviewer)
    with time_machine.travel("2025-10-14 23:00 +0800", tick=False):
        assert postings_close_ended() == 0
    with time_machine.travel("2025-10-15 02:00 +0800", tick=False):
        assert postings_close_ended() == 1
        assert postings_close_ended() == 0
    posting.refresh_from_db()
    assert posting.status == PostingStatus.CLOSED
    assert {c.status for c in cards.Scorecard.objects.all()} == {ScorecardStatus.FINAL}


def test_a_monthly_star_posting_lists_the_star_members(world, secretary, county_admin, handbook):
    person = make_person(world.org_a, "王五星")
    with time_machine.travel("2025-04-20 10:00 +0800", tick=False):
        stars.month_grid_save(
            by=secretary,
            party_organization=world.org_a,
            month=date(2025, 4, 1),
            counts={
                (person.pk, rule(handbook, code).pk): n
                for code, n in [("XX02", 2), ("BF01", 4), ("JY01", 1), ("YJ01", 2), ("JC01", 1)]
            },
        )
    stars.month_close(month=date(2025, 4, 1))
    posting = publish(county_admin, kind=PostingKind.STAR_MONTHLY, subject="2025-04", on=date(2025, 5, 6))
    line = posting.lines.get()
    assert (line.masked_name, line.detail) == ("王**", "五星党员")
    assert posting.area is None and posting.title == "全县2025年4月月度星级党员公示"


def test_the_public_page_needs_no_login_and_shows_no_full_name(reviewed_cards, area_reviewer, client):
    posting = publish(area_reviewer)
    page = client.get(reverse("scoring:posting_public_detail", args=[posting.pk])).content.decode()
    assert "欧***" in page and "欧阳娜娜" not in page and "2025年10月14日" in page
    listing = client.get(reverse("scoring:posting_public_list")).content.decode()
    assert posting.title in listing


def test_a_posting_not_yet_started_is_not_public(reviewed_cards, area_reviewer, client):
    with time_machine.travel("2025-09-20 10:00 +0800", tick=False):
        posting = publish(area_reviewer)
        assert client.get(reverse("scoring:posting_public_detail", args=[posting.pk])).status_code == 404


def test_the_pdf_is_a4_with_an_embedded_cjk_font_and_masked_names(
    reviewed_cards, area_reviewer, client, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # publishing has the PDF rendered and stored
        posting = publish(area_reviewer)
    response = client.get(reverse("scoring:posting_public_pdf", args=[posting.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = write(tmp_path, response.getvalue(), "posting.pdf")
    # Embedded, not merely named: the board's printer has no Chinese fonts of its own.
    fonts = embedded_fonts(pdf)
    assert any(CJK_FONT.search(name) for name in fonts), run("pdffonts", str(pdf))
    text = run("pdftotext", "-layout", str(pdf), "-")
    assert "欧***" in text and "李*" in text and "欧阳娜娜" not in text and "李四" not in text
    assert "公示期为 2025年9月30日 至 2025年10月14日" in text
    info = run("pdfinfo", str(pdf))
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info, info
    assert "Pages:           1" in info, info

    # Page 1 as a PNG under test-artifacts/screenshots/ for a person to look at.
    run("pdftoppm", "-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "page"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "page.png", SCREENSHOTS / "scoring-posting-pdf.png")


def test_objections_on_another_areas_posting_are_a_404(reviewed_cards, area_reviewer, other_secretary, as_user):
    posting = publish(area_reviewer)
    url = reverse("scoring:objection_add", args=[posting.pk])
    assert as_user(other_secretary).post(url, {"received_on": "2025-10-09", "content": "x"}).status_code == 404
    assert Posting.objects.get().objections.count() == 0
