"""The whole-county export: one workbook per area with that area's rows only, a county-level workbook,
personal data masked unless asked for, county staff only, safe to run twice, progress per area, and a fixed
number of queries per sheet whatever the number of rows."""

import io
import uuid
import zipfile
from collections import defaultdict
from datetime import date
from itertools import count

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import archive
from core.choices import Role
from core.models import Job, User
from industry_chains.models import DepartmentHandler
from members.choices import Gender, Stage
from members.models import Person
from members.validators import id_check_char
from organizations.models import Area
from tests.factories import UserFactory, make_entity

_serial = count(1)


def make_person(org, name: str, phone: str = "13812345678") -> Person:
    first17 = f"37083019850101{next(_serial) % 1000:03d}"
    return Person.objects.create(
        name=name,
        gender=Gender.MALE if int(first17[16]) % 2 else Gender.FEMALE,
        birth_date=date(1985, 1, 1),
        id_number=first17 + id_check_char(first17),
        phone=phone,
        party_organization=org,
        stage=Stage.FULL,
    )


@pytest.fixture
def records(world, chain, department):
    """A person and an entity in each area, and a department's contact (a county-level record)."""
    return {
        "person_a": make_person(world.org_a_child, "甲党员", phone="13800001111"),
        "person_b": make_person(world.org_b, "乙党员", phone="13900002222"),
        "entity_a": make_entity(world.area_a, "甲镇纺织公司", org=world.org_a),
        "entity_b": make_entity(world.area_b, "乙镇机械公司", org=world.org_b),
        "handler": DepartmentHandler.objects.create(
            department=department, name="王经办", phone="13700003333", reported_on=date(2025, 1, 1)
        ),
    }


def build(user, *, full=False) -> tuple[str, dict]:
    job_id = archive.archive_start(by=user, full=full)
    assert archive.archive_build(job_id=job_id) is True
    return job_id, archive.archive_job_get(job_id)


def workbooks(job: dict) -> dict[str, openpyxl.Workbook]:
    """The zip's workbooks by name without the number prefix and suffix (甲镇, 乙镇, 县级)."""
    with default_storage.open(job["path"], "rb") as file:
        content = file.read()
    books = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive_file:
        for name in archive_file.namelist():
            label = name.split("_", 1)[1].removesuffix(".xlsx")
            books[label] = openpyxl.load_workbook(io.BytesIO(archive_file.read(name)))
    return books


def column(book: openpyxl.Workbook, sheet: str, header: str) -> list:
    rows = list(book[sheet].iter_rows(values_only=True))
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


# --- content ---------------------------------------------------------------------------------------


def test_each_areas_workbook_holds_that_areas_rows_and_not_anothers(records, county_admin):
    _job_id, job = build(county_admin)
    books = workbooks(job)
    assert set(books) == {"甲镇", "乙镇", "县级"}
    assert column(books["甲镇"], "人员", "姓名") == ["甲党员"]
    assert column(books["乙镇"], "人员", "姓名") == ["乙党员"]
    assert column(books["甲镇"], "经营主体", "名称") == ["甲镇纺织公司"]
    assert column(books["乙镇"], "经营主体", "名称") == ["乙镇机械公司"]
    assert {"甲公司党委", "甲公司第一党支部"} <= set(column(books["甲镇"], "党组织", "名称"))
    assert "乙公司党支部" not in column(books["甲镇"], "党组织", "名称")
    assert "乙公司党支部" in column(books["乙镇"], "党组织", "名称")
    assert column(books["甲镇"], "街镇园区", "名称") == ["甲镇"]


def test_every_area_workbook_has_a_sheet_per_kind_of_area_record_with_the_resources_headers(records, county_admin):
    _job_id, job = build(county_admin)
    book = workbooks(job)["甲镇"]
    assert book.sheetnames == ["说明", *(sheet.sheet_title for sheet in archive.area_sheets())]
    for sheet in archive.area_sheets():
        headers = list(next(book[sheet.sheet_title].iter_rows(values_only=True)))
        assert headers == sheet.resource_class(user=county_admin).get_export_headers(), sheet.title


