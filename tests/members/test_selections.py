"""红色头雁 selections (each step by its owner, returns with reasons, quota, closed campaigns) and entrepreneurs."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import EntrepreneurHonour, Nomination, SelectionCampaign, Studio
from members.services import selections as services
from organizations.models import Instructor
from tests.factories import make_entity
from tests.members.matrix_selections import entrepreneur_a, make_person


@pytest.fixture
def campaign(db):
    return SelectionCampaign.objects.create(kind="secretary", year=2024, quota=1)


@pytest.fixture
def nominee(world):
    return make_person(world.org_a_child, "甲支部书记")


def _apply(by, campaign, person):
    return services.nomination_apply(by=by, campaign=campaign, person=person, statement="带领支部创建示范点")


def _to_reviewed(campaign, nominee, county_admin):
    nomination = _apply(county_admin, campaign, nominee)
    services.nomination_recommend(by=county_admin, nomination=nomination)
    return services.nomination_review(by=county_admin, nomination=nomination)


def _unchanged(nomination, step):
    nomination.refresh_from_db()
    assert nomination.step == step


# --- application ----------------------------------------------------------------------------------


def test_the_secretary_of_the_nominees_organisation_enters_the_application(campaign, nominee, secretary):
    nomination = _apply(secretary, campaign, nominee)
    assert nomination.step == "applied"
    assert nomination.party_organization == nominee.party_organization
    assert nomination.area == nominee.party_organization.area


@pytest.mark.parametrize("persona", ["other_secretary", "chain_staff", "dept_handler"])
def test_it_refuses_an_application_from_outside_the_nominees_organisation(persona, request, campaign, nominee):
    with pytest.raises(ValidationError, match="只有该党组织的书记"):
        _apply(request.getfixturevalue(persona), campaign, nominee)
    assert not Nomination.objects.exists()


def test_it_refuses_a_second_application_and_an_empty_statement(campaign, nominee, county_admin):
    _apply(county_admin, campaign, nominee)
    with pytest.raises(ValidationError, match="已申报"):
        _apply(county_admin, campaign, nominee)
    with pytest.raises(ValidationError, match="个人申请事迹"):
        services.nomination_apply(by=county_admin, campaign=campaign, person=nominee, statement="  ")
    assert Nomination.objects.count() == 1


def test_an_instructor_is_put_forward_by_the_reviewer_of_their_area_only(world, area_reviewer, secretary):
    campaign = SelectionCampaign.objects.create(kind="instructor", year=2024, quota=5)
    mine = Instructor.objects.create(name="甲指导员", area=world.area_a, is_red_sail=True)
    theirs = Instructor.objects.create(name="乙指导员", area=world.area_b)
    nomination = services.nomination_apply(by=area_reviewer, campaign=campaign, instructor=mine, statement="事迹")
    assert nomination.area == world.area_a
    for by, instructor in ((area_reviewer, theirs), (secretary, theirs)):
        with pytest.raises(ValidationError, match="审核员或县级管理员"):
            services.nomination_apply(by=by, campaign=campaign, instructor=instructor, statement="事迹")
    with pytest.raises(ValidationError, match="请选择一名党建工作指导员"):
        services.nomination_apply(by=area_reviewer, campaign=campaign, person=make_person(world.org_a), statement="x")
    assert Nomination.objects.count() == 1


# --- the steps by their owners ----------------------------------------------------------------------


def test_each_step_is_taken_by_its_owner(campaign, nominee, secretary, area_reviewer, county_admin):
    nomination = _apply(secretary, campaign, nominee)
    assert services.nomination_recommend(by=secretary, nomination=nomination).step == "recommended"
    assert services.nomination_review(by=area_reviewer, nomination=nomination).step == "reviewed"
    assert services.nomination_evaluate(by=county_admin, nomination=nomination, selected=True).step == "selected"


@pytest.mark.parametrize("persona", ["area_reviewer", "other_secretary", "chain_staff", "dept_handler"])
def test_only_the_own_organisation_recommends(persona, request, campaign, nominee, county_admin):
    nomination = _apply(county_admin, campaign, nominee)
    with pytest.raises(ValidationError, match="所在党组织的书记"):
        services.nomination_recommend(by=request.getfixturevalue(persona), nomination=nomination)
    _unchanged(nomination, "applied")


@pytest.mark.parametrize("persona", ["secretary", "other_secretary", "chain_staff", "dept_handler"])
def test_only_the_areas_reviewer_reviews(persona, request, campaign, nominee, county_admin):
    nomination = _apply(county_admin, campaign, nominee)
    services.nomination_recommend(by=county_admin, nomination=nomination)
    with pytest.raises(ValidationError, match="审核员或县级管理员可以审核"):
        services.nomination_review(by=request.getfixturevalue(persona), nomination=nomination)
    _unchanged(nomination, "recommended")


def test_the_reviewer_of_another_area_may_not_review(world, campaign, county_admin):
    from tests.factories import UserFactory

    nomination = _apply(county_admin, campaign, make_person(world.org_b))
    services.nomination_recommend(by=county_admin, nomination=nomination)
    reviewer_a = UserFactory(role="area_reviewer", area=world.area_a)
    with pytest.raises(ValidationError):
        services.nomination_review(by=reviewer_a, nomination=nomination)
    _unchanged(nomination, "recommended")


@pytest.mark.parametrize("persona", ["area_reviewer", "secretary", "other_secretary", "chain_staff", "dept_handler"])
def test_only_the_county_evaluates(persona, request, campaign, nominee, county_admin):
    nomination = _to_reviewed(campaign, nominee, county_admin)
    with pytest.raises(ValidationError, match="只有县级管理员"):
        services.nomination_evaluate(by=request.getfixturevalue(persona), nomination=nomination, selected=True)
    _unchanged(nomination, "reviewed")


def test_it_refuses_to_skip_a_step(campaign, nominee, county_admin):
    nomination = _apply(county_admin, campaign, nominee)
    with pytest.raises(ValidationError, match="须先经党组织推荐"):
        services.nomination_review(by=county_admin, nomination=nomination)
    with pytest.raises(ValidationError, match="须先经部门/街镇审核"):
        services.nomination_evaluate(by=county_admin, nomination=nomination, selected=True)
    _unchanged(nomination, "applied")


def test_no_more_are_selected_than_the_quota(world, campaign, nominee, county_admin):
    first = _to_reviewed(campaign, nominee, county_admin)
    second = _to_reviewed(campaign, make_person(world.org_a, "第二人"), county_admin)
    services.nomination_evaluate(by=county_admin, nomination=first, selected=True)
    with pytest.raises(ValidationError, match="达到名额 1 名"):
        services.nomination_evaluate(by=county_admin, nomination=second, selected=True)
    _unchanged(second, "reviewed")
    assert services.nomination_evaluate(by=county_admin, nomination=second, selected=False).step == "not_selected"


# --- returns --------------------------------------------------------------------------------------


def test_a_return_needs_a_reason_and_is_kept_in_the_history(campaign, nominee, secretary, area_reviewer):
    nomination = _apply(secretary, campaign, nominee)
    services.nomination_recommend(by=secretary, nomination=nomination)
    with pytest.raises(ValidationError, match="必须填写退回原因"):
        services.nomination_return(by=area_reviewer, nomination=nomination, reason="  ")
    _unchanged(nomination, "recommended")
    with pytest.raises(ValidationError, match="当前环节的办理人"):
        services.nomination_return(by=secretary, nomination=nomination, reason="材料不全")
    services.nomination_return(by=area_reviewer, nomination=nomination, reason="事迹材料不全")
    nomination.refresh_from_db()
    assert (nomination.step, nomination.return_reason) == ("returned", "事迹材料不全")
    assert nomination.history.first().history_change_reason == "退回：事迹材料不全"
    # Back at the application step: the organisation may recommend again, nothing is skipped.
    with pytest.raises(ValidationError):
        services.nomination_review(by=area_reviewer, nomination=nomination)
    assert services.nomination_recommend(by=secretary, nomination=nomination).step == "recommended"


def test_the_county_returns_at_evaluation_and_a_decided_nomination_cannot_be_returned(campaign, nominee, county_admin):
    nomination = _to_reviewed(campaign, nominee, county_admin)
    services.nomination_return(by=county_admin, nomination=nomination, reason="不符合条件")
    _unchanged(nomination, "returned")
    nomination = _to_reviewed(
        SelectionCampaign.objects.create(kind="secretary", year=2025, quota=1), nominee, county_admin
    )
    services.nomination_evaluate(by=county_admin, nomination=nomination, selected=False)
    with pytest.raises(ValidationError, match="不能退回"):
        services.nomination_return(by=county_admin, nomination=nomination, reason="x")


# --- campaigns, studios ---------------------------------------------------------------------------


def test_nothing_changes_after_the_campaign_is_closed(world, campaign, nominee, county_admin):
    nomination = _apply(county_admin, campaign, nominee)
    services.campaign_close(by=county_admin, campaign=campaign)
    with pytest.raises(ValidationError, match="已结束"):
        services.nomination_recommend(by=county_admin, nomination=nomination)
    with pytest.raises(ValidationError, match="已结束"):
        _apply(county_admin, campaign, make_person(world.org_a))
    _unchanged(nomination, "applied")


def test_only_the_county_opens_and_closes_campaigns(campaign, secretary, area_reviewer, county_admin):
    for by in (secretary, area_reviewer):
        with pytest.raises(ValidationError, match="只有县级管理员"):
            services.campaign_create(by=by, kind="instructor", year=2024, quota=10)
        with pytest.raises(ValidationError, match="只有县级管理员"):
            services.campaign_close(by=by, campaign=campaign)
    with pytest.raises(ValidationError, match="已经发起过"):
        services.campaign_create(by=county_admin, kind="secretary", year=2024, quota=10)
    campaign.refresh_from_db()
    assert campaign.status == "open"
    assert SelectionCampaign.objects.count() == 1


def test_a_studio_is_named_by_the_county_for_a_selected_nominee(campaign, nominee, county_admin, area_reviewer):
    nomination = _to_reviewed(campaign, nominee, county_admin)
    with pytest.raises(ValidationError, match="评定入选"):
        services.studio_name(by=county_admin, nomination=nomination, name="甲工作室", founded_on=date(2024, 12, 1))
    services.nomination_evaluate(by=county_admin, nomination=nomination, selected=True)
    with pytest.raises(ValidationError, match="只有县级管理员"):
        services.studio_name(by=area_reviewer, nomination=nomination, name="甲工作室", founded_on=date(2024, 12, 1))
    studio = services.studio_name(by=county_admin, nomination=nomination, name="甲工作室", founded_on=date(2024, 12, 1))
    assert Studio.objects.get() == studio


# --- pages ----------------------------------------------------------------------------------------


def test_the_steps_through_the_pages(campaign, nominee, secretary, area_reviewer, county_admin, as_user):
    client = as_user(secretary)
    response = client.post(
        reverse("members:nomination_create", args=[campaign.pk]), {"person": nominee.pk, "statement": "事迹"}
    )
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("members:nomination_detail", args=[nomination.pk])).content.decode()
    assert "党组织推荐" in page and "审核通过" not in page
    client.post(reverse("members:nomination_recommend", args=[nomination.pk]))
    # The secretary pressing "review" is refused and nothing moves.
    client.post(reverse("members:nomination_review", args=[nomination.pk]))
    _unchanged(nomination, "recommended")
    as_user(area_reviewer).post(reverse("members:nomination_return", args=[nomination.pk]), {"reason": ""})
    _unchanged(nomination, "recommended")
    as_user(area_reviewer).post(reverse("members:nomination_review", args=[nomination.pk]))
    as_user(county_admin).post(reverse("members:nomination_evaluate", args=[nomination.pk]), {"result": "selected"})
    _unchanged(nomination, "selected")
    page = as_user(county_admin).get(reverse("members:nomination_detail", args=[nomination.pk])).content.decode()
    assert "修改记录" in page and "命名工作室" in page


def test_another_organisations_nomination_and_actions_are_404(
    campaign, nominee, county_admin, other_secretary, as_user
):
    nomination = _apply(county_admin, campaign, nominee)
    client = as_user(other_secretary)
    assert client.get(reverse("members:nomination_detail", args=[nomination.pk])).status_code == 404
    for name in (
        "nomination_recommend",
        "nomination_review",
        "nomination_evaluate",
        "nomination_return",
        "studio_create",
    ):
        assert client.post(reverse(f"members:{name}", args=[nomination.pk])).status_code == 404
    assert client.post(reverse("members:selectioncampaign_close", args=[campaign.pk])).status_code == 404
    assert (
        client.post(
            reverse("members:selectioncampaign_create"), {"kind": "instructor", "year": 2024, "quota": 3}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "name",
    [
        "members:selectioncampaign_create",
        "members:selectioncampaign_close",
        "members:nomination_recommend",
        "members:nomination_review",
        "members:nomination_evaluate",
        "members:nomination_return",
        "members:studio_create",
        "members:entrepreneur_training_add",
        "members:entrepreneur_honour_add",
        "members:entrepreneur_association_add",
    ],
)
def test_actions_refuse_get_and_send_anonymous_posts_to_login(name, client, world, county_admin, as_user):
    args = None if name.endswith("campaign_create") else [1]
    url = reverse(name, args=args)
    assert as_user(county_admin).get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_winners_list_prints_as_a_pdf(campaign, nominee, county_admin, as_user):
    nomination = _to_reviewed(campaign, nominee, county_admin)
    services.nomination_evaluate(by=county_admin, nomination=nomination, selected=True)
    url = reverse("members:selectioncampaign_winners", args=[campaign.pk])
    page = as_user(county_admin).get(url).content.decode()
    assert "甲支部书记" in page
    response = as_user(county_admin).get(url + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")


def test_nomination_list_filters_by_step_and_exports(world, campaign, nominee, county_admin, as_user):
    _apply(county_admin, campaign, nominee)
    other = _apply(county_admin, campaign, make_person(world.org_b, "乙书记"))
    services.nomination_recommend(by=county_admin, nomination=other)
    url = reverse("members:selectioncampaign_detail", args=[campaign.pk])
    page = as_user(county_admin).get(url + "?step=recommended").content.decode()
    assert "乙书记" in page and "甲支部书记" not in page
    response = as_user(county_admin).get(url + "?format=xlsx")
    assert response.status_code == 200


def test_the_nomination_list_costs_the_same_queries_for_more_rows(
    world, campaign, county_admin, as_user, django_assert_max_num_queries
):
    url = reverse("members:selectioncampaign_detail", args=[campaign.pk])
    client = as_user(county_admin)
    _apply(county_admin, campaign, make_person(world.org_a, "一"))
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for index in range(8):
        _apply(county_admin, campaign, make_person(world.org_a_child, f"人{index}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- entrepreneurs --------------------------------------------------------------------------------


def test_trainings_honours_and_associations_are_recorded(world, county_admin, secretary, as_user):
    entrepreneur = entrepreneur_a(world)
    association = make_entity(world.area_a, "县纺织协会", kind="association")
    services.training_add(
        by=secretary, entrepreneur=entrepreneur, kind="emba", program="清华 EMBA", year=2023, graduated=True
    )
    services.association_join(by=secretary, entrepreneur=entrepreneur, association=association, role="副会长")
    services.honour_add(by=county_admin, entrepreneur=entrepreneur, level="outstanding", year=2024)
    page = as_user(secretary).get(reverse("members:entrepreneur_detail", args=[entrepreneur.pk])).content.decode()
    assert "清华 EMBA" in page and "县纺织协会" in page and "2024年杰出企业家" in page


def test_entrepreneur_refusals(world, county_admin, secretary, other_secretary):
    entrepreneur = entrepreneur_a(world)
    services.honour_add(by=county_admin, entrepreneur=entrepreneur, level="merit", year=2024)
    with pytest.raises(ValidationError, match="已获得2024年该称号"):
        services.honour_add(by=county_admin, entrepreneur=entrepreneur, level="merit", year=2024)
    with pytest.raises(ValidationError, match="只有县级管理员"):
        services.honour_add(by=secretary, entrepreneur=entrepreneur, level="excellent", year=2024)
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.training_add(by=other_secretary, entrepreneur=entrepreneur, kind="mba", program="MBA", year=2024)
    company = make_entity(world.area_a, "某公司")
    with pytest.raises(ValidationError, match="不是行业协会商会"):
        services.association_join(by=county_admin, entrepreneur=entrepreneur, association=company)
    assert EntrepreneurHonour.objects.count() == 1
    assert not entrepreneur.trainings.exists() and not entrepreneur.associations.exists()


def test_the_entrepreneur_list_filters_and_counts_honours(world, county_admin, as_user, django_assert_max_num_queries):
    honoured = entrepreneur_a(world)
    services.honour_add(by=county_admin, entrepreneur=honoured, level="merit", year=2023)
    services.honour_add(by=county_admin, entrepreneur=honoured, level="excellent", year=2024)
    plain = services.entrepreneur_create(by=county_admin, name="乙老板", entity=make_entity(world.area_b, "乙企业"))
    services.training_add(by=county_admin, entrepreneur=plain, kind="benchmark", program="标杆学习", year=2024)
    client = as_user(county_admin)
    url = reverse("members:entrepreneur_list")
    counts = {figure.key: figure.value for figure in client.get(url).context["totals"]}
    assert counts == {"honoured": 1, "merit": 1, "outstanding": 0, "excellent": 1}
    filtered = client.get(url + "?honour=merit").content.decode()
    assert "甲老板" in filtered and "乙老板" not in filtered
    filtered = client.get(url + "?training=benchmark").content.decode()
    assert "乙老板" in filtered and "甲老板" not in filtered
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for index in range(6):
        services.entrepreneur_create(
            by=county_admin, name=f"老板{index}", entity=make_entity(world.area_a, f"企业{index}")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
