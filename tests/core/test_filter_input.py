"""Hostile period and number input on every list, export, API list and period form: a Chinese error, never a 500.

The walk is data-driven: every URL of the permission matrix with a FilterSet (list pages and API lists) or a period
form (the dashboard, the work report, 督办考核 and its API) is asked with hostile values in each of its year, date
and number parameters, one at a time, and so are its Excel and PDF exports.
"""

import django_filters
import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core import reports
from core.forms import FiguresScopeForm
from industry_chains.forms.assessment import PeriodForm
from industry_chains.views.assessment import AssessmentView
from tests.test_permission_matrix import MATRIX

NUMBERS = ["0", "99999999999999999999", "0.0", "2026.5", "-1"]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30"]
# Pages whose period comes from a form rather than a FilterSet.
PERIOD_FORMS = {
    "core:home": FiguresScopeForm,
    "core:report_start": FiguresScopeForm,
    "members:talent_report": FiguresScopeForm,
    "industry_chains:assessment": PeriodForm,
    "api:ticketassessment-list": PeriodForm,
}


def _callbacks(resolver: URLResolver, namespace: str = "") -> dict:
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= _callbacks(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}{pattern.name}"] = pattern.callback
    return found


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _hostile_values(name: str, callback) -> dict[str, list[str]]:
    """Each period or number parameter the URL reads, with the hostile values for its kind."""
    values: dict[str, list[str]] = {}
    if name in PERIOD_FORMS:
        for field_name, field in PERIOD_FORMS[name].base_fields.items():
            if isinstance(field, forms.DateField):
                values[field_name] = DATES
            elif isinstance(field, forms.IntegerField | forms.TypedChoiceField):
                values[field_name] = NUMBERS
    filterset_class = getattr(_view_class(callback), "filterset_class", None)
    if filterset_class is not None:
        for filter_name, filter_ in filterset_class.base_filters.items():
            if isinstance(filter_, django_filters.DateFilter):
                values[filter_name] = DATES
            elif isinstance(filter_, django_filters.NumberFilter):
                values[filter_name] = NUMBERS
    if values or filterset_class is not None:
        values["page_size"] = NUMBERS  # the page size is no export's concern: asked of the page alone
    return values


def _exports(callback) -> list[str]:
    view_class = _view_class(callback)
    if getattr(view_class, "resource_class", None) is not None or view_class is AssessmentView:
        return ["", "xlsx", "pdf"]
    return [""]


def _walked() -> dict[str, tuple]:
    """url name -> (args builder, parameters with their hostile values, export formats), for every list URL
    the county admin may open."""
    callbacks = _callbacks(get_resolver())
    walked = {}
    for name, (args_builder, expected, _kind) in MATRIX.items():
        if not expected or expected["county_admin"] != 200:
            continue
        callback = callbacks[name]
        actions = getattr(callback, "actions", None)
        if actions is not None and "list" not in actions.values():
            continue  # an API record or action, not a list
        values = _hostile_values(name, callback)
        if values:
            walked[name] = (args_builder, values, _exports(callbacks[name]))
    return walked


WALKED = _walked()


@pytest.fixture
def admin_client(county_admin, as_user):
    client = as_user(county_admin)
    client.raise_request_exception = False  # a crash is a 500 to count, not an exception that ends the walk
    return client


def test_the_walk_covers_the_filtered_lists_their_exports_and_the_period_forms():
    for name in [
        "organizations:liaisonvisit_list",
        "organizations:stationedactivity_list",
        "organizations:fund_ledger",
        "industry_chains:enterpriseresult_list",
        "industry_chains:dutyturn_list",
        "industry_chains:assessment",
        "core:home",
        "core:report_start",
        "members:talent_report",
        "api:liaisonvisit-list",
        "api:fundentry-list",
        "api:ticketassessment-list",
    ]:
        assert name in WALKED
    assert {"year", "page_size"} <= set(WALKED["api:liaisonvisit-list"][1])
    assert {"start", "end"} <= set(WALKED["core:home"][1])
    assert WALKED["organizations:liaisonvisit_list"][2] == ["", "xlsx", "pdf"]
    assert len(WALKED) > 40


@pytest.mark.parametrize("name", sorted(WALKED))
def test_no_list_export_or_api_list_fails_on_a_hostile_period_or_number(name, matrix_world, admin_client):
    args_builder, values, exports = WALKED[name]
    url = reverse(name, args=args_builder(matrix_world) if args_builder else None)
    failures = []
    for parameter, hostile in values.items():
        for value in hostile:
            for export in exports if parameter != "page_size" else [""]:
                query = {parameter: value, **({"format": export} if export else {})}
                if admin_client.get(url, query).status_code >= 500:
                    failures.append(query)
    assert not failures, f"server errors on {url}: {failures}"


@pytest.mark.parametrize(
    ("field", "value"),
    [("year", value) for value in NUMBERS] + [(field, value) for field in ("start", "end") for value in DATES],
)
def test_the_work_report_form_refuses_a_hostile_period_in_chinese(field, value, world, county_admin, admin_client):
    response = admin_client.post(reverse("core:report_start"), {field: value})
    assert response.status_code == 200
    assert "请检查所选的街镇/园区和统计期间" in response.content.decode()
    assert not reports.report_jobs_recent(user=county_admin)


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("year", "0", "年度应在 1900 至 2100 之间"),
        ("year", "99999999999999999999", "年度应在 1900 至 2100 之间"),
        ("year", "0.0", "年度应在 1900 至 2100 之间"),
        ("year", "2026.5", "请输入整数"),
    ],
)
def test_an_api_list_answers_a_hostile_year_with_a_chinese_400(parameter, value, message, world, admin_client):
    response = admin_client.get(reverse("api:liaisonvisit-list"), {parameter: value})
    assert response.status_code == 400
    assert message in str(response.json()[parameter])


@pytest.mark.parametrize(
    ("parameter", "value"), [("start", "0001-01-01"), ("end", "9999-12-31"), ("start", "9999-12-31")]
)
def test_the_assessment_api_answers_a_date_out_of_range_with_a_chinese_400(parameter, value, world, admin_client):
    response = admin_client.get(reverse("api:ticketassessment-list"), {parameter: value})
    assert response.status_code == 400
    assert "日期应在 1900-01-01 至 2100-12-31 之间" in str(response.json()[parameter])


@pytest.mark.parametrize("url_name", ["core:home", "members:talent_report", "industry_chains:assessment"])
def test_the_dashboard_and_the_assessment_show_a_date_out_of_range_as_a_form_error(url_name, world, admin_client):
    response = admin_client.get(reverse(url_name), {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert "日期应在 1900-01-01 至 2100-12-31 之间" in response.content.decode()


def test_a_list_page_shows_a_hostile_year_as_a_form_error(world, admin_client):
    response = admin_client.get(reverse("organizations:liaisonvisit_list"), {"year": "0"})
    assert response.status_code == 200
    assert "年度应在 1900 至 2100 之间" in response.content.decode()
