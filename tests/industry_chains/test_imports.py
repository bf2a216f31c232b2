"""Imports of departments with their contacts (部门报到) and of chain member enterprises: all or nothing, each bad
row named with its reason, a row repeated inside the file reported as a repeat, and the services' rules on every
row (who keeps a department or a chain, the dates, the instructors a chain may give). The template,
non-spreadsheet and header checks of every import are in tests/core/test_import_messages.py."""

from datetime import date

import pytest
import time_machine

from core import imports
from core.choices import ImportStatus
from industry_chains.models import ChainEnterprise, Department, DepartmentHandler
from organizations.demo.entities import credit_code
from organizations.models import Instructor
from tests.core.test_import_messages import messages, validate, workbook
from tests.factories import make_entity


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-15 09:00 +0800", tick=False):
        yield


HANDLERS = ["部门名称", "部门简称", "姓名", "职务", "联系电话", "联系产业链", "报到日期"]


def test_departments_and_their_contacts_import_all_or_nothing_naming_the_bad_row(world, chain, county_admin):
    new = ["县 人力资源和社会保障局", "人社局", "钱 进", "副局长", "13800000001", "纺织服装", "2026/3/1"]
    second = ["县人力资源和社会保障局", "", "孙立", "", "", "", "2026年3月2日"]
    bad = ["县人力资源和社会保障局", "", "李四", "", "", "纺织服装、光伏", "2027-01-01"]
    job = validate(county_admin, "department-handlers", workbook(HANDLERS, [new, second, bad, new]))
    by_row = messages(job)
    assert job.status == ImportStatus.INVALID
    assert 2 not in by_row and 3 not in by_row  # the second row names the department the first one adds
    assert "找不到产业链“光伏”" in by_row[4]
    assert by_row[5].startswith("与第 2 行重复")
    assert not Department.objects.filter(name="县人力资源和社会保障局").exists()

    job = validate(county_admin, "department-handlers", workbook(HANDLERS, [new, second]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    department = Department.objects.get(name="县人力资源和社会保障局")
    assert department.short_name == "人社局"
    qian = DepartmentHandler.objects.get(name="钱进")
    assert (qian.department, qian.phone, qian.reported_on) == (department, "13800000001", date(2026, 3, 1))
    assert list(qian.chains.all()) == [chain]
    assert DepartmentHandler.objects.get(name="孙立").department == department

    again = validate(county_admin, "department-handlers", workbook(HANDLERS, [second]))
    assert "已登记报到人员“孙立”" in messages(again)[2]


def test_a_department_handler_imports_contacts_only_for_their_own_department(department, dept_handler):
    own = [department.name, "", "周敏", "科长", "", "", "2026-05-01"]
    new = ["县商务局", "", "吴刚", "", "", "", "2026-05-01"]
    job = validate(dept_handler, "department-handlers", workbook(HANDLERS, [own, new]))
    by_row = messages(job)
    assert 2 not in by_row
    assert "没有职能部门“县商务局”" in by_row[3]
    assert not Department.objects.filter(name="县商务局").exists()

    other = Department.objects.create(name="县商务局")
    job = validate(dept_handler, "department-handlers", workbook(HANDLERS, [own, new]))
    assert "只有县级管理员和县商务局的经办人可以登记报到人员" in messages(job)[3]  # the service's rule
    assert not other.handlers.exists()
    job = validate(dept_handler, "department-handlers", workbook(HANDLERS, [own]))
    imports.import_job_commit(job_id=job.pk)
    assert DepartmentHandler.objects.get().department == department


MEMBERS = ["产业链", "企业统一社会信用代码", "加入日期", "党建指导员"]


def _enterprise(world, number: int, name: str, area=None):
    entity = make_entity(area or world.area_a, name, org=world.org_a)
    entity.credit_code = credit_code(number)
    entity.save()
    return entity


def test_chain_enterprises_import_all_or_nothing_naming_the_bad_row(world, chain, county_admin):
    first = _enterprise(world, 61, "甲纺织有限公司")
    second = _enterprise(world, 62, "乙服饰有限公司", world.area_b)
    wang = Instructor.objects.create(name="王指导员", area=world.area_a)
    good = ["纺织服装", credit_code(61).lower(), "2025/3/1", "王 指导员"]
    rows = [good, ["纺织服装", credit_code(62), "2025-03-01", None], ["光伏", credit_code(69), "", "马指导员"], good]
    job = validate(county_admin, "chain-enterprises", workbook(MEMBERS, rows))
    by_row = messages(job)
    assert job.status == ImportStatus.INVALID
    assert 2 not in by_row and 3 not in by_row
    assert "找不到产业链“光伏”" in by_row[4] and "找不到企业" in by_row[4] and "加入日期：必须填写" in by_row[4]
    assert by_row[5].startswith("与第 2 行重复")
    assert not ChainEnterprise.objects.exists()

    job = validate(county_admin, "chain-enterprises", workbook(MEMBERS, rows[:2]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    members = list(ChainEnterprise.objects.order_by("duty_order"))
    assert [(m.entity, m.instructor, m.joined_on, m.duty_order) for m in members] == [
        (first, wang, date(2025, 3, 1), 1),
        (second, None, date(2025, 3, 1), 2),
    ]
    again = validate(county_admin, "chain-enterprises", workbook(MEMBERS, [good]))
    assert "已是该产业链的成员企业" in messages(again)[2]


def test_chain_enterprises_import_keeps_the_instructor_rule_and_the_chain_keepers(world, chain, chain_staff):
    _enterprise(world, 71, "甲纺织有限公司")
    Instructor.objects.create(name="赵指导员", area=world.area_b)
    other_chain = type(chain).objects.create(name="装备制造", committee_name="装备制造产业链党委")
    rows = [["纺织服装", credit_code(71), "2025-03-01", "赵指导员"], ["装备制造", credit_code(71), "2025-03-01", ""]]
    job = validate(chain_staff, "chain-enterprises", workbook(MEMBERS, rows))
    by_row = messages(job)
    # enterprise_instructor_check's rule: another area's instructor is not offered to chain staff.
    assert "“赵指导员”不在可选的党建指导员之列" in by_row[2]
    assert "只有县级管理员和“装备制造”产业链党委工作人员可以维护" in by_row[3]
    assert not ChainEnterprise.objects.exists() and not other_chain.enterprises.exists()


def test_the_list_pages_offer_the_imports_to_those_who_may_add(
    as_user, world, chain, chain_staff, dept_handler, secretary
):
    from django.urls import reverse

    def page(user, name):
        response = as_user(user).get(reverse(f"industry_chains:{name}"))
        assert response.status_code == 200
        return response.content.decode()

    chain_import = reverse("core:import_start", args=["chain-enterprises"])
    handler_import = reverse("core:import_start", args=["department-handlers"])
    assert chain_import in page(chain_staff, "chainenterprise_list")
    assert chain_import not in page(secretary, "chainenterprise_list")
    assert handler_import in page(dept_handler, "departmenthandler_list")
    assert handler_import not in page(chain_staff, "departmenthandler_list")
    # The button leads somewhere: a chain with no member yet and a department with no contact yet may import.
    assert as_user(chain_staff).get(chain_import).status_code == 200
    assert as_user(dept_handler).get(handler_import).status_code == 200
    assert as_user(secretary).get(chain_import).status_code == 403
