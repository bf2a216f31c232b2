"""Spreadsheet import: template, preview, all-or-nothing commit, row-numbered Chinese errors, scope."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import imports
from core.choices import ImportStatus
from core.models import ImportJob
from organizations.models import PartyOrganization

HEADERS = ["名称", "组织类型", "组建方式", "所属街镇/园区", "上级党组织", "成立日期"]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("党组织.xlsx", buffer.getvalue())


def run(user, upload) -> ImportJob:
    job = imports.import_job_create(user=user, resource_key="party-organizations", uploaded_file=upload)
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    return job


GOOD = [
    ["甲公司第二党支部", "党支部", "单独建", "甲镇", "甲公司党委", "2020-07-01"],
    ["甲公司第三党支部", "党支部", "单独建", "甲镇", "甲公司党委", None],
]


def test_the_template_has_the_chinese_headers(county_admin, as_user):
    response = as_user(county_admin).get(reverse("core:import_template", args=["party-organizations"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_validation_writes_nothing_and_commit_writes_every_row(world, county_admin):
    before = PartyOrganization.objects.count()
    job = run(county_admin, xlsx(GOOD))
    assert job.status == ImportStatus.VALIDATED, job.errors
    assert (job.total_rows, job.new_rows) == (2, 2)
    assert PartyOrganization.objects.count() == before
    assert imports.import_job_commit(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    created = PartyOrganization.objects.get(name="甲公司第二党支部")
    assert PartyOrganization.objects.get_parent(created) == world.org_a
    assert created.area == world.area_a


def test_one_bad_row_imports_no_row_and_says_which_row_and_why(world, county_admin):
    before = PartyOrganization.objects.count()
    rows = [
        *GOOD,
        ["甲公司第四党支部", "小组", "单独建", "甲镇", "甲公司党委", None],
        [*GOOD[0][:4], "不存在的党委", None],
    ]
    job = run(county_admin, xlsx(rows))
    assert job.status == ImportStatus.INVALID
    by_row = {}
    for error in job.errors:
        by_row[error["row"]] = by_row.get(error["row"], "") + error["message"]
    # Header is row 1, so the third data row is Excel row 4.
    assert "“小组”不是有效选项" in by_row[4]
    assert "组织类型" in by_row[4]
    assert "找不到上级党组织“不存在的党委”" in by_row[5]
    assert PartyOrganization.objects.count() == before
    assert not imports.import_job_commit(job_id=job.pk), "an invalid job must never be committed"
    assert PartyOrganization.objects.count() == before


def test_a_name_twice_in_one_area_inside_the_file_is_refused_naming_the_first_row(world, county_admin):
    job = run(county_admin, xlsx([GOOD[0], ["甲公司第二党支部", "党支部", "联合建", "甲镇", "甲镇党委", None]]))
    # Same area and name under another parent: the second row would silently rewrite the first.
    assert job.status == ImportStatus.INVALID
    assert job.errors == [{"row": 3, "message": "名称：与第 2 行同名：同一街镇/园区内党组织名称不能重复"}]


def test_a_row_repeated_inside_the_file_is_reported_as_a_repeat_not_as_recorded(world, county_admin):
    job = run(county_admin, xlsx([GOOD[0], GOOD[1], GOOD[0]]))
    assert job.status == ImportStatus.INVALID
    assert job.errors == [{"row": 4, "message": "与第 2 行重复（所属街镇/园区、上级党组织、名称相同）"}]


def test_a_secretary_cannot_import_under_an_organisation_outside_its_scope(world, secretary):
    before = PartyOrganization.objects.count()
    job = run(secretary, xlsx([["乙公司第二支部", "党支部", "单独建", "乙镇", "乙公司党支部", None]]))
    assert job.status == ImportStatus.INVALID
    assert "不在您的管理范围内" in job.errors[0]["message"]
    assert PartyOrganization.objects.count() == before


def test_a_secretary_cannot_rewrite_an_existing_organisation_outside_its_scope(world, secretary):
    # 乙公司党支部 exists in area B: the row would update it, but the secretary may not edit it.
    job = run(secretary, xlsx([["乙公司党支部", "党支部", "联合建", "乙镇", "甲公司党委", None]]))
    assert job.status == ImportStatus.INVALID
    world.org_b.refresh_from_db()
    assert world.org_b.establishment_method == "standalone"


def test_a_file_that_is_not_a_spreadsheet_is_refused_at_upload(world, county_admin, as_user):
    response = as_user(county_admin).post(
        reverse("core:import_start", args=["party-organizations"]),
        {"file": SimpleUploadedFile("data.txt", b"hello")},
    )
    assert response.status_code == 200
    assert "只支持 .xlsx 或 .csv 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_gb18030_csv_from_chinese_excel_is_read(world, county_admin):
    text = ",".join(HEADERS) + "\n" + "甲公司第五党支部,党支部,单独建,甲镇,甲公司党委,\n"
    job = run(county_admin, SimpleUploadedFile("党组织.csv", text.encode("gb18030")))
    assert job.status == ImportStatus.VALIDATED, job.errors


def test_an_empty_file_is_reported_not_crashed(world, county_admin):
    job = run(county_admin, xlsx([]))
    assert job.status == ImportStatus.INVALID
    assert job.errors == [{"row": None, "message": "文件中没有数据行。"}]


def test_running_a_job_twice_does_the_work_once(world, county_admin):
    job = run(county_admin, xlsx(GOOD))
    assert imports.import_job_commit(job_id=job.pk) is True
    assert imports.import_job_commit(job_id=job.pk) is False
    assert PartyOrganization.objects.filter(name__in=["甲公司第二党支部", "甲公司第三党支部"]).count() == 2


@pytest.mark.parametrize("persona", ["chain_staff", "dept_handler"])
def test_roles_without_organisations_cannot_open_the_party_organisation_import(persona, request, as_user, world):
    response = as_user(request.getfixturevalue(persona)).get(reverse("core:import_start", args=["party-organizations"]))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_the_page_flow_validates_then_commits_on_confirmation(
    world, county_admin, as_user, django_capture_on_commit_callbacks
):
    client = as_user(county_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:import_start", args=["party-organizations"]), {"file": xlsx(GOOD)})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("core:import_job_detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "校验通过" in page and "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert PartyOrganization.objects.filter(name="甲公司第二党支部").exists()


def test_a_parent_named_on_many_rows_is_looked_up_once_per_file(world, county_admin, django_assert_num_queries):
    from organizations.resources import PartyOrganizationResource

    widget = PartyOrganizationResource(user=county_admin).parent_widget
    row = {"所属街镇/园区": "甲镇"}
    county_admin = type(county_admin).objects.get(pk=county_admin.pk)
    with django_assert_num_queries(1):
        assert widget.clean("甲公司党委", row=row) == world.org_a
        assert widget.clean("甲公司党委", row=row) == world.org_a
    # The same name in another area is another key: never answered from the first area's row.
    with pytest.raises(ValueError, match="找不到上级党组织"):
        widget.clean("甲公司党委", row={"所属街镇/园区": "乙镇"})
