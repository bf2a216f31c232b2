"""Withdrawing (撤回) and correcting (更正) a posting: county staff only, with a reason the public board shows; the old
posting and its PDF are kept and marked, a correction is a new posting through the same preview; who, when and why
are in the posting's history."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring.choices import PostingState, PostingStatus, ScorecardStatus
from scoring.models import Posting, Scorecard
from scoring.services import postings as services
from scoring.tasks import postings_close_ended
from tests.core.test_pdf import run, text_of, write
from tests.scoring.factories import publish
from tests.scoring.test_notice_board import board, part
from tests.scoring.test_posting_preview import Q3, card, confirm_data
from tests.scoring.test_posting_preview import quarter as quarter  # the fixture, used by ``posted``

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
REASON = "乙镇积分卡尚未审核完毕，名单不全，待审核后重新公示"
DURING = "2025-10-09 10:00 +0800"  # within the period, 30 September to 14 October 2025


def during():
    return time_machine.travel(DURING, tick=False)


@pytest.fixture
def posted(quarter, county_admin, django_capture_on_commit_callbacks):
    """The county's third-quarter scorecard posting of 30 September 2025 (two lines), its PDF stored."""
    with time_machine.travel("2025-09-30 10:00 +0800", tick=False), django_capture_on_commit_callbacks(execute=True):
        return publish(county_admin, **Q3)


