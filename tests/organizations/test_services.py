"""Rules of the organisation tree, each refusal with its Chinese reason and nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations import services
from organizations.choices import DemoLevel, EstablishmentMethod, PartyOrgKind
from organizations.models import PartyOrganization


def create(by, **kwargs):
    defaults = {"name": "新支部", "kind": PartyOrgKind.BRANCH, "establishment_method": EstablishmentMethod.STANDALONE}
    return services.party_organization_create(by=by, **{**defaults, **kwargs})


def test_a_secretary_adds_a_branch_under_its_own_organisation_in_the_same_area(world, secretary):
    branch = create(secretary, parent=world.org_a)
    assert branch.area == world.area_a
    assert branch.path.startswith(world.org_a.path)
    assert PartyOrganization.objects.get_parent(branch) == world.org_a


def test_it_refuses_a_parent_outside_the_users_scope(world, secretary):
    before = PartyOrganization.objects.count()
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        create(secretary, parent=world.org_b)
    assert PartyOrganization.objects.count() == before


def test_only_the_county_admin_creates_an_area_committee(world, area_reviewer, county_admin):
    from tests.factories import AreaFactory

    area = AreaFactory(name="丙镇")
    with pytest.raises(ValidationError, match="只有县级管理员"):
        create(area_reviewer, name="丙镇党委", kind=PartyOrgKind.COMMITTEE, area=area)
    committee = create(county_admin, name="丙镇党委", kind=PartyOrgKind.COMMITTEE, area=area)
    assert committee.depth == 1
    with pytest.raises(ValidationError, match="已有党（工）委"):
        create(county_admin, name="丙镇第二党委", kind=PartyOrgKind.COMMITTEE, area=area)


def test_it_refuses_a_branch_without_an_establishment_method(world, secretary):
    with pytest.raises(ValidationError, match="请选择组建方式"):
        create(secretary, parent=world.org_a, establishment_method="")


def test_it_refuses_a_founding_date_in_the_future(world, secretary):
    with pytest.raises(ValidationError, match="成立日期不能晚于今天"):
        create(secretary, parent=world.org_a, founded_on=datetime.date.today() + datetime.timedelta(days=2))


def test_it_refuses_a_duplicate_name_within_one_area(world, secretary):
    with pytest.raises(ValidationError):
        create(secretary, parent=world.org_a, name="甲公司第一党支部")


def test_an_update_is_audited_with_who_and_what_changed(world, secretary, as_user):
    services.party_organization_update(by=secretary, organization=world.org_a_child, name="甲公司机关党支部")
    record = world.org_a_child.history.latest()
    assert record.name == "甲公司机关党支部"
    response = as_user(secretary).get(f"/organizations/party-organizations/{world.org_a_child.pk}/")
    page = response.content.decode()
    assert "修改记录" in page
    assert "甲公司第一党支部" in page and "甲公司机关党支部" in page


def test_the_update_page_records_the_signed_in_user_in_the_audit_trail(world, secretary, as_user):
    response = as_user(secretary).post(
        f"/organizations/party-organizations/{world.org_a_child.pk}/edit/",
        {
            "name": "甲公司研发党支部",
            "kind": PartyOrgKind.BRANCH,
            "establishment_method": "standalone",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert world.org_a_child.history.latest().history_user == secretary


def test_another_organisations_secretary_cannot_update_ours(world, other_secretary, as_user):
    response = as_user(other_secretary).post(
        f"/organizations/party-organizations/{world.org_a_child.pk}/edit/", {"name": "篡改"}
    )
    assert response.status_code == 404
    world.org_a_child.refresh_from_db()
    assert world.org_a_child.name == "甲公司第一党支部"


def test_the_organisation_list_filters_the_municipal_demonstration_points(world, county_admin, as_user):
    PartyOrganization.objects.filter(pk=world.org_b.pk).update(demo_level=DemoLevel.CITY)
    url = reverse("organizations:partyorganization_list")
    page = as_user(county_admin).get(url, {"demo_level": "city"}).content.decode()
    assert world.org_b.name in page and world.org_a.name not in page
    assert world.org_a.name in as_user(county_admin).get(url).content.decode()
