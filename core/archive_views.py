"""Pages of the whole-county export: start it (county staff only), watch its progress, download the zip."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path

from core import archive
from core.jobs import progress_context


def _county_only(request) -> None:
    if not request.user.is_county_admin:
        raise PermissionDenied(archive.COUNTY_ONLY)


def _own_job(request, job_id: str) -> dict:
    job = archive.JOBS.get_own(job_id, user=request.user)
    if job is None:
        raise Http404
    return job


@login_required
def archive_start(request):
    """What the export holds, the choice to include personal data in full, and the user's recent exports."""
    _county_only(request)
    if request.method == "POST":
        full = request.POST.get("full") == "on"
        try:
            job_id = archive.archive_start(by=request.user, full=full)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("core:archive_start")
        return redirect("core:archive_job_detail", job_id=job_id)
    context = {
        "area_sheets": archive.area_sheets(),
        "county_sheets": archive.county_sheets(),
        "recent": [(job_id, job) for job_id, job in archive.archive_jobs_recent(user=request.user)],
    }
    return render(request, "core/archive_start.html", context)


@login_required
def archive_job_detail(request, job_id: str):
    """Progress of an export (areas done out of all) and its download when done."""
    job = _own_job(request, job_id)
    return render(request, "core/archive_job_detail.html", progress_context(job_id, job))


@login_required
def archive_job_status(request, job_id: str):
    """The progress card alone, polled by htmx every second while the export runs."""
    job = _own_job(request, job_id)
    return render(request, "core/archive_job_status.html", progress_context(job_id, job))


@login_required
def archive_job_download(request, job_id: str):
    job = _own_job(request, job_id)
    if job["status"] != "done" or not default_storage.exists(job["path"]):
        raise Http404
    return FileResponse(
        default_storage.open(job["path"], "rb"),
        as_attachment=True,
        filename=archive.archive_download_name(job),
        content_type="application/zip",
    )


urlpatterns: list = [
    path("archive/", archive_start, name="archive_start"),
    path("archive/<str:job_id>/", archive_job_detail, name="archive_job_detail"),
    path("archive/<str:job_id>/status/", archive_job_status, name="archive_job_status"),
    path("archive/<str:job_id>/download/", archive_job_download, name="archive_job_download"),
]