def test_county_level_records_go_into_the_county_workbook_only(records, county_admin, chain, department):
    _job_id, job = build(county_admin)
    books = workbooks(job)
    county = books["县级"]
    assert column(county, "产业链", "产业链") == ["纺织服装"]
    assert column(county, "部门报到人员", "姓名") == ["王经办"]
    assert "产业链" not in books["甲镇"].sheetnames
    # Area records all have an area here, so the county workbook carries none of their sheets.
    assert "人员" not in county.sheetnames


def test_area_records_without_an_area_go_into_the_county_workbook(world, county_admin):
    from scoring.choices import PostingKind
    from scoring.models import Posting

    Posting.objects.create(
        title="县级公示",
        kind=PostingKind.choices[0][0],
        subject="2025-01",
        published_on=date(2025, 1, 1),
        start_on=date(2025, 1, 1),
        end_on=date(2025, 1, 8),
    )
    _job_id, job = build(county_admin)
    books = workbooks(job)
    assert column(books["县级"], "公示", "标题") == ["县级公示"]
    assert column(books["甲镇"], "公示", "标题") == []


def test_sheet_titles_fit_excels_limit_and_are_unique():
    titles = [sheet.sheet_title for sheet in archive.SHEETS]
    assert len(titles) == len(set(titles))
    assert all(len(title) <= 31 and not set(title) & set("[]:*?/\\") for title in titles)
    assert archive.Sheet("街镇/园区" + "长" * 40, "x.y").sheet_title == ("街镇、园区" + "长" * 40)[:31]


def test_a_cell_starting_with_an_equals_sign_stays_text(world, county_admin):
    make_entity(world.area_a, "=HYPERLINK(1)")
    _job_id, job = build(county_admin)
    sheet = workbooks(job)["甲镇"]["经营主体"]
    cell = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"


# --- personal data ---------------------------------------------------------------------------------


def test_id_numbers_and_phones_are_masked_by_default(records, county_admin):
    _job_id, job = build(county_admin)
    books = workbooks(job)
    person = records["person_a"]
    assert column(books["甲镇"], "人员", "身份证号") == [f"{person.id_number[:4]}{'*' * 12}{person.id_number[-2:]}"]
    assert column(books["甲镇"], "人员", "联系电话") == ["138****1111"]
    assert column(books["县级"], "部门报到人员", "联系电话") == ["137****3333"]
    assert "已脱敏" in dict(books["甲镇"]["说明"].iter_rows(min_row=2, values_only=True))["个人信息"]
    assert job["full"] is False


