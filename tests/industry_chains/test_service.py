"""党建惠企: department handlers, the 红领专家 team and visits, the policy package, recorded results."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from industry_chains.models import DepartmentHandler, EnterpriseResult, Policy
from industry_chains.selectors.service import policies_for
from industry_chains.services import service
from tests.factories import IndustryChainFactory


def publish(by, department, title, **extra):
    data = {
        "title": title,
        "issuing_department": department,
        "category": "finance",
        "summary": "要点",
        "valid_from": date(2025, 1, 1),
    }
    return service.policy_publish(by=by, **{**data, **extra})


def test_a_department_reports_its_own_handlers_only(dept_handler, department, co_department, chain):
    handler = service.handler_report(
        by=dept_handler, department=department, name="孙经办", reported_on=date(2025, 3, 1), chains=[chain]
    )
    assert list(handler.chains.all()) == [chain]
    with pytest.raises(ValidationError, match="县人力资源和社会保障局的经办人"):
        service.handler_report(by=dept_handler, department=co_department, name="钱某", reported_on=date(2025, 3, 1))
    assert DepartmentHandler.objects.count() == 1


def test_a_policy_applies_to_an_enterprise_by_chain_validity_and_size(county_admin, department, chain, enterprise):
    enterprise.entity.staff_count = 120
    enterprise.entity.save()
    other_chain = IndustryChainFactory(name="高端化工")
    everyone = publish(county_admin, department, "全县技改贴息")
    mine = publish(county_admin, department, "纺织贷", chains=[chain])
    publish(county_admin, department, "化工专项", chains=[other_chain])
    publish(county_admin, department, "已过期", valid_until=date(2025, 6, 30))
    publish(county_admin, department, "规上企业奖励", min_staff=300)
    found = set(policies_for(entity=enterprise.entity, on=date(2025, 9, 1)))
    assert found == {everyone, mine}


def test_an_enterprise_browses_the_policies_that_apply_to_it(
    as_user, secretary, county_admin, department, chain, enterprise
):
    publish(county_admin, department, "纺织贷", chains=[chain])
    publish(county_admin, department, "化工专项", chains=[IndustryChainFactory(name="高端化工")])
    client = as_user(secretary)
    page = client.get(reverse("industry_chains:policy_list")).content.decode()
    assert f"?applies_to={enterprise.entity.pk}" in page
    page = client.get(reverse("industry_chains:policy_list") + f"?applies_to={enterprise.entity.pk}").content.decode()
    assert "纺织贷" in page and "化工专项" not in page


def test_a_policy_valid_until_before_it_starts_is_refused(county_admin, department):
    with pytest.raises(ValidationError, match="有效期至不能早于生效日期"):
        publish(county_admin, department, "倒挂", valid_until=date(2024, 1, 1))
    assert not Policy.objects.exists()


def test_only_the_issuing_department_publishes_its_policies(dept_handler, co_department, secretary):
    for user in (dept_handler, secretary):
        with pytest.raises(ValidationError, match="可以发布该部门的政策"):
            publish(user, co_department, "越权政策")


def test_a_loan_result_needs_its_amount(chain_staff, enterprise):
    with pytest.raises(ValidationError, match="须填写金额"):
        service.result_record(
            by=chain_staff, enterprise=enterprise, kind="loan", title="休闲服饰贷", achieved_on=date(2025, 1, 5)
        )
    result = service.result_record(
        by=chain_staff,
        enterprise=enterprise,
        kind="loan",
        title="休闲服饰贷",
        achieved_on=date(2025, 1, 5),
        amount=Decimal("20000"),
    )
    assert result.amount == Decimal("20000")
    service.result_record(
        by=chain_staff, enterprise=enterprise, kind="title", title="专精特新“小巨人”企业", achieved_on=date(2025, 1, 5)
    )
    assert EnterpriseResult.objects.count() == 2


def test_expert_visits_are_recorded_by_the_chains_keepers(chain_staff, secretary, county_admin, enterprise):
    expert = service.expert_add(by=county_admin, name="周专家", unit="县委党校", specialty="党建业务")
    visit = service.visit_record(
        by=chain_staff, expert=expert, enterprise=enterprise, visited_on=date(2025, 2, 1), topic="规范党支部建设"
    )
    assert visit.pk
    with pytest.raises(ValidationError, match="产业链党委工作人员可以维护"):
        service.visit_record(
            by=secretary, expert=expert, enterprise=enterprise, visited_on=date(2025, 2, 1), topic="越权"
        )
    with pytest.raises(ValidationError, match="县级管理员登记"):
        service.expert_add(by=chain_staff, name="无链专家", unit="某单位", specialty="财务")


def test_phone_numbers_are_masked_in_the_handler_export(as_user, county_admin, department):
    service.handler_report(
        by=county_admin, department=department, name="孙经办", phone="13812345678", reported_on=date(2025, 3, 1)
    )
    response = as_user(county_admin).get(reverse("industry_chains:departmenthandler_list") + "?format=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "13812345678" not in values
    assert any(isinstance(v, str) and v.startswith("138") and "*" in v for v in values)
