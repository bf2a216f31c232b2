"""Reads of public postings: the notice board's two parts (公示中 and 往期公示) and a posting's length."""

from datetime import date

from django.db.models import QuerySet

from core.workdays import Calendar, workdays_between
from scoring.models import Posting


def postings_current(*, postings: QuerySet[Posting], today: date) -> QuerySet[Posting]:
    """Postings being shown today: started and not past their last day, the one ending soonest first."""
    return postings.filter(start_on__lte=today, end_on__gte=today).order_by("end_on", "-start_on", "-pk")


def postings_past(*, postings: QuerySet[Posting], today: date) -> QuerySet[Posting]:
    """Postings whose last day is behind us, the latest first.

    By date, not by status: the close job runs at night, and a posting is over when its last day is.
    """
    return postings.filter(end_on__lt=today).order_by("-end_on", "-pk")


def posting_working_days(posting: Posting, *, calendar: Calendar | None = None) -> int | None:
    """How many working days the posting runs; the day of publication is not counted (core.workdays). A page of
    postings passes one ``calendar`` so the holiday schedules are read once."""
    try:
        return workdays_between(posting.published_on, posting.end_on, calendar=calendar)
    except ValueError:  # a hand-entered period longer than the calendar helper accepts
        return None
