"""Working days against the real 2025 holiday schedule published by the State Council."""

import datetime
import logging

import pytest
from django.utils import timezone

from core import workdays
from core.workdays import add_workdays, calendar_covers, is_workday, posting_period, workdays_between

D = datetime.date
pytestmark = pytest.mark.django_db  # an entered holiday schedule (core.models) is read with the package


def days(start: D, end: D) -> list[D]:
    return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture
def fresh_warnings(monkeypatch):
    monkeypatch.setattr(workdays, "_warned_years", set())


def test_national_day_and_mid_autumn_2025_are_eight_days_off_with_two_make_up_workdays():
    assert not any(is_workday(day) for day in days(D(2025, 10, 1), D(2025, 10, 8)))
    assert is_workday(D(2025, 9, 28))  # Sunday, 调休上班
    assert is_workday(D(2025, 10, 11))  # Saturday, 调休上班
    assert not is_workday(D(2025, 10, 12))  # an ordinary Sunday
    assert is_workday(D(2025, 10, 9))


def test_spring_festival_2025_is_eight_days_off_with_two_make_up_workdays():
    assert not any(is_workday(day) for day in days(D(2025, 1, 28), D(2025, 2, 4)))
    assert is_workday(D(2025, 1, 26))  # Sunday, 调休上班
    assert is_workday(D(2025, 2, 8))  # Saturday, 调休上班
    assert is_workday(D(2025, 1, 27))
    assert is_workday(D(2025, 2, 5))


def test_a_posting_across_national_day_ends_after_the_make_up_workday():
    # Published Tuesday 30 September: counted 10-9, 10-10, 10-11 (make-up Saturday), 10-13, 10-14.
    assert posting_period(D(2025, 9, 30), 5) == (D(2025, 9, 30), D(2025, 10, 14))


def test_a_posting_across_spring_festival_skips_the_whole_break():
    # Published Friday 24 January: counted 1-26 (make-up Sunday), 1-27, 2-5, 2-6, 2-7.
    assert posting_period(D(2025, 1, 24), 5) == (D(2025, 1, 24), D(2025, 2, 7))


def test_a_make_up_saturday_counts_as_the_next_working_day():
    assert add_workdays(D(2025, 2, 7), 1) == D(2025, 2, 8)
    assert add_workdays(D(2025, 10, 10), 1) == D(2025, 10, 11)


def test_a_make_up_sunday_counts_as_the_next_working_day():
    assert add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)


def test_the_first_working_day_after_the_spring_festival_eve_is_after_the_break():
    assert add_workdays(D(2025, 1, 27), 1) == D(2025, 2, 5)


def test_an_ordinary_week_skips_the_weekend():
    assert add_workdays(D(2025, 11, 14), 1) == D(2025, 11, 17)  # Friday → Monday
    assert add_workdays(D(2025, 11, 17), 5) == D(2025, 11, 24)


def test_workdays_between_counts_the_end_but_not_the_start():
    assert workdays_between(D(2025, 9, 30), D(2025, 10, 14)) == 5
    assert workdays_between(D(2025, 1, 24), D(2025, 2, 8)) == 6
    assert workdays_between(D(2025, 11, 17), D(2025, 11, 18)) == 1
    assert workdays_between(D(2025, 11, 17), D(2025, 11, 17)) == 0
    assert workdays_between(D(2025, 11, 18), D(2025, 11, 17)) == 0


@pytest.mark.parametrize("start", days(D(2025, 1, 20), D(2025, 2, 10)) + days(D(2025, 9, 25), D(2025, 10, 12)))
@pytest.mark.parametrize("n", [1, 3, 5, 20])
def test_workdays_between_undoes_add_workdays(start, n):
    end = add_workdays(start, n)

    assert workdays_between(start, end) == n
    assert is_workday(end)


def test_a_posting_published_on_a_holiday_starts_on_the_next_working_day():
    assert posting_period(D(2025, 10, 4), 5) == (D(2025, 10, 9), D(2025, 10, 14))


def test_a_posting_published_on_a_saturday_runs_monday_to_friday():
    assert posting_period(D(2025, 11, 15), 5) == (D(2025, 11, 17), D(2025, 11, 21))


def test_a_posting_published_on_a_monday_ends_the_next_monday():
    assert posting_period(D(2025, 11, 17), 5) == (D(2025, 11, 17), D(2025, 11, 24))


def test_a_posting_lasts_the_configured_number_of_working_days_by_default(settings):
    settings.POSTING_WORKING_DAYS = 7

    assert posting_period(D(2025, 11, 17)) == (D(2025, 11, 17), D(2025, 11, 26))


def test_the_calendar_covers_2025_but_not_2099():
    assert calendar_covers(2025)
    assert not calendar_covers(2099)


def test_a_year_the_calendar_does_not_cover_falls_back_to_monday_to_friday(fresh_warnings):
    week = days(D(2099, 9, 28), D(2099, 10, 4))  # Monday to Sunday; 10-1 would be National Day

    assert [is_workday(day) for day in week] == [True, True, True, True, True, False, False]
    assert add_workdays(D(2099, 10, 2), 1) == D(2099, 10, 5)
    assert posting_period(D(2099, 10, 3), 5) == (D(2099, 10, 5), D(2099, 10, 9))


def test_the_fallback_warns_once_per_year_in_the_log(fresh_warnings, caplog):
    with caplog.at_level(logging.WARNING, logger="core.workdays"):
        workdays_between(D(2099, 1, 1), D(2099, 3, 1))
        is_workday(D(2098, 6, 1))
        is_workday(D(2099, 6, 1))

    warnings = [record.getMessage() for record in caplog.records if record.name == "core.workdays"]
    assert len(warnings) == 2
    assert "2099" in warnings[0]
    assert "2098" in warnings[1]


def test_a_covered_year_logs_no_warning(fresh_warnings, caplog):
    with caplog.at_level(logging.WARNING, logger="core.workdays"):
        add_workdays(D(2025, 9, 30), 20)

    assert [record for record in caplog.records if record.name == "core.workdays"] == []


@pytest.mark.parametrize("n", [0, -1, workdays.MAX_WORKDAYS + 1, 100_000])
def test_add_workdays_refuses_a_count_outside_the_guard(n):
    with pytest.raises(ValueError, match="n must be between"):
        add_workdays(D(2025, 1, 1), n)


def test_workdays_between_refuses_a_span_of_years():
    with pytest.raises(ValueError, match="longer than"):
        workdays_between(D(2020, 1, 1), D(2025, 1, 1))


def test_a_datetime_is_refused_so_a_utc_timestamp_never_gives_the_wrong_day():
    with pytest.raises(TypeError):
        is_workday(timezone.now())
    with pytest.raises(TypeError):
        add_workdays(datetime.datetime(2025, 10, 1, 8, 0), 1)
