"""Working days in mainland China: statutory holidays and make-up workdays.

A year's schedule comes from what county staff entered in the portal (``HolidaySchedule``, the State Council's
notice, published around November), else from the chinese_calendar library, which only knows the years
published before its release. For a year neither knows we count Monday to Friday, log a warning once per
year, and pages ask calendar_covers() to tell the user the dates are provisional.

Each public function reads the entered schedules once (one query, a few dozen rows: a ``Calendar``), so a
loop over days costs no query per day and a schedule entered in one process counts at once in every other;
a page counting many periods passes one ``Calendar`` to them all.
"""

import datetime
import logging

import chinese_calendar
from django.conf import settings

logger = logging.getLogger(__name__)

# A posting or deadline is a matter of days or weeks; these caps keep a bad argument from looping for years.
MAX_WORKDAYS = 250
MAX_SPAN_DAYS = 400

_warned_years: set[int] = set()


def _check_date(d: datetime.date) -> None:
    # A datetime is refused rather than truncated: timezone.now() is UTC, and its date is the wrong day
    # in Beijing before 08:00. Callers pass timezone.localdate() or a DateField value.
    if isinstance(d, datetime.datetime) or not isinstance(d, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}")


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class Calendar:
    """The entered schedules, read once on first use."""

    def __init__(self):
        self._entered: dict[int, dict[datetime.date, bool]] | None = None

    def entered(self, year: int) -> dict[datetime.date, bool] | None:
        """The entered days of ``year`` (date -> is a workday), or None when nobody entered that year."""
        if self._entered is None:
            from core.models import HolidaySchedule

            self._entered = {}
            for schedule_year, day, work in HolidaySchedule.objects.values_list(
                "year", "days__day", "days__is_workday"
            ):
                days = self._entered.setdefault(schedule_year, {})
                if day is not None:
                    days[day] = work
        return self._entered.get(year)

    def covers(self, year: int) -> bool:
        return self.entered(year) is not None or _package_covers(year)

    def is_workday(self, d: datetime.date) -> bool:
        entered = self.entered(d.year)
        if entered is not None:
            return entered.get(d, d.weekday() < 5)
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:
            if d.year not in _warned_years:
                _warned_years.add(d.year)
                logger.warning("节假日安排未知：%s 年按周一至周五计算工作日（请在平台录入该年安排）", d.year)
            return d.weekday() < 5


def calendar_covers(year: int) -> bool:
    """Whether the holiday schedule of this year is known, entered or packaged (otherwise Monday–Friday)."""
    return Calendar().covers(year)


def uncovered_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years from ``start`` to ``end`` whose schedule is unknown: a period touching them is provisional."""
    calendar = Calendar()
    return [year for year in range(start.year, end.year + 1) if not calendar.covers(year)]


def is_workday(d: datetime.date) -> bool:
    """Whether people work on this day: weekdays that are not holidays, plus make-up workdays (调休上班)."""
    _check_date(d)
    return Calendar().is_workday(d)


def add_workdays(start: datetime.date, n: int, *, calendar: Calendar | None = None) -> datetime.date:
    """The n-th working day after start; start itself is not counted (开始的当日不计入)."""
    _check_date(start)
    if not 1 <= n <= MAX_WORKDAYS:
        raise ValueError(f"n must be between 1 and {MAX_WORKDAYS}, got {n}")
    day = start
    counted = 0
    calendar = calendar or Calendar()
    # Even the longest holiday block leaves at least one working day in any two weeks.
    for _ in range(n * 2 + 30):
        day += datetime.timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
            if counted == n:
                return day
    raise AssertionError(f"no {n} working days found after {start}")  # unreachable with a sane calendar


def workdays_between(start: datetime.date, end: datetime.date, *, calendar: Calendar | None = None) -> int:
    """Number of working days in (start, end]: start excluded, end included; 0 if end is not after start."""
    _check_date(start)
    _check_date(end)
    span = (end - start).days
    if span > MAX_SPAN_DAYS:
        raise ValueError(f"span of {span} days is longer than {MAX_SPAN_DAYS}")
    calendar = calendar or Calendar()
    return sum(calendar.is_workday(start + datetime.timedelta(days=offset)) for offset in range(1, span + 1))


def next_workday(d: datetime.date) -> datetime.date:
    """d itself if it is a working day, else the first working day after it."""
    _check_date(d)
    return d if Calendar().is_workday(d) else add_workdays(d, 1)


def posting_period(start: datetime.date, days: int | None = None) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of a public posting (公示期) published on start, lasting `days` working days.

    The day of publication is not counted, so the last day is add_workdays(start, days): published on a
    Monday for 5 working days, it ends the next Monday. Published on a rest day, the posting starts on the
    next working day, which is also the first counted day: published on a Saturday, it runs Monday–Friday.
    """
    if days is None:
        days = settings.POSTING_WORKING_DAYS
    return next_workday(start), add_workdays(start, days)
