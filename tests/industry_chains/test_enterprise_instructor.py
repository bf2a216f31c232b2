"""A member enterprise's 党建指导员: assigned and changed on its page after a confirmation, kept in history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from industry_chains.models import ChainEnterprise
from industry_chains.services import committees
from organizations.models import Instructor
from tests.factories import IndustryChainFactory, make_entity
from tests.industry_chains.factories import chain_staff_of


@pytest.fixture
def wang(world):
    """An instructor of area A, where the enterprise is."""
    return Instructor.objects.create(name="王指导员", area=world.area_a, unit="甲镇党建办")


@pytest.fixture
def li(world):
    return Instructor.objects.create(name="李指导员", area=world.area_a, is_red_sail=True)


@pytest.fixture
def zhao(world):
    """An instructor of area B: outside what chain staff may give an enterprise of area A."""
    return Instructor.objects.create(name="赵指导员", area=world.area_b)


def url(enterprise) -> str:
    return reverse("industry_chains:chainenterprise_assign_instructor", args=[enterprise.pk])


def page(client, name: str, *args) -> str:
    response = client.get(reverse(f"industry_chains:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_assigns_an_instructor_after_a_confirmation_and_the_enterprise_pages_show_it(
    as_user, chain_staff, secretary, enterprise, wang
):
    client = as_user(chain_staff)
    assert "尚未配备" in page(client, "chainenterprise_assign_instructor", enterprise.pk)

    asked = client.post(url(enterprise), {"instructor": wang.pk})
    assert asked.status_code == 200
    confirm = asked.content.decode().split('data-testid="confirm-change"')[1].split("</div>")[0]
    assert "（未配备）" in confirm and "王指导员" in confirm
    enterprise.refresh_from_db()
    assert enterprise.instructor is None  # nothing saved before the confirmation

    done = client.post(url(enterprise), {"instructor": wang.pk, "confirmed": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("industry_chains:chainenterprise_detail", args=[enterprise.pk])
    assert "已为“甲纺织有限公司”配备党建指导员：王指导员。" in done.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.instructor == wang

    reader = as_user(secretary)
    record = page(reader, "chainenterprise_detail", enterprise.pk)
    assert "王指导员" in record.split('data-testid="instructor"')[1].split("</dd>")[0]
    assert "王指导员" in page(reader, "chainenterprise_list")
    assert "王指导员" in page(reader, "industrychain_detail", enterprise.chain_id)


def test_changing_the_instructor_is_kept_in_the_audit_trail_with_who_changed_it(
    as_user, county_admin, chain_staff, enterprise, wang, li
):
    committees.enterprise_assign_instructor(by=chain_staff, enterprise=enterprise, instructor=wang)
    client = as_user(county_admin)
    confirm = client.post(url(enterprise), {"instructor": li.pk}).content.decode()
    assert "王指导员" in confirm.split('data-testid="confirm-change"')[1] and "李指导员" in confirm

    done = client.post(url(enterprise), {"instructor": li.pk, "confirmed": "1"}, follow=True)
    assert "已将“甲纺织有限公司”的党建指导员由王指导员更换为李指导员。" in done.content.decode()
    latest = enterprise.history.latest()
    assert (latest.instructor_id, latest.history_user) == (li.pk, county_admin)
    assert enterprise.history.earliest().instructor_id is None

    trail = page(client, "chainenterprise_detail", enterprise.pk).split("修改记录")[1]
    assert "党建指导员：" in trail
    assert "王指导员</del> → 李指导员" in trail and "（空）</del> → 王指导员" in trail
    assert "县管理员" in trail and "产业链干事" in trail


def test_keepers_may_take_the_instructor_away(as_user, chain_staff, enterprise, wang):
    committees.enterprise_assign_instructor(by=chain_staff, enterprise=enterprise, instructor=wang)
    client = as_user(chain_staff)
    assert "（不配备）" in client.post(url(enterprise), {"instructor": ""}).content.decode()
    done = client.post(url(enterprise), {"instructor": "", "confirmed": "1"}, follow=True)
    assert "已取消“甲纺织有限公司”的党建指导员（原为王指导员）。" in done.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.instructor is None


def test_chain_staff_choose_among_the_instructors_of_the_enterprises_area_county_staff_among_all(
    as_user, chain_staff, county_admin, enterprise, wang, zhao
):
    staff_form = page(as_user(chain_staff), "chainenterprise_assign_instructor", enterprise.pk)
    assert "王指导员（甲镇）" in staff_form and "赵指导员" not in staff_form
    admin_form = page(as_user(county_admin), "chainenterprise_assign_instructor", enterprise.pk)
    assert "王指导员（甲镇）" in admin_form and "赵指导员（乙镇）" in admin_form
    committees.enterprise_assign_instructor(by=county_admin, enterprise=enterprise, instructor=zhao)
    enterprise.refresh_from_db()
    assert enterprise.instructor == zhao


def test_an_instructor_outside_the_users_choices_is_refused_with_nothing_saved(
    as_user, chain_staff, enterprise, wang, zhao
):
    committees.enterprise_assign_instructor(by=chain_staff, enterprise=enterprise, instructor=wang)
    for data in ({"instructor": zhao.pk}, {"instructor": zhao.pk, "confirmed": "1"}):
        response = as_user(chain_staff).post(url(enterprise), data)
        assert response.status_code == 200
        assert "所选党建指导员不在可选之列" in response.content.decode()
    with pytest.raises(ValidationError, match="“赵指导员”不在可选的党建指导员之列"):
        committees.enterprise_assign_instructor(by=chain_staff, enterprise=enterprise, instructor=zhao)
    enterprise.refresh_from_db()
    assert enterprise.instructor == wang
    assert enterprise.history.count() == 2


def test_an_enterprise_that_has_left_the_chain_is_refused_with_nothing_saved(as_user, chain_staff, enterprise, wang):
    enterprise.is_active = False
    enterprise.save()
    client = as_user(chain_staff)
    response = client.post(url(enterprise), {"instructor": wang.pk, "confirmed": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "“甲纺织有限公司”已不是“纺织服装”产业链的在册成员企业，不能再更换党建指导员。" in body
    assert 'name="confirmed"' not in body  # a refused confirmation starts over
    with pytest.raises(ValidationError, match="已不是“纺织服装”产业链的在册成员企业"):
        committees.enterprise_assign_instructor(by=chain_staff, enterprise=enterprise, instructor=wang)
    enterprise.refresh_from_db()
    assert enterprise.instructor is None
    assert "配备党建指导员" not in page(client, "chainenterprise_detail", enterprise.pk)


def test_choosing_the_current_instructor_again_is_refused(as_user, chain_staff, enterprise, other_enterprise, wang):
    committees.enterprise_assign_instructor(by=chain_staff, enterprise=enterprise, instructor=wang)
    response = as_user(chain_staff).post(url(enterprise), {"instructor": wang.pk})
    assert "“甲纺织有限公司”的党建指导员已是“王指导员”，无需更换。" in response.content.decode()
    assert 'data-testid="confirm-change"' not in response.content.decode()
    with pytest.raises(ValidationError, match="“乙服饰有限公司”的党建指导员尚未配备，无需更换"):
        committees.enterprise_assign_instructor(by=chain_staff, enterprise=other_enterprise, instructor=None)
    assert enterprise.history.count() == 2
    assert other_enterprise.history.count() == 1


@pytest.mark.parametrize("persona", ["other_chain_staff", "secretary", "dept_handler", "area_reviewer"])
def test_anyone_but_county_staff_and_the_chains_own_staff_is_refused(
    persona, request, as_user, enterprise, wang, chain_staff
):
    if persona == "other_chain_staff":
        user = chain_staff_of(IndustryChainFactory(name="装备制造"), "grace")
    else:
        user = request.getfixturevalue(persona)
    client = as_user(user)
    assert client.get(url(enterprise)).status_code == 403
    assert client.post(url(enterprise), {"instructor": wang.pk, "confirmed": "1"}).status_code == 403
    with pytest.raises(ValidationError, match="产业链党委工作人员可以维护"):
        committees.enterprise_assign_instructor(by=user, enterprise=enterprise, instructor=wang)
    enterprise.refresh_from_db()
    assert enterprise.instructor is None
    record = page(client, "chainenterprise_detail", enterprise.pk)
    assert url(enterprise) not in record


def test_an_enterprise_that_does_not_exist_is_a_404(as_user, chain_staff):
    response = as_user(chain_staff).get(reverse("industry_chains:chainenterprise_assign_instructor", args=[999999]))
    assert response.status_code == 404


def test_anonymous_posts_are_sent_to_login_with_nothing_saved(client, enterprise, wang):
    response = client.post(url(enterprise), {"instructor": wang.pk, "confirmed": "1"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    enterprise.refresh_from_db()
    assert enterprise.instructor is None


def test_an_enterprise_joins_with_an_instructor_of_its_area_only(world, chain, chain_staff, wang, zhao):
    textile = make_entity(world.area_a, "甲镇印染有限公司")
    with pytest.raises(ValidationError, match="“赵指导员”不在可选的党建指导员之列"):
        committees.enterprise_add(
            by=chain_staff, chain=chain, entity=textile, joined_on=date(2025, 1, 1), instructor=zhao
        )
    assert not ChainEnterprise.objects.filter(entity=textile).exists()
    joined = committees.enterprise_add(
        by=chain_staff, chain=chain, entity=textile, joined_on=date(2025, 1, 1), instructor=wang
    )
    assert joined.instructor == wang
