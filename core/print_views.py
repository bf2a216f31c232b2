"""Pages of a list printed in the background: its progress, then the PDF. Only the user who clicked 打印 sees
either; for anybody else the job does not exist (404)."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path

from core import prints
from core.jobs import progress_context


def _own_job(request, job_id: str) -> dict:
    job = prints.JOBS.get_own(job_id, user=request.user)
    if job is None:
        raise Http404
    return job


@login_required
def print_job_detail(request, job_id: str):
    job = _own_job(request, job_id)
    return render(request, "core/print_job_detail.html", progress_context(job_id, job))


@login_required
def print_job_status(request, job_id: str):
    """The progress card alone, polled by htmx every second while the PDF is laid out."""
    job = _own_job(request, job_id)
    return render(request, "core/print_job_status.html", progress_context(job_id, job))


@login_required
def print_job_download(request, job_id: str):
    job = _own_job(request, job_id)
    file_path = prints.print_file_path(job_id)
    if job["status"] != "done" or not default_storage.exists(file_path):
        raise Http404
    return FileResponse(
        default_storage.open(file_path, "rb"),
        as_attachment=False,
        filename=prints.print_download_name(job),
        content_type="application/pdf",
    )


urlpatterns: list = [
    path("prints/<str:job_id>/", print_job_detail, name="print_job_detail"),
    path("prints/<str:job_id>/status/", print_job_status, name="print_job_status"),
    path("prints/<str:job_id>/pdf/", print_job_download, name="print_job_download"),
]
