"""Thin Celery tasks of the scoring area: each calls one service and is safe to run twice."""

import logging

from celery import shared_task
from django.utils import timezone

from scoring.models import HandbookVersion
from scoring.services import stars

logger = logging.getLogger(__name__)


@shared_task
def month_close_previous() -> bool:
    """Close last month (on the 1st) as its job; a second run finds it closed and does nothing."""
    month = stars.previous_month(timezone.localdate())
    if not HandbookVersion.objects.filter(effective_from__lte=month).exists():
        logger.info("no handbook in force in %s: nothing to close", month)
        return False
    return stars.month_close_job(month=month)[1]


@shared_task
def month_close_run(job_id: str) -> bool:
    """A month's close job again (re-sent by the sweeper, or re-run by county staff)."""
    return stars.month_close_run(job_id=job_id)


@shared_task
def quarter_select_previous() -> int:
    """Select last quarter's star members, closing its last month first if the monthly job has not run yet."""
    year, quarter = stars.quarter_of(stars.previous_month(timezone.localdate()))
    return stars.quarter_select_job(year=year, quarter=quarter)[1]


@shared_task
def quarter_select_run(job_id: str) -> bool:
    return stars.quarter_select_run(job_id=job_id)


@shared_task
def postings_close_ended() -> int:
    from scoring.services import postings

    return postings.postings_close_ended(today=timezone.localdate())


@shared_task
def remind_missing_monthly_entries() -> int:
    from scoring.services import reminders

    return reminders.remind_missing_monthly_entries(today=timezone.localdate())


@shared_task
def remind_missing_scorecards() -> int:
    from scoring.services import reminders

    return reminders.remind_missing_scorecards(today=timezone.localdate())


@shared_task
def remind_postings_ending() -> int:
    from scoring.services import reminders

    return reminders.remind_postings_ending(today=timezone.localdate())


@shared_task
def posting_pdf_render(posting_id: int) -> bool:
    """Render and store a posting's public PDF; a second run with the same content keeps the file."""
    from scoring.services import postings

    return postings.posting_pdf_render(posting_id=posting_id)
