"""The generated work report (工作报告): for a chosen area and period, a PDF laid out like a work report and an
Excel workbook with the same figures.

Every number comes from ``core.figures``, the dashboard's own sections, so the page, the PDF and the workbook
agree; the charts are the sections' SVG, printed as they are shown. County staff report on the county or one
area, an area reviewer on its own area. A Celery task builds the report section by section, so the page shows
how far it has got; the job lives in the database (``core.jobs``) and its two files in default storage under
``reports/``, deleted with the job.
"""

from __future__ import annotations

import html
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from openpyxl.styles import Alignment, Font

from core import figures, spreadsheets
from core.choices import Role
from core.figures import Scope, Section
from core.http import XLSX
from core.jobs import Jobs, file_stamp, files_purge, local_stamp, requester_label, storage_replace
from core.models import User
from core.pdf import render_pdf

JOB_TIMEOUT = 7 * 24 * 3600
JOBS = Jobs("report", task="core.tasks.work_report_build", label="工作报告", detail_url="core:report_job_detail")
NOT_ALLOWED = "工作报告由县委社会工作部和街镇/园区党（工）委生成，您没有权限。"
AREA_NOT_ALLOWED = "只能生成本街镇/园区的工作报告。"
PERIOD_ORDER = figures.PERIOD_ORDER
NUMERALS = "一二三四五六七八九十"
CHART_TITLE = re.compile(r"<title>([^<]*)</title>")
FILES = {"pdf": "application/pdf", "xlsx": XLSX}  # what a finished report offers: kind -> content type


def can_report(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_county_admin or user.role == Role.AREA_REVIEWER))


def _areas(user):
    from organizations.models import Area

    return Area.objects.within_scope(user)


def report_title(scope: Scope) -> str:
    """Named after the area, or the county (``COUNTY_NAME``) when the report covers everything."""
    whole_county = scope.area is None and not scope.user.area_id
    place = (settings.COUNTY_NAME if whole_county else "") or scope.area_label
    return f"{place}新兴领域党建工作报告"


def report_start(*, by: User, area=None, start: date | None = None, end: date | None = None) -> str:
    """Queue a work report on ``area`` (None: everything ``by`` sees) for the period; returns the job id."""
    if not can_report(by):
        raise ValidationError(NOT_ALLOWED, code="not_allowed")
    if area is not None and not _areas(by).filter(pk=area.pk).exists():
        raise ValidationError(AREA_NOT_ALLOWED, code="area")
    figures.period_check(start, end)
    scope = Scope(by, area=area, start=start, end=end)
    job_id = JOBS.start(
        user=by,
        job={
            "user_id": by.pk,
            "area_id": area.pk if area is not None else None,
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "title": report_title(scope),
            "period": scope.period_label,
            "requested_by": requester_label(by),
            "requested_at": local_stamp(),
            "total": len(figures.SOURCES) + 2,  # each section, then the PDF, then the workbook
            "done": 0,
            "current": "",
            "error": "",
        },
    )
    report_files_purge()
    return job_id


def report_job_get(job_id: str) -> dict | None:
    return JOBS.get(job_id)


def report_jobs_recent(*, user: User) -> list[tuple[str, dict]]:
    return JOBS.recent(user=user)


def report_file_path(job_id: str, kind: str) -> str:
    return f"reports/{job_id}.{kind}"


def report_download_name(job: dict, kind: str) -> str:
    return f"{job['title']}_{job['period']}_{file_stamp(job)}.{kind}"


