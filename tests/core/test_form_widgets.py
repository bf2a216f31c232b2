"""One set of form widgets: every date or time input in the project renders what the browser accepts.

A bare ``forms.DateInput`` renders ``2020/05/01`` under zh-hans; ``<input type="date">`` shows that as empty
and submits it as empty, so a page saved unchanged erased its dates. The walk below imports every module of
the project's apps and fails on any form or filter whose date or time field uses another widget.
"""

import datetime
import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from core import form_widgets
from core.form_widgets import DateInput, DateTimeInput, MoneyInput, MonthInput, TimeInput, TimesInput

DATE_TIME_FIELDS = (forms.DateField, forms.DateTimeField, forms.TimeField, forms.SplitDateTimeField)


def _project_apps():
    root = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if root in Path(config.path).resolve().parents and "site-packages" not in Path(config.path).parts
    ]


def _import_everything():
    """Imports every module of the project's apps (not migrations), so every form class exists."""
    for config in _project_apps():
        module = config.module
        importlib.import_module(module.__name__)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}."):
            if ".migrations" in info.name or ".management." in info.name:
                continue
            importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _is_ours(cls):
    names = {config.name for config in _project_apps()}
    return cls.__module__.split(".")[0] in names


def _date_time_fields():
    """(where, field name, widget) of every date or time field declared on a form or filter of the project."""
    _import_everything()
    found = []
    for form_class in {c for c in _subclasses(forms.BaseForm) if _is_ours(c)}:
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, DATE_TIME_FIELDS):
                found.append((f"{form_class.__module__}.{form_class.__qualname__}", name, field.widget))
    for filterset in {c for c in _subclasses(django_filters.FilterSet) if _is_ours(c)}:
        for name, declared in filterset.base_filters.items():
            if issubclass(declared.field_class, DATE_TIME_FIELDS):
                field = declared.field  # built with the filter's own widget, as the page renders it
                found.append((f"{filterset.__module__}.{filterset.__qualname__}", name, field.widget))
    return found


def test_the_walk_finds_the_forms_it_must_check():
    """The walk cannot pass by finding nothing: it sees the organisation form's founding date and a date filter."""
    where = {(place.rsplit(".", 1)[-1], name) for place, name, _widget in _date_time_fields()}
    assert ("PartyOrganizationForm", "founded_on") in where
    assert ("TicketFilterSet", "reported_after") in where


def test_every_date_and_time_field_uses_one_of_the_shared_widgets():
    wrong = [
        f"{place}.{name}: {type(widget).__module__}.{type(widget).__name__}"
        for place, name, widget in _date_time_fields()
        if not isinstance(widget, form_widgets.DATE_AND_TIME_WIDGETS)
    ]
    assert wrong == [], "date/time fields must use core.form_widgets:\n" + "\n".join(sorted(wrong))


@pytest.mark.parametrize(
    ("widget", "value", "rendered"),
    [
        (DateInput(), datetime.date(2020, 5, 1), "2020-05-01"),
        (MonthInput(), datetime.date(2026, 5, 1), "2026-05"),
        (DateTimeInput(), datetime.datetime(2026, 5, 1, 9, 30), "2026-05-01T09:30"),
        (TimeInput(), datetime.time(9, 30), "09:30"),
    ],
)
def test_values_render_as_the_browser_input_expects_under_zh_hans(widget, value, rendered):
    """zh-hans is the site's language: the rendered value is still the ISO form the browser accepts."""
    assert settings.LANGUAGE_CODE == "zh-hans"
    html = widget.render("field", value)
    assert f'value="{rendered}"' in html
    assert f'type="{widget.input_type}"' in html


@pytest.mark.parametrize(
    "typed",
    ["2020-05-01", "2020/5/1", "2020.05.01", "2020年5月1日", " ２０２０－０５－０１ ", "20200501", "2020 / 05 / 01"],
)
def test_a_date_field_reads_what_chinese_users_type(typed):
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())

    form = Form({"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == datetime.date(2020, 5, 1)


def test_a_date_that_is_no_date_is_refused_in_chinese_not_guessed():
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())

    form = Form({"on": "2020-13-01"})
    assert not form.is_valid()
    assert "有效的日期" in form.errors["on"][0]


@pytest.mark.parametrize("typed", ["2026-05", "2026年5月", "2026/05", "2026-05-01"])
def test_a_month_field_reads_a_month_as_its_first_day(typed):
    class Form(forms.Form):
        month = forms.DateField(widget=MonthInput())

    form = Form({"month": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == datetime.date(2026, 5, 1)


def test_a_bound_month_filter_shows_the_month_it_filters_by():
    class Form(forms.Form):
        month = forms.DateField(widget=MonthInput())

    assert 'value="2026-05"' in str(Form({"month": "2026-05-01"})["month"])
    assert 'value="2026-05"' in str(Form({"month": "2026-05"})["month"])


def test_date_time_time_count_and_money_read_what_is_typed():
    class Form(forms.Form):
        at = forms.DateTimeField(widget=DateTimeInput())
        time = forms.TimeField(widget=TimeInput())
        times = forms.IntegerField(widget=TimesInput())
        amount = forms.DecimalField(decimal_places=2, widget=MoneyInput())

    form = Form({"at": "2026/5/1T09:30", "time": "９：３０", "times": "３", "amount": "¥1,000.50"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"].replace(tzinfo=None) == datetime.datetime(2026, 5, 1, 9, 30)
    assert form.cleaned_data["time"] == datetime.time(9, 30)
    assert form.cleaned_data["times"] == 3
    assert form.cleaned_data["amount"] == Decimal("1000.50")


def _field_of(place: str, name: str):
    module, _dot, qualname = place.rpartition(".")
    owner = getattr(importlib.import_module(module), qualname)
    if hasattr(owner, "base_filters"):
        return owner.base_filters[name].field
    return owner.base_fields[name]


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_no_form_or_filter_in_the_project_reads_a_date_outside_the_portal_years(typed):
    """A hostile or mistyped year (0001, 9999) used to be saved by any data-entry form, then broke the working-day
    arithmetic and the period figures that read it. Every date, month and date-time field of every form and
    filter now refuses it, with nothing saved, and the browser is told the same bounds."""
    read = []
    for place, name, widget in _date_time_fields():
        if isinstance(widget, TimeInput):
            continue
        field = _field_of(place, name)
        text = f"{typed}T09:30" if isinstance(widget, DateTimeInput) else typed
        if isinstance(widget, MonthInput):
            text = typed[:7]
        value = widget.value_from_datadict({name: text}, {}, name)
        try:
            field.clean(value)
        except forms.ValidationError:
            continue
        read.append(f"{place}.{name}")
    assert read == [], "fields that read an out-of-range date:\n" + "\n".join(sorted(read))
    assert 'min="1900-01-01"' in DateInput().render("on", None)
    assert 'max="2100-12"' in MonthInput().render("month", None)


def test_the_portal_years_themselves_are_read():
    class Form(forms.Form):
        first = forms.DateField(widget=DateInput())
        last = forms.DateField(widget=DateInput())

    form = Form({"first": "1900-01-01", "last": "2100-12-31"})
    assert form.is_valid(), form.errors
