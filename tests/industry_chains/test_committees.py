"""Chain committees and rotating duty: members, “2+2+7+N”, enterprises, the schedule, its changes, activities."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from industry_chains.choices import MemberRole, TurnStatus, UnitKind
from industry_chains.models import ChainActivity, ChainMember, ChainUnit, DutyTurn
from industry_chains.services import committees, duty
from tests.factories import IndustryChainFactory, make_entity
from tests.industry_chains.factories import member_enterprise

TODAY = "2025-03-10 10:00 +0800"


@pytest.fixture
def three(world, chain):
    return [member_enterprise(chain, world.area_a, f"链上企业{i}", org=world.org_a, order=i) for i in range(1, 4)]


def test_a_chain_has_one_secretary_the_head_of_its_task_force(chain_staff, chain):
    committees.member_add(
        by=chain_staff, chain=chain, name="王专班", role=MemberRole.SECRETARY, position="产业专班主任"
    )
    with pytest.raises(ValidationError, match="已有书记"):
        committees.member_add(by=chain_staff, chain=chain, name="李另一", role=MemberRole.SECRETARY)
    committees.member_add(by=chain_staff, chain=chain, name="赵专职", role=MemberRole.FULL_TIME)
    assert ChainMember.objects.filter(chain=chain).count() == 2


def test_only_county_staff_and_the_chains_own_staff_keep_its_records(secretary, dept_handler, chain):
    other_staff_chain = IndustryChainFactory(name="装备制造")
    from tests.factories import UserFactory

    other_staff = UserFactory(role="chain_staff", chain=other_staff_chain)
    for user in (secretary, dept_handler, other_staff):
        with pytest.raises(ValidationError, match="产业链党委工作人员可以维护"):
            committees.member_add(by=user, chain=chain, name="某某", role=MemberRole.PART_TIME)
    assert not ChainMember.objects.exists()


def test_the_2_2_7_n_structure_caps_leading_implementing_and_factor_units(chain_staff, chain):
    for name in ("县委组织部", "县委社会工作部"):
        committees.unit_add(by=chain_staff, chain=chain, kind=UnitKind.LEADING, name=name)
    with pytest.raises(ValidationError, match="牵头部门最多 2 个"):
        committees.unit_add(by=chain_staff, chain=chain, kind=UnitKind.LEADING, name="第三个")
    for index in range(7):
        committees.unit_add(by=chain_staff, chain=chain, kind=UnitKind.FACTOR, name=f"要素保障组{index}")
    with pytest.raises(ValidationError, match="要素保障组最多 7 个"):
        committees.unit_add(by=chain_staff, chain=chain, kind=UnitKind.FACTOR, name="第八组")
    for index in range(12):
        committees.unit_add(by=chain_staff, chain=chain, kind=UnitKind.MEMBER, name=f"成员单位{index}")
    assert ChainUnit.objects.filter(chain=chain).count() == 21


def test_an_enterprise_joins_a_chain_once_and_goes_last_in_the_duty_order(chain_staff, chain, world, three):
    entity = make_entity(world.area_a, "新成员有限公司")
    enterprise = committees.enterprise_add(by=chain_staff, chain=chain, entity=entity, joined_on=date(2025, 1, 1))
    assert enterprise.duty_order == 4
    with pytest.raises(ValidationError, match="已是该产业链的成员企业"):
        committees.enterprise_add(by=chain_staff, chain=chain, entity=entity, joined_on=date(2025, 1, 1))


def test_the_schedule_gives_each_enterprise_two_months_in_order(chain_staff, chain, three):
    turns = duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2025, 1, 1), rounds=2)
    assert [(t.starts_on, t.ends_on) for t in turns[:3]] == [
        (date(2025, 1, 1), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 6, 30)),
    ]
    assert [t.enterprise for t in turns] == three + three
    assert turns[-1].ends_on == date(2025, 12, 31)
    with pytest.raises(ValidationError, match="已排轮值到 2025-12-31"):
        duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2025, 7, 1))
    with pytest.raises(ValidationError, match="月初"):
        duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2026, 1, 15))
    assert DutyTurn.objects.count() == 6


def test_the_current_duty_enterprise_is_shown_on_the_chains_page(as_user, secretary, chain_staff, chain, three):
    duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2025, 1, 1))
    with time_machine.travel(TODAY, tick=False):
        page = as_user(secretary).get(reverse("industry_chains:industrychain_detail", args=[chain.pk])).content.decode()
    current = page.split('data-testid="current-duty"')[1].split("</div>")[0]
    assert "链上企业2" in current and "2025-03-01" in current


def test_swapping_or_skipping_a_turn_needs_a_reason(chain_staff, chain, three):
    first, second, third = duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2025, 1, 1))
    with time_machine.travel("2024-12-01 10:00 +0800", tick=False):
        with pytest.raises(ValidationError, match="须说明原因"):
            duty.duty_turn_swap(by=chain_staff, turn=first, other=second, reason=" ")
        with pytest.raises(ValidationError, match="须说明原因"):
            duty.duty_turn_skip(by=chain_staff, turn=third, reason="")
        assert DutyTurn.objects.filter(status=TurnStatus.SCHEDULED).count() == 3
        duty.duty_turn_swap(by=chain_staff, turn=first, other=second, reason="企业技改停产")
        duty.duty_turn_skip(by=chain_staff, turn=third, reason="春节前后集中生产")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.enterprise, second.enterprise) == (three[1], three[0])
    assert first.status == second.status == TurnStatus.SWAPPED
    assert duty.turn_on(chain, date(2025, 5, 10)) is None  # skipped: nobody on duty


def test_a_duty_turn_given_to_an_enterprise_outside_the_chain_is_refused(chain_staff, chain, three, world):
    (turn, *_rest) = duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2030, 1, 1))
    outsider = member_enterprise(IndustryChainFactory(name="高端化工"), world.area_a, "化工企业")
    with pytest.raises(ValidationError, match="不是“纺织服装”产业链的在册成员企业"):
        duty.duty_turn_reassign(by=chain_staff, turn=turn, enterprise=outsider, reason="临时调整")
    turn.refresh_from_db()
    assert turn.enterprise == three[0] and turn.status == TurnStatus.SCHEDULED


def test_a_past_turn_cannot_be_changed(chain_staff, chain, three):
    (turn, *_rest) = duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="已结束"):
        duty.duty_turn_skip(by=chain_staff, turn=turn, reason="补记")


def test_activities_are_recorded_against_the_duty_period_they_fall_in(chain_staff, chain, three):
    duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2025, 1, 1))
    with time_machine.travel(TODAY, tick=False):
        activity = duty.activity_record(
            by=chain_staff,
            chain=chain,
            kind="site_visit",
            title="智能车间现场观摩",
            held_on=date(2025, 3, 5),
            participants=40,
        )
        with pytest.raises(ValidationError, match="只能登记已经举办的活动"):
            duty.activity_record(by=chain_staff, chain=chain, kind="forum", title="座谈", held_on=date(2025, 4, 1))
        with pytest.raises(ValidationError, match="请选择活动形式"):
            duty.activity_record(by=chain_staff, chain=chain, kind="party", title="联欢", held_on=date(2025, 3, 1))
    assert activity.duty_turn.enterprise == three[1]
    assert ChainActivity.objects.count() == 1


def test_the_adjust_page_refuses_an_outside_enterprise_with_its_reason(as_user, chain_staff, chain, three, world):
    (turn, *_rest) = duty.duty_schedule_generate(by=chain_staff, chain=chain, start=date(2030, 1, 1))
    outsider = member_enterprise(IndustryChainFactory(name="高端化工"), world.area_a, "化工企业")
    response = as_user(chain_staff).post(
        reverse("industry_chains:dutyturn_adjust", args=[turn.pk]),
        {"action": "reassign", "enterprise": outsider.pk, "reason": "临时"},
    )
    assert response.status_code == 200
    assert "不能承担轮值" in response.content.decode()
    turn.refresh_from_db()
    assert turn.enterprise == three[0]


def test_keepers_generate_the_schedule_through_the_page(as_user, chain_staff, chain, three, secretary):
    url = reverse("industry_chains:dutyturn_generate")
    assert as_user(secretary).post(url, {"chain": chain.pk, "start": "2025-01-01", "rounds": 1}).status_code == 403
    response = as_user(chain_staff).post(url, {"chain": chain.pk, "start": "2025-01-01", "rounds": 1})
    assert response.status_code == 302
    assert DutyTurn.objects.filter(chain=chain).count() == 3


def test_the_chain_page_keeps_its_query_count_as_enterprises_grow(
    as_user, county_admin, chain, world, django_assert_max_num_queries
):
    member_enterprise(chain, world.area_a, "企业甲", org=world.org_a)
    client = as_user(county_admin)
    url = reverse("industry_chains:industrychain_detail", args=[chain.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for index in range(15):
        member_enterprise(chain, world.area_a, f"企业{index}", org=world.org_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