def report_files_purge(*, older_than_days: int = JOB_TIMEOUT // 86400) -> int:
    return files_purge("reports", older_than_days=older_than_days)


def _scope_of(job: dict, user: User) -> Scope:
    from organizations.models import Area

    area = Area.objects.filter(pk=job["area_id"]).first() if job["area_id"] else None
    return Scope(
        user,
        area=area,
        start=date.fromisoformat(job["start"]) if job["start"] else None,
        end=date.fromisoformat(job["end"]) if job["end"] else None,
    )


def _numbered(sections: list[Section]) -> list[tuple[str, Section]]:
    return [(NUMERALS[i] if i < len(NUMERALS) else str(i + 1), section) for i, section in enumerate(sections)]


def _pairs(items: list) -> list[list]:
    """Figures two to a table row, so a chapter's table and its chart fit on one page."""
    return [items[index : index + 2] for index in range(0, len(items), 2)]


def _chart_title(svg: str) -> str:
    """The chart's own title (its SVG ``<title>``), printed as the figure's caption."""
    match = CHART_TITLE.search(svg)
    return html.unescape(match.group(1)) if match else ""


def report_pdf(*, scope: Scope, sections: list[Section], job: dict) -> bytes:
    """The report as an A4 PDF: title, overview, one numbered chapter per area with its figures and charts."""
    context = {
        "title": job["title"],
        "period": job["period"],
        "generated_at": job.get("generated_at") or local_stamp(),
        "requested_by": job["requested_by"],
        "chapters": [
            {
                "number": number,
                "section": section,
                "rows": _pairs(section.figures),
                "charts": [(svg, _chart_title(svg)) for svg in section.charts],
            }
            for number, section in _numbered(sections)
        ],
        "scope": scope,
        "definitions": _definitions(sections),
    }
    return render_pdf("core/report_pdf.html", context)


def _definitions(sections: list[Section]) -> list[figures.Definition]:
    """The catalogue's definitions of the figures the report states, in the report's order."""
    return [figure.definition for section in sections for figure in section.figures]


DEFINITIONS_SHEET = spreadsheets.DEFINITIONS_SHEET


def _figure_rows(section: Section) -> list[list]:
    return [
        [
            figure.label,
            figure.value,
            figure.unit,
            ("统计期间内" if figure.in_period else "截至生成时") + (f"（{figure.note}）" if figure.note else ""),
        ]
        for figure in section.figures
    ]


def report_workbook(*, sections: list[Section], job: dict) -> bytes:
    """The same figures as the PDF: a cover sheet with the overview, then a sheet per section."""
    workbook = spreadsheets.new_workbook()
    cover = workbook.create_sheet(title="说明")
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 100
    spreadsheets.row_append(cover, [job["title"]], font=Font(bold=True, size=14))
    for row in (
        ["统计期间", job["period"]],
        ["生成时间", job.get("generated_at", "")],
        ["生成人", job["requested_by"]],
        ["数据来源", "红色引擎平台实时数据，各项数字按生成时的记录统计"],
        [],
    ):
        spreadsheets.row_append(cover, row)
    spreadsheets.row_append(cover, ["部分", "综述"], font=spreadsheets.BOLD)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for number, section in _numbered(sections):
        cover.append(
            [
                spreadsheets.cell(cover, f"{number}、{section.title}"),
                spreadsheets.cell(cover, section.summary, alignment=wrapped),
            ]
        )
    for _number, section in _numbered(sections):
        table = spreadsheets.Table(
            title=section.title,
            headers=["指标", "数值", "单位", "统计范围"],
            rows=_figure_rows(section),
            widths=[34, 12, 8.43, 14],
        )
        spreadsheets.table_write(workbook, table)
    spreadsheets.table_write(workbook, spreadsheets.definitions_table(_definitions(sections)))
    return spreadsheets.workbook_bytes(workbook)


def work_report_build(*, job_id: str) -> bool:
    """Compute the sections, write the PDF and the workbook; safe to run twice (a finished or running job is
    left alone)."""
    return JOBS.run(job_id, _build, allowed=can_report, refusal=NOT_ALLOWED)


def _build(job_id: str, job: dict, user: User) -> dict:
    job["generated_at"] = local_stamp()

    def step(label: str) -> None:
        job["done"] += 1
        job["current"] = label
        JOBS.progress(job_id, job)

    scope = _scope_of(job, user)
    sections = figures.sections(scope, progress=lambda title: step(f"已统计：{title}"))
    pdf = report_pdf(scope=scope, sections=sections, job=job)
    sizes = {"pdf": storage_replace(report_file_path(job_id, "pdf"), ContentFile(pdf))}
    step("已生成 PDF")
    workbook = report_workbook(sections=sections, job=job)
    sizes["xlsx"] = storage_replace(report_file_path(job_id, "xlsx"), ContentFile(workbook))
    step("已生成 Excel")
    return {"sizes": sizes}
