"""The quarterly scorecard: caps, who may be scored, the computed total, and submit → review → return."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.choices import Stage
from scoring.choices import Dimension, ScorecardStatus
from scoring.models import Scorecard
from scoring.services import scorecards as services
from tests.scoring.factories import make_person, make_template

GOOD = {"political": 28, "discipline": 18, "solidarity": 17, "performance": 25}


@pytest.fixture
def template(db):
    return make_template()


def save(by, person, scores=GOOD, quarter=2):
    return services.scorecard_save(by=by, person=person, year=2025, quarter=quarter, scores=scores)


def test_the_total_is_the_sum_of_the_four_dimensions(world, secretary, template, activist_a):
    card = save(secretary, activist_a)
    assert card.total == 88 and card.status == ScorecardStatus.DRAFT


def test_it_refuses_a_dimension_score_above_its_cap_or_below_zero(world, secretary, template, activist_a):
    with pytest.raises(ValidationError, match="政治思想得分应在 0 到 30 分之间，当前为 31 分"):
        save(secretary, activist_a, {**GOOD, "political": 31})
    with pytest.raises(ValidationError, match="工作实绩得分应在 0 到 30 分之间，当前为 -1 分"):
        save(secretary, activist_a, {**GOOD, "performance": -1})
    assert not Scorecard.objects.exists()


def test_it_refuses_a_scorecard_for_someone_who_is_not_an_activist_or_probationary_member(
    world, secretary, template, members_a
):
    with pytest.raises(ValidationError, match="积分卡只用于入党积极分子和预备党员"):
        save(secretary, members_a[0])
    probationary = make_person(world.org_a, "预备党员", stage=Stage.PROBATIONARY)
    assert save(secretary, probationary).total == 88


def test_another_organisations_person_is_refused(world, secretary, template):
    person = make_person(world.org_b, "乙积极分子", stage=Stage.ACTIVIST)
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        save(secretary, person)


def test_a_template_must_have_four_dimensions_summing_to_100(county_admin):
    dims = dict.fromkeys(Dimension.values, (25, "细则"))
    assert services.scorecard_template_create(
        by=county_admin, number=1, effective_from=date(2025, 1, 1), dimensions=dims
    )
    with pytest.raises(ValidationError, match="合计应为 100 分，当前为 105 分"):
        services.scorecard_template_create(
            by=county_admin, number=2, effective_from=date(2026, 1, 1), dimensions={**dims, "political": (30, "x")}
        )


def test_the_card_moves_through_submit_review_and_a_return_carries_its_reason(
    world, secretary, area_reviewer, other_secretary, template, activist_a
):
    card = save(secretary, activist_a)
    services.scorecard_submit(by=secretary, scorecard=card)
    with pytest.raises(ValidationError, match="没有权限"):
        services.scorecard_review(by=secretary, scorecard=card)
    with pytest.raises(ValidationError, match="退回时请写明原因"):
        services.scorecard_return(by=area_reviewer, scorecard=card, reason=" ")
    services.scorecard_return(by=area_reviewer, scorecard=card, reason="工作实绩缺少佐证材料")
    assert card.status == ScorecardStatus.RETURNED and card.return_reason == "工作实绩缺少佐证材料"
    save(secretary, activist_a, {**GOOD, "performance": 20})
    services.scorecard_submit(by=secretary, scorecard=card)
    services.scorecard_review(by=area_reviewer, scorecard=card)
    assert card.status == ScorecardStatus.REVIEWED and card.return_reason == ""
    with pytest.raises(ValidationError, match="不能再修改"):
        save(secretary, activist_a)
    assert card.history.count() >= 5


def test_the_reviewer_who_returned_a_card_cannot_rewrite_it_the_organisation_corrects_it(
    world, secretary, area_reviewer, template, activist_a, as_user
):
    card = save(secretary, activist_a)
    services.scorecard_submit(by=secretary, scorecard=card)
    services.scorecard_return(by=area_reviewer, scorecard=card, reason="工作实绩缺少佐证材料")
    edit_url = reverse("scoring:scorecard_update", args=[card.pk])
    reviewer = as_user(area_reviewer)
    # No edit link or hand-in for him on the card's page, and the edit page and the service refuse him.
    page = reviewer.get(reverse("scoring:scorecard_detail", args=[card.pk])).content.decode()
    assert edit_url not in page and "提交街镇审核" not in page
    assert reviewer.get(edit_url).status_code == 403
    with pytest.raises(ValidationError, match="审核方不能修改"):
        save(area_reviewer, activist_a, {**GOOD, "performance": 10})
    with pytest.raises(ValidationError, match="审核方不能修改"):
        services.scorecard_submit(by=area_reviewer, scorecard=card)
    card.refresh_from_db()
    assert card.status == ScorecardStatus.RETURNED and card.performance == GOOD["performance"]
    # The secretary is offered the correction.
    page = as_user(secretary).get(reverse("scoring:scorecard_detail", args=[card.pk])).content.decode()
    assert edit_url in page
    assert as_user(secretary).get(edit_url).status_code == 200


def test_the_form_shows_the_cap_refusal_and_saves_nothing(world, secretary, template, activist_a, as_user):
    response = as_user(secretary).post(
        reverse("scoring:scorecard_create"),
        {"person": activist_a.pk, "year": 2025, "quarter": 2, **{**GOOD, "discipline": 25}},
    )
    assert response.status_code == 200 and "遵章守纪得分应在 0 到 20 分之间" in response.content.decode()
    assert not Scorecard.objects.exists()


def test_the_edit_page_corrects_its_own_card_whatever_person_or_quarter_is_posted(
    world, secretary, template, activist_a, as_user
):
    card = save(secretary, activist_a)
    other = make_person(world.org_a_child, "另一积极分子", stage=Stage.ACTIVIST)
    response = as_user(secretary).post(
        reverse("scoring:scorecard_update", args=[card.pk]),
        {"person": other.pk, "year": 2024, "quarter": 4, **{**GOOD, "political": 20}},
    )
    assert response.status_code == 302
    assert Scorecard.objects.count() == 1
    card.refresh_from_db()
    assert (card.person, card.year, card.quarter, card.political) == (activist_a, 2025, 2, 20)


def test_another_organisations_secretary_gets_a_404_on_the_actions(
    world, secretary, other_secretary, template, activist_a, as_user
):
    card = save(secretary, activist_a)
    assert as_user(other_secretary).post(reverse("scoring:scorecard_submit", args=[card.pk])).status_code == 404
    assert as_user(secretary).post(reverse("scoring:scorecard_submit", args=[card.pk])).status_code == 302
    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED


def test_county_staff_publish_a_template_whose_caps_sum_to_100_from_the_page(county_admin, as_user):
    url = reverse("scoring:scorecardtemplate_create")
    data = {"number": 1, "effective_from": "2025-01-01"}
    for dimension in Dimension.values:
        data[f"{dimension}_cap"], data[f"{dimension}_items"] = 30, "细则"
    response = as_user(county_admin).post(url, data)
    assert "合计应为 100 分，当前为 120 分" in response.content.decode()
    data["political_cap"] = data["discipline_cap"] = 20
    assert as_user(county_admin).post(url, data).status_code == 302
    assert services.template_for(2025, 1).dimensions.count() == 4
