"""The one scoping mechanism, seen from each role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from industry_chains.models import Department, IndustryChain
from organizations.models import Area, PartyOrganization


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_the_county_admin_sees_every_party_organisation(world, county_admin):
    assert PartyOrganization.objects.visible_to(county_admin).count() == PartyOrganization.objects.count() == 5


def test_an_area_reviewer_sees_only_the_organisations_of_its_area(world, area_reviewer):
    assert names(PartyOrganization.objects.visible_to(area_reviewer)) == {"甲镇党委", "甲公司党委", "甲公司第一党支部"}


def test_a_secretary_sees_its_organisation_and_those_under_it_but_not_above(world, secretary):
    assert names(PartyOrganization.objects.visible_to(secretary)) == {"甲公司党委", "甲公司第一党支部"}


def test_a_secretary_of_a_branch_does_not_see_its_parent_or_siblings(world):
    from tests.factories import UserFactory, make_org

    sibling = make_org(world.org_a, "甲公司第二党支部")
    branch_secretary = UserFactory(role="org_secretary", party_organization=world.org_a_child)
    visible = names(PartyOrganization.objects.visible_to(branch_secretary))
    assert visible == {"甲公司第一党支部"}
    assert sibling.name not in visible


def test_another_organisations_secretary_sees_nothing_of_ours(world, other_secretary):
    assert names(PartyOrganization.objects.visible_to(other_secretary)) == {"乙公司党支部"}


@pytest.mark.parametrize("persona", ["chain_staff", "dept_handler"])
def test_chain_staff_and_department_handlers_see_no_party_organisations(world, persona, request):
    assert not PartyOrganization.objects.visible_to(request.getfixturevalue(persona)).exists()


def test_chain_staff_reach_only_their_chain_and_handlers_only_their_department(
    chain_staff, dept_handler, chain, department
):
    from tests.factories import DepartmentFactory, IndustryChainFactory

    IndustryChainFactory(name="装备制造")
    DepartmentFactory(name="县发展和改革局")
    # Reference lists are readable by all staff, but only the own node is reachable through the scope.
    assert IndustryChain.objects.visible_to(chain_staff).count() == 2
    assert list(IndustryChain.objects.filter(IndustryChain.objects.none().scope_q(chain_staff))) == [chain]
    assert list(Department.objects.filter(Department.objects.none().scope_q(dept_handler))) == [department]


def test_anonymous_and_inactive_users_see_nothing(world, secretary):
    assert not PartyOrganization.objects.visible_to(AnonymousUser()).exists()
    assert not Area.objects.visible_to(AnonymousUser()).exists()
    secretary.is_active = False
    assert not PartyOrganization.objects.visible_to(secretary).exists()


def test_only_county_admins_may_edit_reference_data(world, county_admin, area_reviewer):
    assert Area.objects.editable_by(county_admin).count() == 2
    assert not Area.objects.editable_by(area_reviewer).exists()
    assert Area.objects.visible_to(area_reviewer).count() == 2


def test_a_scope_filter_costs_one_query_whatever_the_tree_size(world, secretary, django_assert_num_queries):
    from tests.factories import make_org

    for index in range(30):
        make_org(world.org_a_child, f"深层支部{index}")
    secretary = type(secretary).objects.get(pk=secretary.pk)
    with django_assert_num_queries(2):  # the user's organisation path, then the rows
        assert len(list(PartyOrganization.objects.visible_to(secretary))) == 32


def test_adding_needs_county_staff_or_a_row_in_scope(world, county_admin, secretary, chain_staff):
    from core.models import ImportJob

    assert PartyOrganization.objects.addable_by(county_admin)
    assert PartyOrganization.objects.addable_by(secretary)
    assert not PartyOrganization.objects.addable_by(chain_staff)
    assert not PartyOrganization.objects.addable_by(AnonymousUser())
    assert not ImportJob.objects.visible_to(AnonymousUser()).exists()


def test_filter_drop_downs_offer_only_what_the_user_works_in(world, area_reviewer, as_user):
    from django.urls import reverse

    page = as_user(area_reviewer).get(reverse("organizations:partyorganization_list")).content.decode()
    area_select = page.split('name="area"')[1].split("</select>")[0]
    assert "甲镇" in area_select and "乙镇" not in area_select
