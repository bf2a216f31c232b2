"""Reads of public postings: the periods a posting may refer to, the notice board's two parts (公示中 and 往期公示)
and a posting's length."""

from datetime import date

from django.db.models import Q, QuerySet

from core.workdays import Calendar, workdays_between
from scoring.choices import PostingKind
from scoring.models import Posting

QUARTERS_OFFERED = 8
MONTHS_OFFERED = 24
YEARS_OFFERED = 5


def posting_subjects(*, today: date) -> list[tuple[str, list[tuple[str, str, tuple[str, ...]]]]]:
    """The periods the publish form offers, grouped by unit, latest first, each with the kinds it suits: quarters
    that have begun (the current one only for scorecards, reviewed in its last days), months that have ended, and
    years up to the current one (a year's ratings are posted during it). The rules themselves are
    ``scoring.services.postings.posting_subject_check``."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _ in range(QUARTERS_OFFERED + 1):
        current = (year, quarter) == (today.year, (today.month - 1) // 3 + 1)
        kinds = (PostingKind.SCORECARD,) if current else (PostingKind.SCORECARD, PostingKind.STAR_QUARTERLY)
        quarters.append((f"{year}Q{quarter}", f"{year}年第{quarter}季度", kinds))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS_OFFERED):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((f"{year}-{month:02d}", f"{year}年{month}月", (PostingKind.STAR_MONTHLY,)))
    years = [
        (f"{year}", f"{year}年度", (PostingKind.STAR_RATING, PostingKind.RED_FLAG))
        for year in range(today.year, today.year - YEARS_OFFERED, -1)
    ]
    return [("季度", quarters), ("月份", months), ("年度", years)]


def postings_current(*, postings: QuerySet[Posting], today: date) -> QuerySet[Posting]:
    """Postings being shown today: started, not past their last day nor withdrawn, the one ending soonest first."""
    return (
        postings.filter(start_on__lte=today, end_on__gte=today, withdrawn_at__isnull=True)
        .select_related("supersedes")
        .order_by("end_on", "-start_on", "-pk")
    )


def postings_past(*, postings: QuerySet[Posting], today: date) -> QuerySet[Posting]:
    """Postings whose last day is behind us, and those withdrawn or corrected (shown with the reason), the latest
    first.

    By date, not by status: the close job runs at night, and a posting is over when its last day is.
    """
    return (
        postings.filter(Q(end_on__lt=today) | Q(withdrawn_at__isnull=False))
        .select_related("superseded_by", "supersedes")
        .order_by("-end_on", "-pk")
    )


def posting_working_days(posting: Posting, *, calendar: Calendar | None = None) -> int | None:
    """How many working days the posting runs; the day of publication is not counted (core.workdays). A page of
    postings passes one ``calendar`` so the holiday schedules are read once."""
    try:
        return workdays_between(posting.published_on, posting.end_on, calendar=calendar)
    except ValueError:  # a hand-entered period longer than the calendar helper accepts
        return None
