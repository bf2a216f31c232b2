"""Pages of the generated work report: choose the area and period, watch the progress, download the PDF and the
workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path

from core import reports
from core.forms import FiguresScopeForm
from core.jobs import progress_context


def _reporter_only(request) -> None:
    if not reports.can_report(request.user):
        raise PermissionDenied(reports.NOT_ALLOWED)


def _own_job(request, job_id: str) -> dict:
    job = reports.JOBS.get_own(job_id, user=request.user)
    if job is None:
        raise Http404
    return job


@login_required
def report_start(request):
    """The area and year to report on (as on the home page) and the user's recent reports."""
    _reporter_only(request)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = FiguresScopeForm(data, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            scope = form.scope()
            try:
                job_id = reports.report_start(by=request.user, area=scope.area, start=scope.start, end=scope.end)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                return redirect("core:report_job_detail", job_id=job_id)
        else:
            messages.error(request, "请检查所选的街镇/园区和统计期间。")
    context = {"form": form, "recent": reports.report_jobs_recent(user=request.user)}
    return render(request, "core/report_start.html", context)


@login_required
def report_job_detail(request, job_id: str):
    job = _own_job(request, job_id)
    return render(request, "core/report_job_detail.html", progress_context(job_id, job))


@login_required
def report_job_status(request, job_id: str):
    """The progress card alone, polled by htmx every second while the report is built."""
    job = _own_job(request, job_id)
    return render(request, "core/report_job_status.html", progress_context(job_id, job))


@login_required
def report_job_download(request, job_id: str, kind: str):
    job = _own_job(request, job_id)
    path = reports.report_file_path(job_id, kind) if kind in reports.FILES else ""
    if job["status"] != "done" or not path or not default_storage.exists(path):
        raise Http404
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=kind != "pdf",
        filename=reports.report_download_name(job, kind),
        content_type=reports.FILES[kind],
    )


urlpatterns: list = [
    path("reports/", report_start, name="report_start"),
    path("reports/<str:job_id>/", report_job_detail, name="report_job_detail"),
    path("reports/<str:job_id>/status/", report_job_status, name="report_job_status"),
    path("reports/<str:job_id>/<slug:kind>/", report_job_download, name="report_job_download"),
]
