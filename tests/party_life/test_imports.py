"""Imports of meetings and dues payments: the same services as the pages, one bad row imports nothing and is
named by its row and reason."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import imports
from core.choices import ImportStatus
from party_life.choices import DuesCategory
from party_life.models import Attendance, DuesPayment, Meeting
from party_life.resources.imports import DuesPaymentImportResource, MeetingImportResource
from party_life.services import dues as dues_services
from scoring.models import PointEntry

pytestmark = pytest.mark.usefixtures("_today")
MEETING_HEADERS = [
    "党组织",
    "会议类型",
    "党小组",
    "召开日期",
    "地点",
    "主题",
    "书记讲党课",
    "出席党员",
    "请假党员",
    "缺席党员",
    "会议记录",
]
DUES_HEADERS = ["身份证号", "姓名", "所属月份", "金额（元）", "缴纳日期", "摘要"]


def xlsx(headers, rows, name="导入.xlsx"):
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def run(user, key, upload):
    job = imports.import_job_create(user=user, resource_key=key, uploaded_file=upload)
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    return job


def commit(job):
    imports.import_job_commit(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    return job


def meeting_row(org, present, *, leave="", absent="", held_on="2025-05-10", topic="学习党章", kind="主题党日"):
    return [org.name, kind, None, held_on, "党员活动室", topic, None, present, leave, absent, None]


def test_meetings_import_with_their_attendance_and_earn_points_like_the_page(world, secretary, members_a, study_rule):
    a, b, c = members_a
    job = run(
        secretary,
        "party-life-meetings",
        xlsx(MEETING_HEADERS, [meeting_row(world.org_a, f"{a.name}、{b.name}", leave=f"{c.name}：出差")]),
    )
    assert job.status == ImportStatus.VALIDATED, job.errors
    assert not Meeting.objects.exists()  # the preview writes nothing
    commit(job)
    meeting = Meeting.objects.get()
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person__name", "status"))
    assert statuses == {a.name: "present", b.name: "present", c.name: "leave"}
    assert PointEntry.objects.filter(person__in=[a, b], rule=study_rule).count() == 2


def test_one_bad_meeting_row_imports_nothing_and_names_the_row_and_reason(world, secretary, members_a, study_rule):
    a, b, c = members_a
    good = meeting_row(world.org_a, f"{a.name}、{b.name}、{c.name}")
    missing = meeting_row(world.org_a, f"{a.name}、{b.name}", topic="第二次")  # c named nowhere: the service refuses
    no_reason = meeting_row(world.org_a, f"{a.name}、{b.name}", leave=c.name, topic="第三次")
    future = meeting_row(world.org_a, f"{a.name}、{b.name}、{c.name}", held_on="2025-06-01", topic="第四次")
    job = run(secretary, "party-life-meetings", xlsx(MEETING_HEADERS, [good, missing, no_reason, future]))
    assert job.status == ImportStatus.INVALID
    by_row = {e["row"]: e["message"] for e in job.errors}
    assert "请为每位应到党员选择出席情况" in by_row[3] and c.name in by_row[3]
    assert "请假事由" in by_row[4]
    assert "召开日期不能晚于今天" in by_row[5]
    assert 2 not in by_row
    assert not Meeting.objects.exists() and not PointEntry.objects.exists()


def test_another_organisations_meeting_cannot_be_imported(world, other_secretary, members_a):
    job = run(
        other_secretary, "party-life-meetings", xlsx(MEETING_HEADERS, [meeting_row(world.org_a, members_a[0].name)])
    )
    assert job.status == ImportStatus.INVALID
    assert "不在您的管理范围内" in job.errors[0]["message"] and job.errors[0]["row"] == 2


def test_dues_import_through_the_service_and_a_paid_month_stops_the_file(world, secretary, members_a):
    a, b, _c = members_a
    for person in (a, b):
        dues_services.dues_base_set(
            by=secretary, person=person, year=2025, category=DuesCategory.EMPLOYED, monthly_income=Decimal("3000")
        )
    dues_services.dues_payment_record(by=secretary, person=b, month=date(2025, 3, 1))
    rows = [
        [a.id_number, a.name, "2025-04", None, "2025-05-02", None],
        [a.id_number, a.name, "2025年3月", "20.00", None, "补缴"],
        [b.id_number, b.name, "2025-03", None, None, None],  # already paid: refused by the service
        ["110101199003079999", "无此人", "2025-04", None, None, None],
    ]
    job = run(secretary, "party-life-dues", xlsx(DUES_HEADERS, rows))
    assert job.status == ImportStatus.INVALID
    by_row = {e["row"]: e["message"] for e in job.errors}
    assert set(by_row) == {4, 5}
    assert "2025年03月的党费已缴纳" in by_row[4]
    assert "不是您管理范围内的党员" in by_row[5]
    assert DuesPayment.objects.count() == 1
    commit(run(secretary, "party-life-dues", xlsx(DUES_HEADERS, rows[:2])))
    lines = dict(DuesPayment.objects.filter(person=a).values_list("month", "amount"))
    assert lines == {date(2025, 4, 1): Decimal("15.00"), date(2025, 3, 1): Decimal("20.00")}


@pytest.mark.parametrize("resource", [MeetingImportResource, DuesPaymentImportResource])
def test_the_templates_carry_instructions_and_drop_downs(resource, secretary):
    book = openpyxl.load_workbook(io.BytesIO(resource(user=secretary).template_workbook(title="导入")))
    assert imports.INSTRUCTIONS_SHEET in book.sheetnames
    if resource is MeetingImportResource:
        validations = book.worksheets[0].data_validations.dataValidation
        assert validations, "会议类型 offers a drop-down"
