"""The generated work report: the demo county's figures as the article states them, in a PDF with Chinese fonts
and its charts and in a workbook with the same numbers; areas and periods; who may report on what; progress
and a second run that changes nothing."""

import io
import re
import shutil
import uuid
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from core import figures, reports
from core.figures import Scope
from core.models import User
from tests.core.test_pdf import CJK_FONT, embedded_fonts, run, text_of, write
from tests.factories import AreaFactory, make_entity, make_org

# The article's figures the demo county reproduces exactly (tests/core/test_dashboard.py checks the page).
ARTICLE = {
    "单独建立党组织": 258,
    "联合及兜底党组织合计": 49,
    "党建指导员": 212,
    "红领党务认证": 95,
    "入党积极分子（含发展对象）": 468,
    "发展对象": 131,
    "管理/技术骨干中的入党积极分子": 388,
    "管理/技术骨干中发展的党员": 108,
    "优秀党组织书记（头雁）": 20,
    "“红帆”党建指导员": 10,
    "获功勋/杰出/优秀称号的企业家": 39,
    "产业链党委": 3,
    "配备党建指导员的链上企业": 77,
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHART_ORANGE = (240, 173, 78)  # "#f0ad4e": a series colour used only inside charts


def build(user, **scope) -> tuple[str, dict]:
    job_id = reports.report_start(by=user, **scope)
    assert reports.work_report_build(job_id=job_id) is True
    return job_id, reports.report_job_get(job_id)


def stored(job_id: str, kind: str) -> bytes:
    with default_storage.open(reports.report_file_path(job_id, kind), "rb") as file:
        return file.read()


def workbook_figures(content: bytes) -> dict[str, dict[str, object]]:
    """Sheet title -> {指标: 数值} for every section sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        sheet.title: {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
        for sheet in book.worksheets[1:]
        if sheet.title != reports.DEFINITIONS_SHEET
    }


def chart_pixels(pdf: bytes, tmp_path) -> int:
    """Pixels of a chart-only colour over all pages, rendered as PNG by pdftoppm (kept under
    test-artifacts/screenshots/ for a person to look at)."""
    path = write(tmp_path, pdf, "charts.pdf")
    run("pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    total = 0
    for page in sorted(tmp_path.glob("page-*.png")):
        shutil.copy(page, SCREENSHOTS / f"report-{page.name}")
        image = Image.open(page).convert("RGB")
        total += sum(
            count
            for count, colour in image.getcolors(image.width * image.height)
            if all(abs(a - b) <= 12 for a, b in zip(colour, CHART_ORANGE, strict=True))
        )
    return total


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_countys_report_states_the_articles_figures_in_the_pdf_and_the_workbook(demo, tmp_path):
    admin = User.objects.get(username="county_admin")
    job_id, job = build(admin)
    assert job["status"] == "done"
    assert job["done"] == job["total"] == len(figures.SOURCES) + 2

    book = workbook_figures(stored(job_id, "xlsx"))
    every_figure = {label: value for sheet in book.values() for label, value in sheet.items()}
    assert {label: every_figure[label] for label in ARTICLE} == ARTICLE
    # The workbook holds exactly what the dashboard shows for the same scope.
    dashboard = {figure.label: figure.value for section in figures.sections(Scope(admin)) for figure in section.figures}
    assert {label: float(value) for label, value in every_figure.items()} == {
        label: float(value) for label, value in dashboard.items()
    }
    assert set(book) == {section.title for section in figures.sections(Scope(admin))}

    pdf = stored(job_id, "pdf")
    path = write(tmp_path, pdf)
    assert any(CJK_FONT.search(font) for font in embedded_fonts(path)), "no CJK font embedded"
    text = text_of(path)
    assert "新兴领域党建工作报告" in text
    for number, section in zip("一二三四", figures.sections(Scope(admin)), strict=False):
        assert f"{number}、{section.title}" in text
    for label, value in ARTICLE.items():
        # label and value side by side in the chapter's table (a * marks a figure of the chosen period)
        assert re.search(rf"{re.escape(label)}\*?{value}", text), label
    assert "各街镇/园区覆盖率" in text  # a chart's caption
    assert chart_pixels(pdf, tmp_path) > 200, "the charts did not render"


def test_a_years_report_counts_that_year_and_names_it(world, county_admin, tmp_path):
    make_entity(world.area_a, "甲镇纺织公司", org=world.org_a)
    job_id, job = build(county_admin, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert job["period"] == "2025年"
    assert job["title"] == "全县新兴领域党建工作报告"
    assert "统计期间：2025年" in text_of(write(tmp_path, stored(job_id, "pdf")))


def test_an_area_report_counts_that_area_only(world, county_admin, area_reviewer):
    make_org(world.committee_b, "乙镇机械公司党支部")
    make_org(world.committee_b, "乙镇服装公司党支部")

    def standalone(job_id):
        sheets = workbook_figures(stored(job_id, "xlsx"))
        return next(sheet for sheet in sheets.values() if "单独建立党组织" in sheet)["单独建立党组织"]

    whole, _job = build(county_admin)
    area_b, job = build(county_admin, area=world.area_b)
    own, own_job = build(area_reviewer)
    assert (standalone(whole), standalone(area_b), standalone(own)) == (5, 3, 2)
    assert job["title"] == f"{world.area_b.name}新兴领域党建工作报告"
    assert own_job["title"] == f"{world.area_a.name}新兴领域党建工作报告"


def test_an_area_reviewer_cannot_report_on_another_area(world, area_reviewer):
    before = reports.report_jobs_recent(user=area_reviewer)
    with pytest.raises(ValidationError) as error:
        reports.report_start(by=area_reviewer, area=world.area_b)
    assert reports.AREA_NOT_ALLOWED in error.value.messages
    assert reports.report_jobs_recent(user=area_reviewer) == before


def test_a_secretary_may_not_generate_a_report(secretary, as_user):
    with pytest.raises(ValidationError):
        reports.report_start(by=secretary)
    assert as_user(secretary).get(reverse("core:report_start")).status_code == 403


def test_the_period_must_not_end_before_it_starts(county_admin):
    with pytest.raises(ValidationError) as error:
        reports.report_start(by=county_admin, start=date(2025, 6, 1), end=date(2025, 1, 1))
    assert reports.PERIOD_ORDER in error.value.messages


def test_the_page_starts_a_report_shows_its_progress_and_offers_both_files(world, county_admin, as_user):
    client = as_user(county_admin)
    response = client.post(reverse("core:report_start"), {"area": world.area_a.pk, "year": 2025})
    job_id = response["Location"].rstrip("/").split("/")[-1]
    job = reports.report_job_get(job_id)
    assert (job["area_id"], job["start"], job["end"]) == (world.area_a.pk, "2025-01-01", "2025-12-31")
    queued = client.get(reverse("core:report_job_status", args=[job_id])).content.decode()
    assert "hx-get" in queued and "0 / " in queued  # polled while it waits for the worker
    reports.work_report_build(job_id=job_id)
    done = client.get(reverse("core:report_job_detail", args=[job_id])).content.decode()
    assert "hx-get" not in done
    pdf = client.get(reverse("core:report_job_download", args=[job_id, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(reverse("core:report_job_download", args=[job_id, "xlsx"]))
    assert "attachment" in xlsx["Content-Disposition"]
    assert client.get(reverse("core:report_job_download", args=[job_id, "docx"])).status_code == 404
    assert job_id in client.get(reverse("core:report_start")).content.decode()  # among the recent reports


def test_a_report_on_everything_needs_no_choice(county_admin, as_user):
    response = as_user(county_admin).post(reverse("core:report_start"), {})
    job = reports.report_job_get(response["Location"].rstrip("/").split("/")[-1])
    assert (job["area_id"], job["start"], job["end"], job["period"]) == (None, None, None, "全部时间")


def test_another_users_report_is_not_found(world, county_admin, area_reviewer, as_user):
    job_id, _job = build(county_admin)
    client = as_user(area_reviewer)
    for name, args in (
        ("core:report_job_detail", [job_id]),
        ("core:report_job_status", [job_id]),
        ("core:report_job_download", [job_id, "pdf"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_running_the_job_twice_changes_nothing(world, county_admin):
    job_id, job = build(county_admin)
    pdf = stored(job_id, "pdf")
    assert reports.work_report_build(job_id=job_id) is False
    assert reports.report_job_get(job_id) == job
    assert stored(job_id, "pdf") == pdf


def test_a_job_held_by_another_worker_is_left_alone(world, county_admin, other_worker):
    job_id = reports.report_start(by=county_admin)
    with other_worker(f"job:{uuid.UUID(job_id)}"):
        assert reports.work_report_build(job_id=job_id) is False
        assert reports.report_job_get(job_id)["status"] == "waiting"
    assert reports.work_report_build(job_id=job_id) is True


def test_a_chart_of_many_areas_runs_on_over_the_page_instead_of_being_cut_off(world, county_admin, tmp_path):
    areas = [AreaFactory(name=f"测试{index:02d}镇", code=f"T{index:02d}") for index in range(70)]
    for area in areas:
        make_entity(area, f"{area.name}纺织公司")
    job_id, _job = build(county_admin)
    text = text_of(write(tmp_path, stored(job_id, "pdf")))
    missing = [area.name for area in areas if area.name not in text]
    assert not missing, f"cut off the coverage chart: {missing[:5]}…"


def test_a_report_covers_any_dates_from_and_to_ahead_of_the_year(world, county_admin, as_user):
    client = as_user(county_admin)
    response = client.post(reverse("core:report_start"), {"year": 2024, "start": "2025-03-01", "end": "2025-06-30"})
    job = reports.report_job_get(response["Location"].rstrip("/").split("/")[-1])
    assert (job["start"], job["end"], job["period"]) == ("2025-03-01", "2025-06-30", "2025-03-01 至 2025-06-30")


def test_an_end_before_the_start_is_refused_with_nothing_started(world, county_admin, as_user):
    before = reports.report_jobs_recent(user=county_admin)
    response = as_user(county_admin).post(reverse("core:report_start"), {"start": "2025-06-30", "end": "2025-03-01"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in response.content.decode()
    assert reports.report_jobs_recent(user=county_admin) == before


def test_a_charts_caption_never_starts_a_page_on_its_own(county_admin, tmp_path):
    """With this many figures the old layout put the chart at the foot of page 2 and its caption alone on page 3."""
    from core.charts import stacked_bars_svg
    from core.figures import Figure, Section
    from industry_chains.selectors.figures import CATALOGUE, TICKET_SERIES

    definitions = list(CATALOGUE.definitions.values())
    chart = stacked_bars_svg(
        [(f"链{index}", [3, 2, 1]) for index in range(3)], TICKET_SERIES, unit="件", title="各产业链诉求办理情况"
    )
    section = Section(
        "x",
        "产业链党建",
        [Figure(definitions[index % len(definitions)], index) for index in range(88)],
        charts=[chart],
        summary="综述" * 40,
    )
    job = {"title": "测试报告", "period": "2025年", "generated_at": "2025-01-01", "requested_by": "县管理员"}
    pdf = reports.report_pdf(scope=Scope(county_admin), sections=[section], job=job)
    pages = run("pdftotext", "-layout", str(write(tmp_path, pdf)), "-").split("\f")

    def first_line(page: str) -> str:
        lines = [line.strip() for line in page.splitlines() if line.strip() and "测试报告" not in line]
        return lines[0] if lines else ""

    assert any("图 1-1" in page for page in pages)
    assert not [index for index, page in enumerate(pages) if first_line(page).startswith("图")]
