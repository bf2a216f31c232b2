"""Organisation star rating, 红旗支部 and designations: each step, each refusal, distribution and history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.choices import Stage
from scoring.choices import CampaignStep, Criterion, DesignationKind, OrgTrack
from scoring.models import Designation, ImprovementTask, OrgRating, RedFlagCandidate
from scoring.selectors.ratings import distribution_by_area
from scoring.services import ratings as services
from tests.factories import make_entity
from tests.scoring.factories import make_person, make_sheet, publish

CAPS = (20, 15, 20, 15, 15, 15)


def scores(total_off: int = 0) -> dict:
    values = dict(zip(Criterion.values, CAPS, strict=True))
    values["leadership"] -= total_off
    return values


@pytest.fixture
def campaign(world, county_admin):
    make_sheet()
    return services.rating_campaign_create(by=county_admin, year=2025)


def rating_of(campaign, org):
    return OrgRating.objects.select_related("campaign__sheet", "party_organization").get(
        campaign=campaign, party_organization=org
    )


def advance_to(campaign, county_admin, step):
    while campaign.step != step:
        campaign = services.campaign_advance(by=county_admin, campaign=campaign)
    return campaign


def test_a_campaign_rates_every_organisation_under_the_area_committees(campaign, world):
    rated = set(OrgRating.objects.filter(campaign=campaign).values_list("party_organization", flat=True))
    assert rated == {world.org_a.pk, world.org_a_child.pk, world.org_b.pk}


def test_a_sheet_must_cover_the_six_criteria_with_100_points(county_admin):
    criteria = {c: (cap, "") for c, cap in zip(Criterion.values, CAPS, strict=True)}
    assert services.rating_sheet_create(by=county_admin, number=9, effective_from=date(2030, 1, 1), criteria=criteria)
    criteria["role"] = (20, "")
    with pytest.raises(ValidationError, match="合计应为 100 分，当前为 105 分"):
        services.rating_sheet_create(by=county_admin, number=10, effective_from=date(2031, 1, 1), criteria=criteria)


def test_self_scores_are_capped_and_only_in_the_self_check_step(campaign, secretary, county_admin, world):
    rating = rating_of(campaign, world.org_a)
    with pytest.raises(ValidationError, match="领导班子好得分应在 0 到 20 分之间，当前为 21 分"):
        services.org_rating_self_score(by=secretary, rating=rating, scores={**scores(), "leadership": 21})
    services.org_rating_self_score(by=secretary, rating=rating, scores=scores(5))
    assert rating.self_total == 95
    campaign = services.campaign_advance(by=county_admin, campaign=campaign)
    rating = rating_of(campaign, world.org_a)
    with pytest.raises(ValidationError, match="不能办理自查初评"):
        services.org_rating_self_score(by=secretary, rating=rating, scores=scores())


def test_low_and_missing_self_scores_get_improvement_tasks_once(campaign, secretary, county_admin, world):
    services.org_rating_self_score(
        by=secretary, rating=rating_of(campaign, world.org_a), scores=dict.fromkeys(Criterion.values, 5)
    )
    services.org_rating_self_score(by=secretary, rating=rating_of(campaign, world.org_a_child), scores=scores())
    services.campaign_advance(by=county_admin, campaign=campaign)
    tasked = set(ImprovementTask.objects.values_list("rating__party_organization", flat=True))
    assert tasked == {world.org_a.pk, world.org_b.pk}
    assert services.improvement_tasks_create(campaign=campaign) == 0


def test_stars_follow_the_inspection_total_by_the_thresholds(campaign, county_admin, area_reviewer, world, settings):
    settings.SCORING_ORG_STAR_THRESHOLDS = [90, 80, 70, 60, 50]
    campaign = advance_to(campaign, county_admin, CampaignStep.INSPECTION)
    services.org_rating_inspect(by=area_reviewer, rating=rating_of(campaign, world.org_a), scores=scores(8))
    services.org_rating_inspect(by=area_reviewer, rating=rating_of(campaign, world.org_a_child), scores=scores(20))
    with pytest.raises(ValidationError, match="没有权限"):
        services.org_rating_inspect(by=area_reviewer, rating=rating_of(campaign, world.org_b), scores=scores())
    advance_to(campaign, county_admin, CampaignStep.AWARDED)
    assert rating_of(campaign, world.org_a).stars == 5
    assert rating_of(campaign, world.org_a_child).stars == 4
    assert rating_of(campaign, world.org_b).stars == 0
    rows = {row["area"]: row for row in distribution_by_area(campaign=campaign)}
    assert (rows["甲镇"]["s5"], rows["甲镇"]["s4"], rows["乙镇"]["none"]) == (1, 1, 1)


def five_star(campaign, county_admin, org):
    rating = rating_of(campaign, org)
    OrgRating.objects.filter(pk=rating.pk).update(stars=5, inspection_total=96)
    rating.refresh_from_db()
    return rating


def test_only_a_five_star_organisation_may_be_a_red_flag_candidate(campaign, county_admin, world):
    rating = rating_of(campaign, world.org_a)
    OrgRating.objects.filter(pk=rating.pk).update(stars=4)
    rating.refresh_from_db()
    with pytest.raises(ValidationError, match="为4星级，只有五星级党组织才能推荐为红旗支部"):
        services.red_flag_nominate(by=county_admin, rating=rating, strengths=[20] * 5)
    assert not RedFlagCandidate.objects.exists()


def test_the_five_strengths_set_follows_the_kind_of_the_covered_entity(campaign, county_admin, world):
    make_entity(world.area_a, "甲公司", org=world.org_a, kind="enterprise")
    make_entity(world.area_b, "乙协会", org=world.org_b, kind="social_org")
    enterprise = services.red_flag_nominate(
        by=county_admin, rating=five_star(campaign, county_admin, world.org_a), strengths=[18, 17, 16, 19, 20]
    )
    social = services.red_flag_nominate(
        by=county_admin, rating=five_star(campaign, county_admin, world.org_b), strengths=[20] * 5
    )
    assert (enterprise.track, enterprise.total) == (OrgTrack.ENTERPRISE, 90)
    assert social.track == OrgTrack.SOCIAL_ORG
    with pytest.raises(ValidationError, match="每项得分应在 0 到 20 分之间"):
        services.red_flag_nominate(by=county_admin, rating=rating_of(campaign, world.org_a), strengths=[21] * 5)


def test_an_organisation_without_a_covered_entity_has_no_track(campaign, county_admin, world):
    with pytest.raises(ValidationError, match="无法确定按企业还是社会组织"):
        services.red_flag_nominate(
            by=county_admin, rating=five_star(campaign, county_admin, world.org_a_child), strengths=[20] * 5
        )


def test_designations_need_the_organisations_own_member_and_a_commitment_text(world, secretary, members_a):
    services.designation_create(
        by=secretary, party_organization=world.org_a, kind=DesignationKind.WORKSHOP, name="总装车间", year=2025
    )
    with pytest.raises(ValidationError, match="请填写承诺内容"):
        services.designation_create(
            by=secretary,
            party_organization=world.org_a,
            kind=DesignationKind.COMMITMENT,
            name="亮身份",
            year=2025,
            person=members_a[0],
        )
    other = make_person(world.org_a_child, "支部党员", stage=Stage.FULL)
    with pytest.raises(ValidationError, match="不是该党组织的党员"):
        services.designation_create(
            by=secretary,
            party_organization=world.org_a,
            kind=DesignationKind.VANGUARD_POST,
            name="质检岗",
            year=2025,
            person=other,
        )
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.designation_create(
            by=secretary, party_organization=world.org_b, kind=DesignationKind.TEAM, name="班组", year=2025
        )
    assert Designation.objects.count() == 1


def test_the_rating_page_shows_history_and_another_secretary_gets_404(
    campaign, secretary, other_secretary, world, as_user
):
    rating = rating_of(campaign, world.org_a)
    url = reverse("scoring:orgrating_detail", args=[rating.pk])
    assert as_user(other_secretary).get(url).status_code == 404
    assert as_user(other_secretary).post(reverse("scoring:orgrating_self", args=[rating.pk])).status_code == 404
    page = as_user(secretary).get(url).content.decode()
    assert "自查初评" in page and "2025年" in page


def test_the_campaign_page_shows_the_distribution_chart(campaign, county_admin, as_user):
    page = as_user(county_admin).get(reverse("scoring:ratingcampaign_detail", args=[campaign.pk])).content.decode()
    assert "<svg" in page and 'data-testid="distribution"' in page


def test_county_staff_publish_a_sheet_from_the_page(county_admin, as_user):
    data = {"number": 1, "effective_from": "2025-01-01"}
    for criterion, cap in zip(Criterion.values, CAPS, strict=True):
        data[f"{criterion}_cap"], data[f"{criterion}_rules"] = cap, "细则"
    assert as_user(county_admin).post(reverse("scoring:ratingsheet_create"), data).status_code == 302


def test_the_distribution_by_area_exports_to_excel(campaign, county_admin, as_user):
    url = reverse("scoring:ratingcampaign_detail", args=[campaign.pk]) + "?format=xlsx"
    response = as_user(county_admin).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_star_ratings_and_red_flag_branches_are_posted_by_organisation_name(campaign, county_admin, world):
    from scoring.choices import PostingKind

    make_entity(world.area_a, "甲公司", org=world.org_a, kind="enterprise")
    candidate = services.red_flag_nominate(
        by=county_admin, rating=five_star(campaign, county_admin, world.org_a), strengths=[19] * 5
    )
    services.red_flag_select(by=county_admin, candidate=candidate, selected=True)
    rating = publish(county_admin, kind=PostingKind.STAR_RATING, subject="2025", published_on=date(2026, 1, 5))
    red = publish(county_admin, kind=PostingKind.RED_FLAG, subject="2025", published_on=date(2026, 1, 5))
    assert list(rating.lines.values_list("masked_name", "detail")) == [("甲公司党委", "5星级党组织")]
    assert list(red.lines.values_list("masked_name", "score")) == [("甲公司党委", "五强95分")]