def test_the_county_admin_may_ask_for_personal_data_in_full_and_the_job_says_who_asked(
    records, county_admin, as_user, django_capture_on_commit_callbacks
):
    client = as_user(county_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:archive_start"), {"full": "on"})
    job_id = response["Location"].rstrip("/").split("/")[-1]
    job = archive.archive_job_get(job_id)
    assert job["status"] == "done" and job["full"] is True
    assert job["requested_by"] == "县管理员（alice）"
    books = workbooks(job)
    assert column(books["甲镇"], "人员", "身份证号") == [records["person_a"].id_number]
    assert column(books["甲镇"], "人员", "联系电话") == ["13800001111"]
    assert column(books["县级"], "部门报到人员", "联系电话") == ["13700003333"]
    assert dict(books["甲镇"]["说明"].iter_rows(min_row=2, values_only=True))["导出人"] == "县管理员（alice）"
    page = client.get(reverse("core:archive_job_detail", args=[job_id])).content.decode()
    assert "包含完整身份证号和联系电话" in page and "县管理员（alice）" in page


def test_without_the_checkbox_the_export_from_the_page_is_masked(records, county_admin, as_user):
    response = as_user(county_admin).post(reverse("core:archive_start"))
    job = archive.archive_job_get(response["Location"].rstrip("/").split("/")[-1])
    assert job["full"] is False and job["status"] == "waiting"


# --- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["area_reviewer", "secretary", "other_secretary", "chain_staff", "dept_handler"])
def test_other_roles_are_refused_the_start_page_and_cannot_start_an_export(persona, request, as_user):
    user = request.getfixturevalue(persona)
    client = as_user(user)
    assert client.get(reverse("core:archive_start")).status_code == 403
    assert client.post(reverse("core:archive_start"), {"full": "on"}).status_code == 403
    with pytest.raises(ValidationError, match="没有权限"):
        archive.archive_start(by=user)


def test_another_users_job_is_a_404_even_for_another_county_admin(records, county_admin, as_user):
    job_id, _job = build(county_admin)
    other = UserFactory(username="carol", name="另一位县管理员", role=Role.COUNTY_ADMIN)
    for name in ("core:archive_job_detail", "core:archive_job_status", "core:archive_job_download"):
        assert as_user(other).get(reverse(name, args=[job_id])).status_code == 404
        assert as_user(county_admin).get(reverse(name, args=[job_id])).status_code == 200
    assert as_user(county_admin).get(reverse("core:archive_job_detail", args=["nope"])).status_code == 404


def test_a_job_whose_owner_lost_the_county_role_fails_without_writing_a_file(records, world, county_admin):
    job_id = archive.archive_start(by=county_admin)
    county_admin.role = Role.AREA_REVIEWER
    county_admin.area = world.area_a
    county_admin.save()
    assert archive.archive_build(job_id=job_id) is False
    job = archive.archive_job_get(job_id)
    assert job["status"] == "failed"
    assert not default_storage.exists(archive.archive_file_path(job_id))


# --- jobs ------------------------------------------------------------------------------------------


def test_running_a_job_twice_keeps_the_one_finished_archive(records, county_admin):
    job_id, job = build(county_admin)
    with default_storage.open(job["path"], "rb") as file:
        first = file.read()
    assert archive.archive_build(job_id=job_id) is False
    assert archive.archive_job_get(job_id) == job
    assert default_storage.listdir("archives")[1] == [f"{job_id}.zip"]
    with default_storage.open(job["path"], "rb") as file:
        assert file.read() == first


def test_a_job_already_being_built_is_not_built_a_second_time_at_once(records, county_admin, other_worker):
    job_id = archive.archive_start(by=county_admin)
    with other_worker(f"job:{uuid.UUID(job_id)}"):
        assert archive.archive_build(job_id=job_id) is False
        assert archive.archive_job_get(job_id)["status"] == "waiting"
    assert archive.archive_build(job_id=job_id) is True


def test_a_failed_job_can_be_run_again(records, county_admin, monkeypatch):
    job_id = archive.archive_start(by=county_admin)
    real = archive.workbook_build

    def broken(**kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(archive, "workbook_build", broken)
    with pytest.raises(RuntimeError):
        archive.archive_build(job_id=job_id)
    assert archive.archive_job_get(job_id)["status"] == "failed"
    assert "磁盘已满" in archive.archive_job_get(job_id)["error"]
    monkeypatch.setattr(archive, "workbook_build", real)
    assert archive.archive_build(job_id=job_id) is True
    assert archive.archive_job_get(job_id)["status"] == "done"


def test_progress_counts_the_areas_done_out_of_all_workbooks(records, county_admin, monkeypatch):
    job_id = archive.archive_start(by=county_admin)
    assert archive.archive_job_get(job_id)["total"] == 3  # two areas and the county workbook
    seen = []
    real = archive.workbook_build

    def watched(**kwargs):
        job = archive.archive_job_get(job_id)
        seen.append((job["status"], job["done"], job["total"], job["current"]))
        return real(**kwargs)

    monkeypatch.setattr(archive, "workbook_build", watched)
    archive.archive_build(job_id=job_id)
    assert seen == [("running", 0, 3, "甲镇"), ("running", 1, 3, "乙镇"), ("running", 2, 3, "县级")]
    job = archive.archive_job_get(job_id)
    assert (job["status"], job["done"], job["total"]) == ("done", 3, 3)
    assert [(book["name"], book["rows"] > 0) for book in job["workbooks"]] == [
        ("甲镇", True),
        ("乙镇", True),
        ("县级", True),
    ]


def test_the_status_card_polls_while_running_and_offers_the_download_when_done(records, county_admin, as_user):
    client = as_user(county_admin)
    job_id = archive.archive_start(by=county_admin)
    Job.objects.filter(pk=job_id).update(status="running", done=1, current="乙镇")
    status_url = reverse("core:archive_job_status", args=[job_id])
    running = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{status_url}"' in running
    assert "1 / 3" in running and "正在导出：乙镇" in running
    assert reverse("core:archive_job_download", args=[job_id]) not in running
    assert client.get(reverse("core:archive_job_download", args=[job_id])).status_code == 404
    Job.objects.filter(pk=job_id).update(status="interrupted")  # its worker died: the sweeper sends it again
    archive.archive_build(job_id=job_id)
    done = client.get(status_url).content.decode()
    assert "hx-get" not in done
    assert reverse("core:archive_job_download", args=[job_id]) in done
    response = client.get(reverse("core:archive_job_download", args=[job_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "filename*=utf-8''%E5%85%A8%E5%8E%BF" in response["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None


def test_the_start_page_lists_the_users_recent_exports(records, county_admin, as_user):
    job_id, _job = build(county_admin)
    page = as_user(county_admin).get(reverse("core:archive_start")).content.decode()
    assert reverse("core:archive_job_detail", args=[job_id]) in page
    assert "已完成" in page


# --- queries -----------------------------------------------------------------------------------------


def _more_records(world, n: int) -> None:
    for index in range(n):
        make_person(world.org_a_child, f"甲党员{index}")
        make_entity(world.area_a, f"甲镇企业{index}", org=world.org_a)


def test_an_areas_workbook_costs_the_same_queries_whatever_the_number_of_rows(
    records, world, county_admin, django_assert_max_num_queries
):
    job = {"full": False, "requested_by": "x", "requested_at": "x"}

    def queries() -> int:
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            archive.workbook_build(user=county_admin, job=job, area=world.area_a)
        return len(context)

    few = queries()
    _more_records(world, 30)
    assert queries() == few
    with django_assert_max_num_queries(len(archive.area_sheets()) + 4):
        archive.workbook_build(user=county_admin, job=job, area=world.area_a)


def test_every_sheet_of_the_demo_county_costs_the_same_few_queries_in_every_area(db):
    """On the demo county every kind of record has rows in several areas of different sizes."""
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(username="county_admin")
    counts: dict[str, set[int]] = defaultdict(set)
    for area in [*Area.objects.all(), None]:  # None: the area records that belong to no area
        for sheet in archive.area_sheets():
            queryset = archive.sheet_queryset(sheet, user=user, area=area, county=area is None)
            reset_queries()  # the log holds 9,000 queries at most: a full one would count nothing
            with CaptureQueriesContext(connection) as context:
                _headers, rows = archive.sheet_rows(sheet, queryset, user=user, full=False)
            if rows:
                counts[sheet.title].add(len(context))
    for sheet in archive.county_sheets():
        queryset = archive.sheet_queryset(sheet, user=user, county=True)
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            _headers, rows = archive.sheet_rows(sheet, queryset, user=user, full=False)
        assert rows, sheet.title
        counts[sheet.title].add(len(context))
    assert set(counts) == {sheet.title for sheet in archive.SHEETS}
    unsteady = {title: sorted(found) for title, found in counts.items() if len(found) != 1 or not 1 <= max(found) <= 3}
    assert not unsteady


# --- coverage and housekeeping ---------------------------------------------------------------------


def _list_export_resources() -> set[str]:
    from django.urls import URLResolver, get_resolver

    from core.mixins import ScopedListView

    found = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
                continue
            view = getattr(pattern.callback, "view_class", None)
            if view and issubclass(view, ScopedListView) and view.resource_class is not None:
                found.add(f"{view.resource_class.__module__}.{view.resource_class.__name__}")

    walk(get_resolver().url_patterns)
    return found


def test_every_lists_excel_export_is_archived_or_deliberately_left_out():
    archived = {sheet.resource for sheet in archive.SHEETS}
    missing = _list_export_resources() - archived - set(archive.LEFT_OUT)
    assert not missing, f"add these to core.archive.SHEETS (or LEFT_OUT with a reason): {sorted(missing)}"
    for sheet in archive.SHEETS:
        assert sheet.resource_class is not None


def test_archives_older_than_their_jobs_are_deleted_when_a_new_export_starts(county_admin, world):
    import os
    import time

    from django.core.files.base import ContentFile

    old = default_storage.save("archives/old.zip", ContentFile(b"PK"))
    eight_days_ago = time.time() - 8 * 86400
    os.utime(default_storage.path(old), (eight_days_ago, eight_days_ago))
    fresh = default_storage.save("archives/fresh.zip", ContentFile(b"PK"))
    archive.archive_start(by=county_admin)
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)
