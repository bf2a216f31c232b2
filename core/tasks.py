"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task
from django.conf import settings

from core import imports, jobs


@shared_task
def import_job_validate(job_id: int) -> bool:
    return imports.import_job_validate(job_id=job_id)


@shared_task
def import_job_commit(job_id: int) -> bool:
    return imports.import_job_commit(job_id=job_id)


@shared_task
def import_jobs_purge() -> int:
    days = settings.IMPORT_JOB_RETENTION_DAYS
    return imports.import_jobs_purge(older_than_days=days) + jobs.jobs_purge(older_than_days=days)


@shared_task
def jobs_sweep() -> dict:
    """Re-send the jobs left waiting, requeue those whose worker died (imports and every other job)."""
    return {"imports": imports.import_jobs_sweep(), "jobs": jobs.jobs_sweep()}


@shared_task
def archive_build(job_id: str) -> bool:
    from core import archive

    return archive.archive_build(job_id=job_id)


@shared_task
def work_report_build(job_id: str) -> bool:
    from core import reports

    return reports.work_report_build(job_id=job_id)


@shared_task
def list_print_build(job_id: str) -> bool:
    from core import prints

    return prints.list_print_build(job_id=job_id)


@shared_task
def holiday_schedule_remind() -> int:
    from django.utils import timezone

    from core import holidays

    return holidays.holiday_schedule_remind(today=timezone.localdate())
