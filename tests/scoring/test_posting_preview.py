"""Publishing a posting in two steps: the period is a real one chosen from a list, the preview shows who is included
per area and what is not yet reviewed, and only the preview's confirmation publishes, exactly what it showed."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.choices import Stage
from scoring.choices import PostingKind, ScorecardStatus
from scoring.forms.postings import PostingForm
from scoring.models import Posting, Scorecard
from scoring.services import postings as services
from scoring.services import scorecards as cards
from tests.scoring.factories import make_person, make_template

SCORES = {"political": 28, "discipline": 18, "solidarity": 17, "performance": 25}
Q3 = {"kind": PostingKind.SCORECARD, "subject": "2025Q3", "published_on": date(2025, 9, 30)}


def card(by, org, name, *, submit=True, review_by=None, year=2025, quarter=3) -> Scorecard:
    """A scorecard of a new activist of ``org``: a draft, submitted, or reviewed by ``review_by``."""
    scorecard = cards.scorecard_save(
        by=by, person=make_person(org, name, stage=Stage.ACTIVIST), year=year, quarter=quarter, scores=SCORES
    )
    if submit:
        scorecard = cards.scorecard_submit(by=by, scorecard=scorecard)
    if review_by:
        scorecard = cards.scorecard_review(by=review_by, scorecard=scorecard)
    return scorecard


@pytest.fixture
def quarter(world, secretary, other_secretary, area_reviewer):
    """The third quarter of 2025 on 26 September: 甲镇 has reviewed two cards; 乙镇 has one submitted, one draft and
    an activist without a card."""
    make_template()
    with time_machine.travel("2025-09-26 10:00 +0800", tick=False):
        reviewed = [card(secretary, world.org_a, name, review_by=area_reviewer) for name in ("欧阳娜娜", "李四")]
        card(other_secretary, world.org_b, "王五")
        card(other_secretary, world.org_b, "赵六", submit=False)
    make_person(world.org_b, "钱七", stage=Stage.ACTIVIST)
    return reviewed


def test_the_preview_shows_who_is_included_per_area_and_what_is_not_yet_reviewed(quarter, county_admin):
    preview = services.posting_preview(by=county_admin, **Q3)
    assert preview.included == 2 and preview.posting.title == "全县2025年第3季度积分卡考评结果公示"
    by_area = {area.name: (area.included, area.pending) for area in preview.coverage}
    assert by_area == {
        "甲镇": (2, []),
        "乙镇": (0, [("已提交待审核", 1), ("填写中", 1), ("未填积分卡", 1)]),
    }
    assert (preview.posting.start_on, preview.posting.end_on) == (date(2025, 9, 30), date(2025, 10, 14))
    # A preview writes nothing: no posting, the cards still only reviewed.
    assert not Posting.objects.exists()
    assert set(Scorecard.objects.values_list("status", flat=True)) == {
        ScorecardStatus.REVIEWED,
        ScorecardStatus.SUBMITTED,
        ScorecardStatus.DRAFT,
    }


def test_an_area_reviewer_previews_only_her_area(quarter, area_reviewer):
    preview = services.posting_preview(by=area_reviewer, **Q3)
    assert [(area.name, area.included, area.pending) for area in preview.coverage] == [("甲镇", 2, [])]
    assert preview.posting.title == "甲镇2025年第3季度积分卡考评结果公示"


def test_it_publishes_only_with_the_previews_token(quarter, county_admin):
    for token in ("", "forged", services.posting_preview(by=county_admin, **{**Q3, "contact": "x"}).token):
        with pytest.raises(ValidationError) as refused:
            services.posting_publish(by=county_admin, token=token, **Q3)
        assert refused.value.messages in ([services.NOT_PREVIEWED], [services.PREVIEW_CHANGED])
    assert not Posting.objects.exists()
    token = services.posting_preview(by=county_admin, **Q3).token
    posting = services.posting_publish(by=county_admin, token=token, **Q3)
    assert posting.lines.count() == 2


def test_a_card_reviewed_after_the_preview_asks_for_a_new_confirmation(quarter, county_admin, area_reviewer, secretary):
    world_org = quarter[0].party_organization
    preview = services.posting_preview(by=county_admin, **Q3)
    with time_machine.travel("2025-09-29 10:00 +0800", tick=False):
        card(secretary, world_org, "孙八", review_by=area_reviewer)
    with pytest.raises(ValidationError, match="预览之后，纳入公示的名单或公示内容有变化"):
        services.posting_publish(by=county_admin, token=preview.token, **Q3)
    assert not Posting.objects.exists()
    again = services.posting_preview(by=county_admin, **Q3)
    assert services.posting_publish(by=county_admin, token=again.token, **Q3).lines.count() == 3


def test_an_empty_posting_is_previewed_but_cannot_be_confirmed(quarter, other_secretary, county_admin):
    values = {**Q3, "subject": "2025Q2"}
    preview = services.posting_preview(by=county_admin, **values)
    assert preview.included == 0
    with pytest.raises(ValidationError, match="没有可公示的内容"):
        services.posting_publish(by=county_admin, token=preview.token, **values)


@pytest.mark.parametrize(
    ("kind", "subject", "refusal"),
    [
        (PostingKind.SCORECARD, "2027Q1", "2027年第1季度还没有开始"),
        (PostingKind.STAR_MONTHLY, "2026-12", "2026年12月尚未结束：星级党员在结账评选后才能公示"),
        (PostingKind.STAR_QUARTERLY, "2026Q4", "2026年第4季度尚未结束"),
        (PostingKind.STAR_RATING, "2027", "2027年度还没有开始"),
        (PostingKind.STAR_MONTHLY, "2026-13", "月度星级党员按月份公示，请选择月份"),
        (PostingKind.STAR_MONTHLY, "2026Q3", "月度星级党员按月份公示，请选择月份"),
        (PostingKind.RED_FLAG, "二〇二六", "红旗支部按年度公示，请选择年度"),
    ],
)
def test_a_period_in_the_future_not_yet_ended_or_not_real_is_refused(kind, subject, refusal):
    with pytest.raises(ValidationError, match=refusal) as refused:
        services.posting_subject_check(kind=kind, subject=subject, today=date(2026, 12, 2))
    assert list(refused.value.error_dict) == ["subject"]


@pytest.mark.parametrize(
    ("kind", "subject", "numbers"),
    [
        (PostingKind.SCORECARD, "2026Q4", (2026, 4)),  # scorecards are reviewed in their quarter's last days
        (PostingKind.STAR_MONTHLY, "2026-11", (2026, 11)),
        (PostingKind.STAR_QUARTERLY, "2026Q3", (2026, 3)),
        (PostingKind.STAR_RATING, "2026", (2026,)),  # a year's ratings are awarded during the year
    ],
)
def test_a_period_that_has_begun_or_ended_is_accepted(kind, subject, numbers):
    assert services.posting_subject_check(kind=kind, subject=subject, today=date(2026, 12, 2)) == numbers


def test_the_form_offers_real_periods_in_a_list_each_marked_with_its_kinds():
    html = str(PostingForm(today=date(2026, 12, 2))["subject"])
    assert html.startswith("<select") and 'type="text"' not in html
    options = dict(re.findall(r'<option value="([^"]+)" data-kinds="([^"]+)"', html))
    assert options["2026Q4"] == "scorecard"  # the quarter in progress: scorecards only
    assert options["2026Q3"] == "scorecard star_quarterly"
    assert options["2026-11"] == "star_monthly" and "2026-12" not in options
    assert options["2026"] == "star_rating red_flag" and "2027" not in options
    assert ">2026年第4季度<" in html and ">2026年11月<" in html and ">2026年度<" in html


# --- the pages ---------------------------------------------------------------------------------------------------


def form_data(**values) -> dict:
    return {"kind": "scorecard", "subject": "2025Q3", "published_on": "2025-09-30", "contact": "", **values}


def confirm_data(page: str) -> dict:
    """The hidden fields of the preview's confirmation form."""
    start = page.index('data-testid="confirm-form"')
    form = page[start : page.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def test_sending_the_form_shows_the_preview_and_publishes_nothing(quarter, county_admin, as_user):
    client = as_user(county_admin)
    assert "发布前预览" not in client.get(reverse("scoring:posting_create"), form_data()).content.decode()
    response = client.post(reverse("scoring:posting_create"), form_data())
    page = response.content.decode()
    assert response.status_code == 200 and "发布前预览" in page and "尚未发布" in page
    assert 'data-testid="preview-included">2<' in page
    assert "乙镇" in page and "已提交待审核 <strong>1</strong>" in page and "还有尚未完成的工作" in page
    assert "2025年9月30日 至 2025年10月14日" in page
    assert not Posting.objects.exists()

    response = client.post(reverse("scoring:posting_confirm"), confirm_data(page))
    posting = Posting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scoring:posting_detail", args=[posting.pk])
    assert posting.lines.count() == 2 and posting.created_by == county_admin


def test_a_confirmation_without_the_preview_publishes_nothing(quarter, county_admin, as_user):
    client = as_user(county_admin)
    page = client.post(reverse("scoring:posting_create"), form_data()).content.decode()
    response = client.post(reverse("scoring:posting_confirm"), {**confirm_data(page), "token": ""})
    assert response.status_code == 409
    assert services.NOT_PREVIEWED in response.content.decode()
    assert 'data-testid="confirm-form"' in response.content.decode()  # the preview again, to confirm from
    assert not Posting.objects.exists()


def test_a_future_period_sent_to_the_form_is_refused_next_to_the_field(county_admin, as_user):
    page = as_user(county_admin).post(reverse("scoring:posting_create"), form_data(subject="2099Q1")).content.decode()
    assert re.search(r'name="subject"[^>]*is-invalid|is-invalid[^>]*name="subject"', page)
    assert "2099年第1季度还没有开始，不能公示。" in page and "发布前预览" not in page
    assert not Posting.objects.exists()


def test_the_preview_warns_when_the_period_runs_into_a_year_without_a_holiday_schedule(
    world, secretary, area_reviewer, as_user
):
    make_template()
    with time_machine.travel("2026-12-28 10:00 +0800", tick=False):
        card(secretary, world.org_a, "周九", review_by=area_reviewer, year=2026, quarter=4)
        values = form_data(subject="2026Q4", published_on="2026-12-30")
        page = as_user(area_reviewer).post(reverse("scoring:posting_create"), values).content.decode()
    assert 'data-testid="provisional"' in page and "2027年节假日安排尚未录入" in page


def test_only_publishers_may_confirm_and_never_by_a_get(quarter, county_admin, other_secretary, as_user, client):
    page = as_user(county_admin).post(reverse("scoring:posting_create"), form_data()).content.decode()
    data = confirm_data(page)
    url = reverse("scoring:posting_confirm")
    assert as_user(county_admin).get(url, data).status_code == 405
    assert as_user(other_secretary).post(url, data).status_code == 403
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Posting.objects.exists()
