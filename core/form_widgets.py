"""The one set of form widgets: every form and filter in the project takes its date, month, date-time, time,
count and money inputs from here (tests/core/test_form_widgets.py walks every form and fails on another).

Each widget renders its value in the form the browser's input expects (``<input type="date">`` accepts only
``2020-05-01``: the zh-hans ``2020/05/01`` shows as empty and is then submitted as empty, which erased dates on
a page saved unchanged), and reads back what Chinese users type where a browser lets them type: full-width
digits, spaces, ``2020/5/1``, ``2020.5.1``, ``2020年5月1日``, ``20200501``.
"""

import re
import unicodedata
from datetime import date

from django import forms

# The years a date may name anywhere in the portal, typed into a form or a filter. Wider ranges only invite dates
# the calendar arithmetic cannot hold (the day after 9999-12-31, local midnight of 0001-01-01 in UTC) and say
# nothing about the programme. core.forms reports them in its period fields; the inputs below tell the browser.
YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_MIN, DATE_MAX = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)
OUT_OF_RANGE = f"（超出 {YEAR_MIN}—{YEAR_MAX} 年）"

_DATE_SEPARATORS = re.compile(r"\s*[/.\-年月]\s*")
_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalise_typed(value):
    """Full-width letters and digits made ASCII (NFKC), surrounding spaces removed; anything else unchanged."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFKC", value).strip()


def normalise_date_text(value, *, month_only: bool = False):
    """A date as Chinese users type it, as ISO text (``2020-05-01``); text that is no date is returned as typed,
    so the field reports it. With ``month_only`` a month (``2020-05``, ``2020年5月``) is also taken, as its 1st."""
    text = normalise_typed(value)
    if not isinstance(text, str) or text == "":
        return text
    compact = _COMPACT_DATE.match(text)
    if compact:
        year, month, day = compact.groups()
    else:
        dashed = _DATE_SEPARATORS.sub("-", text.removesuffix("日")).strip("-")
        match = _DATE_TEXT.match(dashed)
        if not match:
            return text
        year, month, day = match.groups()
        if day is None:
            if not month_only:
                return text
            day = "1"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def refuse_out_of_range(text):
    """An ISO date or date-time text whose year is outside YEAR_MIN..YEAR_MAX, marked so that no date field reads
    it (the field answers that it is no valid date and nothing is saved); anything else unchanged."""
    if isinstance(text, str) and re.match(r"^\d{4}-", text) and not YEAR_MIN <= int(text[:4]) <= YEAR_MAX:
        return text + OUT_OF_RANGE
    return text


class DateInput(forms.DateInput):
    """A date: rendered as ISO for ``<input type="date">``; typed Chinese forms read back; a year outside
    YEAR_MIN..YEAR_MAX is not read as a date (the browser is told the same bounds)."""

    input_type = "date"

    def __init__(self, attrs=None):
        bounds = {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}
        super().__init__(attrs={**bounds, **(attrs or {})}, format="%Y-%m-%d")

    def value_from_datadict(self, data, files, name):
        return refuse_out_of_range(normalise_date_text(super().value_from_datadict(data, files, name)))


class MonthInput(forms.DateInput):
    """A month, stored as its 1st day: ``<input type="month">`` shows and submits ``2026-05``."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"min": f"{YEAR_MIN}-01", "max": f"{YEAR_MAX}-12", **(attrs or {})}, format="%Y-%m")

    def value_from_datadict(self, data, files, name):
        return refuse_out_of_range(normalise_date_text(super().value_from_datadict(data, files, name), month_only=True))

    def format_value(self, value):
        # A bound form shows what was read back (``2026-05-01``), which the month input would show as empty.
        if isinstance(value, str) and _DATE_TEXT.match(value):
            return value[:7]
        return super().format_value(value)


class DateTimeInput(forms.DateTimeInput):
    """A date and time for ``<input type="datetime-local">`` (``2026-05-01T09:30``)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        bounds = {"min": f"{DATE_MIN.isoformat()}T00:00", "max": f"{DATE_MAX.isoformat()}T23:59"}
        super().__init__(attrs={**bounds, **(attrs or {})}, format="%Y-%m-%dT%H:%M")

    def value_from_datadict(self, data, files, name):
        value = normalise_typed(super().value_from_datadict(data, files, name))
        if isinstance(value, str) and value:
            date_part, _sep, time_part = value.replace("T", " ", 1).partition(" ")
            value = f"{normalise_date_text(date_part)} {time_part.strip()}".strip()
        return refuse_out_of_range(value)


class HiddenDateInput(forms.HiddenInput):
    """A date carried in a hidden field (a preview's values to its confirmation): ISO, bounded like the others."""

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return refuse_out_of_range(normalise_date_text(super().value_from_datadict(data, files, name)))


class TimeInput(forms.TimeInput):
    """A time of day for ``<input type="time">`` (``09:30``)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")

    def value_from_datadict(self, data, files, name):
        value = normalise_typed(super().value_from_datadict(data, files, name))
        return value.replace("：", ":") if isinstance(value, str) else value


class TimesInput(forms.NumberInput):
    """A number of times (whole, not negative), with the phone's numeric keypad."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"min": 0, "step": 1, "inputmode": "numeric", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        return normalise_typed(super().value_from_datadict(data, files, name))


def normalise_money_text(value):
    """An amount as users type it (``1,000.50``, ``¥1000``, ``1000元``, full-width digits) as plain decimal text;
    anything else unchanged, so the field reports it."""
    value = normalise_typed(value)
    if isinstance(value, str):
        value = value.replace(",", "").removeprefix("¥").removesuffix("元").strip()
    return value


class MoneyInput(forms.NumberInput):
    """An amount in yuan (two decimals), with the phone's decimal keypad; ``1,000.50`` and ``¥1000`` read back."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "0.01", "inputmode": "decimal", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        return normalise_money_text(super().value_from_datadict(data, files, name))


class YesNoFilterSelect(forms.NullBooleanSelect):
    """A yes/no filter: 全部 (no filtering), 是, 否 — not the library's 未知, which reads as a fourth state."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "全部"), ("true", "是"), ("false", "否")]


# Every date or time field must use one of these (see tests/core/test_form_widgets.py).
DATE_AND_TIME_WIDGETS = (DateInput, MonthInput, DateTimeInput, TimeInput, HiddenDateInput)
