"""Printing a long list (打印 PDF) in the background: the click stores a job with the list's address and query
string, the user watches its progress on the job's page, then opens the PDF.

The job prints exactly what the user saw: the Celery task builds a GET request for the saved address and query
string, signed in as the user who clicked, and hands it to the list's own view. The view's permission checks, its
scope (``visible_to(user)``) and its filters decide the rows again, as they would for the page itself; a user who
has lost access since gets a failed job, never somebody else's rows. The PDF lives in default storage under
``prints/`` and only its owner may fetch it (``Jobs.get_own``); it goes with the job.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from core.jobs import Jobs, file_stamp, files_purge, local_stamp, requester_label, storage_replace

JOB_TIMEOUT = 7 * 24 * 3600
JOBS = Jobs("print", task="core.tasks.list_print_build", label="列表打印", detail_url="core:print_job_detail")
# Lists up to this many rows print at once, in the request (a few seconds); longer ones go to a job.
DIRECT_ROWS = 200
LOST_ACCESS = "您已无权查看该列表（或列表已不存在），未生成 PDF。"


class PrintRun:
    """What a list view is handed, on the request, when it prints for a job: where to report progress."""

    def __init__(self, job_id: str, job: dict):
        self.job_id = job_id
        self.job = job

    def step(self, done: int, current: str) -> None:
        self.job.update(done=done, current=current)
        JOBS.progress(self.job_id, self.job)


def print_start(*, request, title: str, total: int) -> str:
    """Queue the printing of the list at ``request``'s address with its query string, as ``request.user``;
    returns the job's id."""
    user = request.user
    job_id = JOBS.start(
        user=user,
        job={
            "path": request.path_info,
            "query": request.GET.urlencode(),
            "host": request.get_host(),
            "secure": request.is_secure(),
            "title": title,
            "requested_by": requester_label(user),
            "requested_at": local_stamp(),
            "total": total,
            "done": 0,
            "current": "排队中",
            "error": "",
        },
    )
    print_files_purge()
    return job_id


def print_file_path(job_id: str) -> str:
    return f"prints/{job_id}.pdf"


def print_download_name(job: dict) -> str:
    return f"{job['title']}_{file_stamp(job)}.pdf"


def print_files_purge(*, older_than_days: int = JOB_TIMEOUT // 86400) -> int:
    return files_purge("prints", older_than_days=older_than_days)


def list_print_build(*, job_id: str) -> bool:
    """Print the job's list as its user; safe to run twice (a finished or running job is left alone)."""
    return JOBS.run(job_id, _build)


def _build(job_id: str, job: dict, user) -> dict:
    try:
        match = resolve(job["path"])
    except Resolver404:
        raise ValidationError(LOST_ACCESS) from None
    factory = RequestFactory(HTTP_HOST=job["host"], secure=job["secure"])
    request = factory.get(job["path"], QUERY_STRING=job["query"])
    request.user = user
    request.print_run = PrintRun(job_id, job)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except (Http404, PermissionDenied):
        raise ValidationError(LOST_ACCESS) from None
    if response.status_code != 200 or response.get("Content-Type") != "application/pdf":
        raise ValidationError(LOST_ACCESS)
    size = storage_replace(print_file_path(job_id), ContentFile(response.content))
    return {"size": size}
