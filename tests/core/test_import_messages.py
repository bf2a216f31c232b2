"""What every import says and forgives: a file that is no spreadsheet, wrong headers, a repeated row, text in a
number column, several problems on one row, and what Excel users type (spaces, full-width characters, dates)."""

import io
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core import imports
from core.choices import ImportStatus
from core.models import ImportJob
from members.models import Person
from members.validators import id_check_char
from organizations.demo.entities import credit_code
from organizations.models import Entity, Instructor, InstructorAssignment, MassOrganization, PartyOrganization
from scoring.models import PointEntry
from tests.scoring.factories import make_handbook, make_person

KEYS = [
    "party-organizations",
    "entities",
    "people",
    "survey-records",
    "scoring-points",
    "mass-organizations",
    "instructors",
    "instructor-assignments",
    "accounts",
    "venues",
    "pairings",
    "liaison-points",
    "stationed-cadres",
    "department-handlers",
    "chain-enterprises",
    "certificates",
    "fund-entries",
    "party-life-meetings",
    "party-life-dues",
    "areas",
    "liaison-visits",
    "stationed-activities",
]


def test_every_import_is_covered_here():
    assert sorted(imports._REGISTRY) == sorted(KEYS)


def workbook(headers, rows, name="导入.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def validate(user, key, upload) -> ImportJob:
    job = imports.import_job_create(user=user, resource_key=key, uploaded_file=upload)
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    return job


def columns(key) -> list[str]:
    return imports.get_import_kind(key).resource_class().template_dataset().headers


def messages(job) -> dict[int | None, str]:
    by_row: dict[int | None, str] = {}
    for error in job.errors:
        by_row[error["row"]] = by_row.get(error["row"], "") + error["message"] + "\n"
    return by_row


@pytest.mark.parametrize("key", KEYS)
def test_a_file_that_is_not_a_spreadsheet_gets_a_chinese_message_not_a_system_error(key, world, county_admin):
    job = validate(county_admin, key, SimpleUploadedFile("台账.xlsx", "这不是表格".encode()))
    assert job.status == ImportStatus.INVALID
    assert job.errors == [{"row": None, "message": imports.NOT_A_WORKBOOK.format(name="台账.xlsx")}]


@pytest.mark.parametrize("key", KEYS)
def test_wrong_headers_name_the_missing_and_the_unknown_columns_in_chinese(key, world, county_admin):
    headers = columns(key)
    required = imports.get_import_kind(key).resource_class().required_columns()
    wrong = [header for header in headers if header != required[0]] + ["类别"]
    job = validate(county_admin, key, workbook(wrong, [["x"] * len(wrong)]))
    assert job.status == ImportStatus.INVALID
    message = job.errors[0]["message"]
    assert f"缺少列“{required[0]}”" in message and "无法识别的列“类别”" in message
    assert not any(word in message for word in ("import_id_fields", "declared", "Entity", "None"))


@pytest.mark.parametrize("key", KEYS)
def test_headers_typed_with_spaces_or_full_width_brackets_are_recognised(key, world, county_admin):
    loose = [f" {header.replace('(', '（').replace(')', '）')} " for header in columns(key)]
    job = validate(county_admin, key, workbook(loose, [["示例"] + [""] * (len(loose) - 1)]))
    # Only the example row: the headers were accepted and the file holds no data.
    assert job.errors == [{"row": None, "message": "文件中没有数据行。"}]


# --- entities --------------------------------------------------------------------------------------

ENTITY = [
    "统一社会信用代码",
    "名称",
    "类型",
    "所属街镇/园区",
    "行业",
    "从业人员数",
    "正式党员数",
    "重点企业",
    "正常经营",
    "覆盖党组织",
]


def entity_row(seed, name, **changes):
    row = dict(
        zip(ENTITY, [credit_code(seed), name, "非公企业", "甲镇", "纺织", 120, 4, "否", "是", None], strict=True)
    )
    row.update(changes)
    return list(row.values())


def test_text_in_a_number_column_names_the_row_and_the_column(world, county_admin):
    rows = [entity_row(21, "甲"), entity_row(22, "乙", 从业人员数="12人"), entity_row(23, "丙", 正式党员数="abc")]
    job = validate(county_admin, "entities", workbook(ENTITY, rows))
    by_row = messages(job)
    assert "从业人员数：应为整数，不能填写“12人”" in by_row[3]
    assert "正式党员数：应为整数，不能填写“abc”" in by_row[4]
    assert "ConversionSyntax" not in str(job.errors)


def test_a_row_with_several_problems_lists_every_one(world, county_admin):
    row = entity_row(24, "多错公司", 类型="个体户", 从业人员数="很多", 覆盖党组织="不存在的支部")
    job = validate(county_admin, "entities", workbook(ENTITY, [row]))
    text = messages(job)[2]
    assert "类型：“个体户”不是有效选项" in text
    assert "从业人员数：应为整数" in text
    assert "覆盖党组织：找不到覆盖党组织“不存在的支部”" in text


def test_a_blank_area_is_a_chinese_required_message_not_a_library_error(world, county_admin):
    job = validate(county_admin, "entities", workbook(ENTITY, [entity_row(25, "无区公司", **{"所属街镇/园区": None})]))
    assert job.errors == [{"row": 2, "message": "所属街镇/园区：必须填写"}]


def test_an_entity_repeated_inside_the_file_is_a_repeat(world, county_admin):
    job = validate(
        county_admin, "entities", workbook(ENTITY, [entity_row(26, "甲"), entity_row(27, "乙"), entity_row(26, "甲")])
    )
    assert job.errors == [{"row": 4, "message": "与第 2 行重复（统一社会信用代码相同）"}]
    assert not Entity.objects.exists()


def test_a_credit_code_typed_with_spaces_or_full_width_characters_is_normalised(world, county_admin):
    code = credit_code(28)
    typed = " " + code[:6] + " " + "".join(chr(ord(c) + 0xFEE0) for c in code[6:]).lower() + "　"
    job = validate(county_admin, "entities", workbook(ENTITY, [entity_row(28, "全角公司", 统一社会信用代码=typed)]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    assert Entity.objects.get().credit_code == code


def test_rows_are_numbered_as_excel_shows_them_past_blank_and_example_rows(world, county_admin):
    rows = [
        ["示例：91370830XXXXXXXXXX", "示例公司", "非公企业", "甲镇"],
        entity_row(29, "甲"),
        [None] * 10,
        entity_row(30, "乙", 类型="x"),
    ]
    job = validate(county_admin, "entities", workbook(ENTITY, rows))
    assert [error["row"] for error in job.errors] == [5]
    assert job.total_rows == 2


# --- people ----------------------------------------------------------------------------------------


def person_id(birth: date, sequence: int) -> str:
    first17 = f"370830{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


@pytest.fixture
def _june_2025():
    with time_machine.travel("2025-06-15 09:00 +0800", tick=False):
        yield


def person_row(name, number, birth_text, **changes):
    headers = columns("people")
    values = dict.fromkeys(headers)
    values.update(
        {"姓名": name, "性别": "男", "出生日期": birth_text, "身份证号": number, "所在党组织": "甲公司第一党支部"}
    )
    values.update(changes)
    return headers, list(values.values())


@pytest.mark.usefixtures("_june_2025")
def test_people_dates_names_and_numbers_as_excel_users_type_them(world, county_admin):
    number = person_id(date(1990, 1, 2), 101)
    spaced = f" {number[:6]} {number[6:14]} " + "".join(chr(ord(c) + 0xFEE0) for c in number[14:])
    headers, first = person_row("张 三", spaced, "1990年1月2日", 递交入党申请日期="2022.3.1")
    _, second = person_row("李四", person_id(date(1991, 2, 3), 103), datetime(1991, 2, 3), 递交入党申请日期="2022/3/1")
    job = validate(county_admin, "people", workbook(headers, [first, second]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    person = Person.objects.get(id_number=number)
    assert (person.name, person.birth_date, person.applied_on) == ("张三", date(1990, 1, 2), date(2022, 3, 1))


@pytest.mark.usefixtures("_june_2025")
def test_a_person_repeated_inside_the_file_is_a_repeat_not_already_recorded(world, county_admin):
    number = person_id(date(1990, 1, 2), 105)
    headers, row = person_row("张三", number, "1990-01-02", 递交入党申请日期="2022-03-01")
    job = validate(county_admin, "people", workbook(headers, [row, row]))
    assert job.errors == [{"row": 3, "message": "与第 2 行重复（身份证号相同）"}]
    assert "已登记" not in str(job.errors)


@pytest.mark.usefixtures("_june_2025")
def test_a_bad_date_text_names_the_column(world, county_admin):
    headers, row = person_row("王五", person_id(date(1990, 1, 2), 107), "一九九零年")
    job = validate(county_admin, "people", workbook(headers, [row]))
    assert "出生日期：“一九九零年”不是有效日期，请写成 2024-03-01" in messages(job)[2]


# --- points ----------------------------------------------------------------------------------------

POINTS = ["月份", "身份证号", "姓名", "积分事项编号", "次数", "说明"]


@pytest.fixture
def members(world):
    with time_machine.travel("2025-05-25 09:00 +0800", tick=False):
        make_handbook()
        people = [make_person(world.org_a, f"甲党员{i}") for i in range(3)]
        yield people


@pytest.mark.parametrize("month", ["2025-05", "2025年5月", "2025/5", "2025.05", "２０２５－０５", datetime(2025, 5, 1)])
def test_the_points_month_is_read_from_the_usual_forms(month, members, secretary):
    row = [month, members[0].id_number, members[0].name, "XX01", 1, "集中学习"]
    job = validate(secretary, "scoring-points", workbook(POINTS, [row]))
    assert job.status == ImportStatus.VALIDATED, job.errors


def test_a_blank_or_wrong_month_is_named_in_chinese(members, secretary):
    rows = [[None, members[0].id_number, "", "XX01", 1, ""], ["五月", members[1].id_number, "", "XX01", "两次", ""]]
    job = validate(secretary, "scoring-points", workbook(POINTS, rows))
    by_row = messages(job)
    assert "月份：必须填写" in by_row[2]
    assert "月份：“五月”格式不正确" in by_row[3] and "次数：应为整数" in by_row[3]
    assert "None" not in str(job.errors)


def test_a_points_line_repeated_inside_the_file_is_a_repeat(members, secretary):
    row = ["2025-05", members[0].id_number, "", "XX01", 1, "集中学习"]
    job = validate(secretary, "scoring-points", workbook(POINTS, [row, row]))
    assert job.errors == [{"row": 3, "message": "与第 2 行重复（月份、身份证号、积分事项编号、次数、说明相同）"}]
    assert not PointEntry.objects.exists()


# --- Party organisations: one file, any depth, any order --------------------------------------------

ORGS = ["名称", "组织类型", "组建方式", "所属街镇/园区", "上级党组织", "成立日期"]


def test_a_whole_tree_in_one_file_in_any_order_takes_its_area_from_the_parent(world, county_admin):
    rows = [
        ["丙公司第一党小组支部", "党支部", "单独建", None, "丙公司党总支", "2021-05-01"],
        ["丙公司党总支", "党总支", "单独建", None, "丙公司党委", None],
        ["丙镇党委", "党委", None, "乙镇", None, None],
        ["丙公司党委", "党委", "单独建", None, "甲镇党委", "2020年7月1日"],
    ]
    job = validate(county_admin, "party-organizations", workbook(ORGS, rows))
    # 乙镇 has its committee already: only that row is refused, and named by its own Excel row.
    assert [error["row"] for error in job.errors] == [4]
    assert "已有党（工）委" in job.errors[0]["message"]
    job = validate(county_admin, "party-organizations", workbook(ORGS, [r for r in rows if r[0] != "丙镇党委"]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    leaf = PartyOrganization.objects.get(name="丙公司第一党小组支部")
    assert [o.name for o in PartyOrganization.objects.get_ancestors(leaf)] == ["甲镇党委", "丙公司党委", "丙公司党总支"]
    assert leaf.area == world.area_a and leaf.founded_on == date(2021, 5, 1)


def test_an_area_committee_needs_its_area_and_others_need_none(world, county_admin):
    rows = [["新党委", "党委", None, None, None, None]]
    job = validate(county_admin, "party-organizations", workbook(ORGS, rows))
    assert job.errors == [
        {"row": 2, "message": "所属街镇/园区：街镇/园区党（工）委必须填写所属街镇/园区；其他党组织请填写上级党组织。"}
    ]
    assert "不能为 null" not in str(job.errors)


def test_an_area_that_disagrees_with_the_parent_is_named(world, county_admin):
    rows = [["甲公司第五党支部", "党支部", "单独建", "乙镇", "甲公司党委", None]]
    job = validate(county_admin, "party-organizations", workbook(ORGS, rows))
    assert "与上级党组织“甲公司党委”所属的甲镇不一致" in job.errors[0]["message"]


# --- templates a clerk can fill in without training -------------------------------------------------


def template(client, key):
    from django.urls import reverse

    response = client.get(reverse("core:import_template", args=[key]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("key", KEYS)
def test_every_template_explains_itself_and_offers_drop_downs(key, world, county_admin, as_user):
    book = template(as_user(county_admin), key)
    sheet, guide = book.worksheets[0], book[imports.INSTRUCTIONS_SHEET]
    label = imports.get_import_kind(key).label
    assert sheet.title == label and sheet.title != "Tablib Dataset"
    headers = [cell.value for cell in sheet[1]]
    assert headers == columns(key)
    assert sheet.freeze_panes == "A2"
    assert str(sheet.cell(row=2, column=1).value).startswith("示例")
    assert all(sheet.column_dimensions[chr(65 + i)].width >= 12 for i in range(len(headers)))
    described = {row[0].value: [cell.value for cell in row] for row in guide.iter_rows(min_row=6)}
    assert set(described) == set(headers)
    assert all(entry[1] and entry[2] in {"必填", "选填"} and entry[3] for entry in described.values())
    resource = imports.get_import_kind(key).resource_class(user=county_admin)
    for column, values in resource.template_choices().items():
        letter = chr(65 + headers.index(column))
        assert any(f"{letter}2:{letter}5000" in str(v.sqref) for v in sheet.data_validations.dataValidation), column
        assert described[column][4] == "、".join(values)
    assert book["选项"].sheet_state == "hidden"


def test_the_party_organisation_template_drops_down_kinds_methods_and_areas(world, county_admin, as_user):
    book = template(as_user(county_admin), "party-organizations")
    described = {row[0].value: row[4].value for row in book[imports.INSTRUCTIONS_SHEET].iter_rows(min_row=6)}
    assert described["组织类型"].startswith("党委、") and described["所属街镇/园区"] == "甲镇、乙镇"
    assert described["组建方式"] == "单独建、联合建、兜底建"


@pytest.mark.parametrize("key", KEYS)
def test_a_template_uploaded_with_only_its_example_row_imports_nothing(key, world, county_admin, as_user):
    from django.urls import reverse

    content = as_user(county_admin).get(reverse("core:import_template", args=[key])).content
    job = validate(county_admin, key, SimpleUploadedFile("模板.xlsx", content))
    assert job.errors == [{"row": None, "message": "文件中没有数据行。"}]


def test_a_filled_in_template_imports_below_its_example_row(world, county_admin, as_user):
    from django.urls import reverse

    content = as_user(county_admin).get(reverse("core:import_template", args=["party-organizations"])).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    book.worksheets[0].append(["甲公司第六党支部", "党支部", "单独建", None, "甲公司党委", "2020-07-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = validate(county_admin, "party-organizations", SimpleUploadedFile("党组织.xlsx", buffer.getvalue()))
    assert job.status == ImportStatus.VALIDATED, job.errors
    assert job.total_rows == 1
    assert job.preview[0]["row"] == 3


# --- mass organisations, instructors and their assignments -------------------------------------------


@pytest.fixture
def entity_a(world):
    from tests.factories import make_entity

    entity = make_entity(world.area_a, "甲纺织有限公司", org=world.org_a_child)
    entity.credit_code = credit_code(41)
    entity.save()
    return entity


MASS = ["经营主体统一社会信用代码", "类型", "名称", "成立日期"]


def test_mass_organisations_import_all_or_nothing_naming_the_bad_row(entity_a, county_admin):
    good = [credit_code(41), "工会", "甲纺织有限公司工会委员会", "2019年5月4日"]
    unknown = [credit_code(42), "团支部", "甲纺织团支部", None]
    rows = [good, unknown, [credit_code(41), "工会", "甲纺织有限公司工会委员会", None]]
    job = validate(county_admin, "mass-organizations", workbook(MASS, rows))
    by_row = messages(job)
    assert "找不到经营主体" in by_row[3] and "“团支部”不是有效选项" in by_row[3]
    assert by_row[4] == "与第 2 行重复（经营主体统一社会信用代码、类型、名称相同）\n"
    assert not MassOrganization.objects.exists()
    job = validate(county_admin, "mass-organizations", workbook(MASS, [good]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    mass = MassOrganization.objects.get()
    assert (mass.entity, mass.kind, str(mass.founded_on)) == (entity_a, "union", "2019-05-04")


INSTRUCTORS = ["姓名", "工作单位", "联系电话", "所属街镇/园区", "“红帆”党建指导员"]


def test_instructors_import_all_or_nothing_naming_the_bad_row(world, county_admin):
    good = ["王 红", "县工信局", 13900001111, "甲镇", "是"]
    rows = [good, ["李明", "", "", "丙镇", "也许"], ["王红", "县工信局", "", "甲镇", "否"]]
    job = validate(county_admin, "instructors", workbook(INSTRUCTORS, rows))
    by_row = messages(job)
    assert "找不到街镇/园区“丙镇”" in by_row[3] and "“也许”应填“是”或“否”" in by_row[3]
    assert by_row[4] == "与第 2 行重复（所属街镇/园区、姓名相同）\n"
    assert not Instructor.objects.exists()
    job = validate(county_admin, "instructors", workbook(INSTRUCTORS, [good]))
    imports.import_job_commit(job_id=job.pk)
    instructor = Instructor.objects.get()
    assert (instructor.name, instructor.phone, instructor.is_red_sail) == ("王红", "13900001111", True)


def test_an_area_reviewer_cannot_import_instructors_into_another_area(world, area_reviewer):
    job = validate(area_reviewer, "instructors", workbook(INSTRUCTORS, [["王红", "", "", "乙镇", "否"]]))
    assert job.status == ImportStatus.INVALID
    assert "只能在您管理的街镇/园区登记指导员" in str(job.errors)
    assert not Instructor.objects.exists()


ASSIGNMENTS = ["指导员姓名", "所属街镇/园区", "经营主体统一社会信用代码", "开始日期"]


def test_assignments_import_all_or_nothing_naming_the_bad_row(entity_a, county_admin):
    Instructor.objects.create(name="王红", area=entity_a.area)
    good = ["王红", "甲镇", credit_code(41), "2024/3/1"]
    rows = [good, ["赵六", "甲镇", credit_code(41), "2024-13-01"], good]
    job = validate(county_admin, "instructor-assignments", workbook(ASSIGNMENTS, rows))
    by_row = messages(job)
    assert "甲镇没有登记指导员“赵六”" in by_row[3] and "开始日期：“2024-13-01”不是有效日期" in by_row[3]
    assert by_row[4].startswith("与第 2 行重复")
    assert not InstructorAssignment.objects.exists()
    job = validate(county_admin, "instructor-assignments", workbook(ASSIGNMENTS, [good]))
    imports.import_job_commit(job_id=job.pk)
    assignment = InstructorAssignment.objects.get()
    assert (assignment.entity, str(assignment.started_on)) == (entity_a, "2024-03-01")


# --- accounts in bulk -------------------------------------------------------------------------------

ACCOUNTS = ["用户名", "姓名", "角色", "所属街镇/园区", "所属党组织", "所属产业链", "所属职能部门"]


def test_accounts_import_all_or_nothing_naming_the_bad_row(world, county_admin):
    from core.models import User

    rows = [
        ["sec_a", "甲书记", "党组织书记", None, "甲公司党委", None, None],
        ["sec_b", "乙书记", "党组织书记", None, None, None, None],
        ["rev_a", "甲审核员", "街镇/园区审核员", "甲镇", "甲公司党委", None, None],
        ["alice", "重名", "县级管理员", None, None, None, None],
        ["sec_a", "甲书记", "党组织书记", None, "甲公司党委", None, None],
    ]
    job = validate(county_admin, "accounts", workbook(ACCOUNTS, rows))
    by_row = messages(job)
    assert "角色“党组织书记”必须指定所属党组织" in by_row[3]
    assert "不需要填写所属党组织" in by_row[4]
    assert "用户名“alice”已被使用" in by_row[5]
    assert by_row[6] == "与第 2 行重复（用户名相同）\n"
    assert User.objects.count() == 1


def test_imported_accounts_get_one_time_passwords_on_slips_and_must_change_them(world, county_admin, as_user, client):
    from django.urls import reverse

    from core.models import User

    rows = [
        ["sec_a", "甲书记", "党组织书记", None, "甲公司党委", None, None],
        ["rev_a", "甲审核员", "街镇/园区审核员", "甲镇", None, None, None],
    ]
    job = validate(county_admin, "accounts", workbook(ACCOUNTS, rows))
    assert job.status == ImportStatus.VALIDATED, job.errors
    assert imports.import_job_commit(job_id=job.pk)
    job.refresh_from_db()
    slips = imports.slips_get(job)
    assert [slip["username"] for slip in slips] == ["sec_a", "rev_a"]
    assert slips[0]["scope"] == "甲公司党委" and slips[1]["scope"] == "甲镇"
    admin = as_user(county_admin)
    assert "打印初始密码条" in admin.get(reverse("core:import_job_detail", args=[job.pk])).content.decode()
    pdf = admin.get(reverse("core:import_job_slips", args=[job.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    secretary = User.objects.get(username="sec_a")
    assert secretary.must_change_password and secretary.party_organization == world.org_a
    response = client.post(reverse("login"), {"username": "sec_a", "password": slips[0]["password"]})
    assert response.status_code == 302, "the slip's password signs in"
    response = client.get(reverse("organizations:entity_list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    new = "Hongse-Yinqing-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": slips[0]["password"], "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert not secretary.must_change_password and secretary.check_password(new)
    assert client.get(reverse("organizations:entity_list")).status_code == 200


def test_only_county_staff_may_import_accounts(world, area_reviewer, as_user):
    from django.urls import reverse

    assert as_user(area_reviewer).get(reverse("core:import_start", args=["accounts"])).status_code == 403