def pdf_text(client, posting, tmp_path) -> str:
    response = client.get(reverse("scoring:posting_public_pdf", args=[posting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return text_of(write(tmp_path, response.getvalue(), f"posting-{posting.pk}.pdf"))


def test_a_withdrawn_posting_stays_on_the_board_marked_with_the_date_and_reason(
    posted, county_admin, client, tmp_path, django_capture_on_commit_callbacks
):
    first_pdf = posted.pdf.name
    with during(), django_capture_on_commit_callbacks(execute=True):
        services.posting_withdraw(by=county_admin, posting=posted, reason=REASON)
    posted.refresh_from_db()
    assert posted.state == PostingState.WITHDRAWN and posted.status == PostingStatus.CLOSED
    assert (posted.withdrawn_by, posted.withdrawal_reason) == (county_admin, REASON)
    assert posted.lines.count() == 2  # kept as it was posted
    # Who, when and why in its history.
    record = posted.history.first()
    assert (record.history_user, record.history_change_reason) == (county_admin, REASON)
    # Its scorecards are handed back to reviewed, to be posted again.
    assert set(Scorecard.objects.filter(person__name__in=["欧阳娜娜", "李四"]).values_list("status", flat=True)) == {
        ScorecardStatus.REVIEWED
    }
    # The PDF is printed again with the mark, and still served.
    assert posted.pdf.name != first_pdf
    with during():
        text = pdf_text(client, posted, tmp_path)
        page = board(client)
        detail = client.get(reverse("scoring:posting_public_detail", args=[posted.pk])).content.decode()
    assert "本公示已撤回" in text and "2025年10月9日撤回" in text and REASON in text
    assert "欧***" in text  # what was posted, unchanged
    assert posted.title not in part(page, "current")
    past = part(page, "past")
    assert posted.title in past and "已撤回" in past and f"2025年10月9日撤回，原因：{REASON}" in past
    assert "原 PDF（已标注已撤回）" in past
    assert "本公示已于 2025年10月9日 撤回。撤回原因：" in detail and REASON in detail


def test_the_pdf_printed_before_the_withdrawal_is_not_served_unmarked(posted, county_admin, client):
    with during():
        services.posting_withdraw(by=county_admin, posting=posted, reason=REASON)  # its reprint not yet run
        response = client.get(reverse("scoring:posting_public_pdf", args=[posted.pk]))
    assert response.status_code == 202 and "正在生成 PDF" in response.content.decode()


def test_a_withdrawal_is_refused_without_a_reason_by_others_than_the_county_and_after_the_period(
    posted, county_admin, area_reviewer
):
    with during():
        for blank in ("", "   "):
            with pytest.raises(ValidationError, match="请填写撤回或更正的原因") as refused:
                services.posting_withdraw(by=county_admin, posting=posted, reason=blank)
            assert list(refused.value.error_dict) == ["reason"]
        with pytest.raises(ValidationError, match="只能由县委社会工作部撤回或更正"):
            services.posting_withdraw(by=area_reviewer, posting=posted, reason=REASON)
    after = time_machine.travel("2025-10-15 09:00 +0800", tick=False)
    with after, pytest.raises(ValidationError, match="公示期已结束"):
        services.posting_withdraw(by=county_admin, posting=posted, reason=REASON)
    posted.refresh_from_db()
    assert posted.withdrawn_at is None and posted.history.count() == 1
    with during():
        services.posting_withdraw(by=county_admin, posting=posted, reason=REASON)
        with pytest.raises(ValidationError, match=r"该公示已撤回（2025-10-09），不能再撤回或更正"):
            services.posting_withdraw(by=county_admin, posting=posted, reason="再次撤回")


def test_a_withdrawn_subject_may_be_posted_again_and_the_close_job_leaves_it_alone(posted, county_admin):
    with during():
        services.posting_withdraw(by=county_admin, posting=posted, reason=REASON)
        again = publish(county_admin, **{**Q3, "published_on": date(2025, 10, 9)})
    assert again.lines.count() == 2 and again.state_on(date(2025, 10, 9)) == PostingState.OPEN
    with time_machine.travel("2025-10-22 02:00 +0800", tick=False):
        assert postings_close_ended() == 1  # the new one only
    posted.refresh_from_db()
    assert posted.state == PostingState.WITHDRAWN


def test_a_correction_posts_the_current_results_and_marks_the_old_posting(
    posted, world, county_admin, secretary, area_reviewer, client, tmp_path, django_capture_on_commit_callbacks
):
    with during():
        card(secretary, world.org_a, "孙八", review_by=area_reviewer)
        preview = services.posting_preview(by=county_admin, corrects=posted, reason=REASON)
        assert preview.included == 3 and preview.corrects == posted
        with django_capture_on_commit_callbacks(execute=True):
            corrected = services.posting_correct(by=county_admin, posting=posted, reason=REASON, token=preview.token)
        page = board(client)
        old_text = pdf_text(client, posted, tmp_path)
        new_text = pdf_text(client, corrected, tmp_path)
    posted.refresh_from_db()
    assert posted.superseded_by == corrected and posted.state == PostingState.CORRECTED
    assert corrected.title == "全县2025年第3季度积分卡考评结果公示（更正）" and corrected.lines.count() == 3
    assert (corrected.published_on, corrected.start_on, corrected.end_on) == (
        date(2025, 10, 9),
        date(2025, 10, 9),
        date(2025, 10, 15),  # 10, 11 (a make-up Saturday), 13, 14, 15 October: its own five working days
    )
    assert Scorecard.objects.filter(status=ScorecardStatus.POSTED).count() == 3
    assert posted.history.first().history_change_reason == REASON
    # The board: the new one in force, marked as a correction; the old one past, with the date, reason and a link.
    assert corrected.title in part(page, "current") and "更正" in part(page, "current")
    past = part(page, "past")
    assert "已被更正" in past and f"2025年10月9日更正，原因：{REASON}" in past
    assert reverse("scoring:posting_public_detail", args=[corrected.pk]) in past
    assert "本公示已被更正" in old_text and corrected.title in old_text and REASON in old_text
    assert "本公示是对2025年9月30日发布的" in new_text and "的更正" in new_text

    # Page 1 of the superseded notice as a PNG for a person to look at.
    pdf = write(tmp_path, client.get(reverse("scoring:posting_public_pdf", args=[posted.pk])).getvalue(), "old.pdf")
    run("pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile", str(pdf), str(tmp_path / "old"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "old.png", SCREENSHOTS / "scoring-posting-pdf-corrected.png")


def test_a_correction_is_refused_without_a_reason_by_a_reviewer_and_when_changed_since_its_preview(
    posted, world, county_admin, area_reviewer, secretary
):
    with during():
        with pytest.raises(ValidationError, match="请填写撤回或更正的原因"):
            services.posting_preview(by=county_admin, corrects=posted, reason="")
        with pytest.raises(ValidationError, match="只能由县委社会工作部撤回或更正"):
            services.posting_preview(by=area_reviewer, corrects=posted, reason=REASON)
        preview = services.posting_preview(by=county_admin, corrects=posted, reason=REASON)
        with pytest.raises(ValidationError, match="预览之后"):
            services.posting_correct(by=county_admin, posting=posted, reason="另一个原因", token=preview.token)
        card(secretary, world.org_a, "孙八", review_by=area_reviewer)
        with pytest.raises(ValidationError, match="预览之后"):
            services.posting_correct(by=county_admin, posting=posted, reason=REASON, token=preview.token)
    posted.refresh_from_db()
    assert posted.withdrawn_at is None and Posting.objects.count() == 1


# --- the pages ---------------------------------------------------------------------------------------------------


def test_the_withdraw_page_needs_a_reason_next_to_its_field_then_withdraws(posted, county_admin, as_user):
    url = reverse("scoring:posting_withdraw", args=[posted.pk])
    with during():
        client = as_user(county_admin)
        detail = client.get(reverse("scoring:posting_detail", args=[posted.pk])).content.decode()
        assert url in detail and reverse("scoring:posting_correct", args=[posted.pk]) in detail
        page = client.post(url, {"reason": ""}).content.decode()
        assert re.search(r'<textarea name="reason"[^>]*is-invalid', page) and "必填" in page
        posted.refresh_from_db()
        assert posted.withdrawn_at is None
        response = client.post(url, {"reason": REASON})
        assert response.status_code == 302
        assert response["Location"] == reverse("scoring:posting_detail", args=[posted.pk])
        detail = client.get(response["Location"]).content.decode()
    assert "已撤回" in detail and REASON in detail and "修改记录" in detail
    assert url not in detail  # nothing left to withdraw
    posted.refresh_from_db()
    assert posted.withdrawal_reason == REASON


def test_the_withdraw_and_correct_pages_are_the_countys(posted, area_reviewer, other_secretary, as_user):
    for name in ("scoring:posting_withdraw", "scoring:posting_correct"):
        url = reverse(name, args=[posted.pk])
        assert as_user(area_reviewer).get(url).status_code == 404  # a county posting: not in her scope
        assert as_user(other_secretary).post(url, {"reason": REASON}).status_code == 404
    posted.refresh_from_db()
    assert posted.withdrawn_at is None


def test_correcting_through_the_pages_goes_through_the_preview(
    posted, world, county_admin, secretary, area_reviewer, as_user
):
    with during():
        card(secretary, world.org_a, "孙八", review_by=area_reviewer)
        client = as_user(county_admin)
        url = reverse("scoring:posting_correct", args=[posted.pk])
        page = client.post(url, {"reason": REASON, "published_on": "2025-10-09", "contact": ""}).content.decode()
        assert "更正前预览" in page and 'data-testid="preview-included">3<' in page and REASON in page
        assert Posting.objects.count() == 1
        response = client.post(reverse("scoring:posting_confirm"), confirm_data(page))
    corrected = Posting.objects.get(supersedes=posted)
    assert response["Location"] == reverse("scoring:posting_detail", args=[corrected.pk])
    assert corrected.lines.count() == 3
