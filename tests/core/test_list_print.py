"""Printing a list: a short one at once, a long one as a background job with progress that prints what the user
saw (filters and scope at the click, re-read as that user), whose PDF nobody else can fetch; the print limit."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from core import pdf, prints
from core.choices import JobStatus, Role
from core.models import Job
from tests.core.test_pdf import CJK_FONT, embedded_fonts, run, text_of, write
from tests.factories import make_org

LIST = "organizations:partyorganization_list"


@pytest.fixture
def short_direct(monkeypatch):
    """Lists of more than two rows go to a job (the county's lists are long; the world's are not)."""
    monkeypatch.setattr(prints, "DIRECT_ROWS", 2)


def click_print(client, django_capture_on_commit_callbacks, **filters):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(reverse(LIST), {**filters, "format": "pdf"})


def job_of(response) -> str:
    assert response.status_code == 302
    job_id = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("core:print_job_detail", args=[job_id])
    return job_id


def test_a_short_list_prints_at_once(world, county_admin, as_user):
    response = as_user(county_admin).get(reverse(LIST), {"q": "甲公司", "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not Job.objects.filter(kind="print").exists()


def test_a_long_list_is_printed_by_a_job_with_its_filters_as_its_user(
    world, county_admin, as_user, short_direct, django_capture_on_commit_callbacks, tmp_path
):
    client = as_user(county_admin)
    job_id = job_of(click_print(client, django_capture_on_commit_callbacks, q="公司"))
    job = prints.JOBS.get(job_id)
    assert job["status"] == JobStatus.DONE and job["total"] == job["done"] == 3
    page = client.get(reverse("core:print_job_detail", args=[job_id]))
    assert page.status_code == 200
    assert "PDF 已生成" in page.content.decode()
    pdf = client.get(reverse("core:print_job_download", args=[job_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = write(tmp_path, b"".join(pdf.streaming_content))
    text = text_of(path)
    assert "甲公司党委" in text and "乙公司党支部" in text and "共3条" in text  # 3 of the 5: the search holds
    assert any(CJK_FONT.search(font) for font in embedded_fonts(path))
    jobs_page = client.get(reverse("core:job_list")).content.decode()
    assert "列表打印" in jobs_page and reverse("core:print_job_detail", args=[job_id]) in jobs_page


def test_the_job_prints_the_users_scope_only(world, area_reviewer, as_user, short_direct,
                                             django_capture_on_commit_callbacks, tmp_path):  # fmt: skip
    job_id = job_of(click_print(as_user(area_reviewer), django_capture_on_commit_callbacks))
    assert prints.JOBS.get(job_id)["total"] == 3
    with default_storage.open(prints.print_file_path(job_id), "rb") as file:
        text = text_of(write(tmp_path, file.read()))
    assert "甲公司第一党支部" in text and "乙" not in text


def test_nobody_else_can_see_or_fetch_the_job(
    world, county_admin, area_reviewer, secretary, as_user, short_direct, django_capture_on_commit_callbacks
):
    job_id = job_of(click_print(as_user(area_reviewer), django_capture_on_commit_callbacks))
    for other in (county_admin, secretary):
        client = as_user(other)
        for name in ("core:print_job_detail", "core:print_job_status", "core:print_job_download"):
            assert client.get(reverse(name, args=[job_id])).status_code == 404, (other, name)
        listed = client.get(reverse("core:job_list")).content.decode()
        assert reverse("core:print_job_detail", args=[job_id]) not in listed
    assert as_user(area_reviewer).get(reverse("core:print_job_download", args=[job_id])).status_code == 200


def test_a_user_who_lost_the_list_gets_a_failed_job_not_rows(world, area_reviewer, as_user, short_direct):
    client = as_user(area_reviewer)
    response = client.get(reverse(LIST), {"format": "pdf"})  # the job waits: its callbacks are not run
    job_id = job_of(response)
    area_reviewer.role = Role.ORG_SECRETARY
    area_reviewer.area = None
    area_reviewer.party_organization = make_org(world.org_b, "乙公司第二党支部")
    area_reviewer.save()
    prints.list_print_build(job_id=job_id)
    job = prints.JOBS.get(job_id)
    if job["status"] == JobStatus.DONE:  # the list still opens for a secretary: only his own organisation
        with default_storage.open(prints.print_file_path(job_id), "rb") as file:
            assert b"%PDF" in file.read(8)
        assert job["total"] == 1
    else:
        assert job["status"] == JobStatus.FAILED and job["error"] == prints.LOST_ACCESS


def test_the_print_limit_says_to_filter_first(world, county_admin, as_user, monkeypatch):
    from organizations.views.spine import PartyOrganizationListView

    monkeypatch.setattr(PartyOrganizationListView, "print_limit", 4)
    client = as_user(county_admin)
    response = client.get(reverse(LIST), {"q": "", "format": "pdf"}, follow=True)
    assert "超过单次打印上限 4 条，请先筛选或导出 Excel" in response.content.decode()
    assert not Job.objects.filter(kind="print").exists()


def test_a_long_table_reports_its_progress_page_by_page(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "PROGRESS_SAMPLE_ROWS", 20)
    rows = [[f"第{i}党支部", "党支部", i, "2020-03-01"] for i in range(1, 81)]
    seen = []
    printed = pdf.render_table_pdf(
        title="党组织", headers=["名称", "类型", "党员数", "成立日期"], rows=rows, progress=seen.append
    )
    path = write(tmp_path, printed)
    pages = int(run("pdfinfo", str(path)).split("Pages:")[1].split()[0])
    assert pages >= 3
    assert seen[0] == 0 and seen[-1] == 80 and seen == sorted(seen)
    assert len(set(seen)) >= pages  # a step per page laid out
    text = text_of(path)
    assert "共80条" in text and "第80党支部" in text
    assert f"第{pages}页/共{pages}页" in text


def test_column_widths_follow_the_content():
    widths = pdf.table_column_widths(["名称", "党员数"], [["某某县某某街道某某社区党支部", 12]] * 5, row_numbers=True)
    assert len(widths) == 3 and abs(sum(widths) - 100) < 0.1
    assert widths[1] > 3 * widths[2]  # the long name gets the room, the number column little
