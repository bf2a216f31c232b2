"""Spreadsheet formula injection: whatever a user typed comes out of every export as text, never as a live
formula; numbers stay numbers.

The export test is data-driven: on the demo county every free-text column of every record is overwritten
with a formula, then every list's Excel export, the county archive, the work report's workbook, the chain
assessment and the star distribution are downloaded and every cell is checked."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import URLResolver, get_resolver, reverse

from core import archive, reports, spreadsheets
from core.mixins import ScopedListView
from core.models import User
from members.models import Nomination
from organizations.models import FundEntry, SurveyRecord
from scoring.models import RatingCampaign

FORMULA = '=HYPERLINK("http://x.example/","'
OUR_APPS = {"core", "organizations", "members", "scoring", "industry_chains"}


def cells_of(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(content: bytes, what: str) -> int:
    """No formula anywhere; the poisoned text kept as typed with Excel's quote prefix. Returns how many."""
    cells = cells_of(content)
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not formulas, f"{what}: live formulas in {formulas[:5]}"
    poisoned = [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith(FORMULA)]
    assert all(cell.quotePrefix for cell in poisoned), what
    return len(poisoned)


def poison_free_text() -> None:
    """Every free-text column of our models (no choices, not unique but for names, long enough) starts like a
    formula."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        updates = {}
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and (not field.unique or field.name == "name")
                and not field.primary_key
                and (field.max_length is None or field.max_length >= len(FORMULA) + 12)
            ):
                # Unique per row (the pk in it): constraints over several columns still hold.
                updates[field.name] = Concat(
                    Value(FORMULA), Cast("pk", models.CharField()), Value('")'), output_field=field
                )
        if updates:
            model._default_manager.all().update(**updates)


def list_exports() -> list[tuple[str, type]]:
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
                continue
            view = getattr(pattern.callback, "view_class", None)
            if view and issubclass(view, ScopedListView) and view.resource_class is not None:
                found.append((f"{namespace}{pattern.name}", pattern.pattern.regex.groupindex))

    walk(get_resolver().url_patterns)
    return found


# Lists of one record's rows (a campaign's, an organisation's ledger): the record that has some.
PARENTS = {
    "organizations:surveycampaign_detail": lambda: SurveyRecord.objects.values_list("campaign", flat=True)[0],
    "organizations:fund_ledger": lambda: FundEntry.objects.values_list("party_organization", flat=True)[0],
    "members:selectioncampaign_detail": lambda: Nomination.objects.values_list("campaign", flat=True)[0],
    "members:selectioncampaign_winners": lambda: Nomination.objects.values_list("campaign", flat=True)[0],
}


@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")'])
def test_text_that_starts_like_a_formula_is_written_as_text_with_the_quote_prefix(text):
    content = spreadsheets.tables_xlsx([spreadsheets.Table("表", ["内容"], [[text]])])
    cell = openpyxl.load_workbook(io.BytesIO(content))["表"]["A2"]
    assert cell.data_type == "s"
    assert cell.value.strip() == text.strip()  # a lone CR reads back as LF (XML line ends)
    assert cell.quotePrefix


def test_numbers_stay_numbers_and_plain_text_gets_no_prefix():
    rows = [[3, -2.5, Decimal("-1.50"), "-3", "中都街道", None]]
    content = spreadsheets.tables_xlsx([spreadsheets.Table("表", list("ABCDEF"), rows)])
    row = next(openpyxl.load_workbook(io.BytesIO(content))["表"].iter_rows(min_row=2))
    assert [cell.value for cell in row] == [3, -2.5, -1.5, "-3", "中都街道", None]
    assert [cell.data_type for cell in row[:3]] == ["n", "n", "n"]
    assert not any(cell.quotePrefix for cell in row)


@pytest.mark.django_db
def test_no_export_of_the_county_writes_what_a_user_typed_as_a_live_formula(as_user):
    call_command("load_demo", stdout=io.StringIO())
    poison_free_text()
    admin = User.objects.get(username="county_admin")
    client = as_user(admin)
    exports = list_exports()
    assert len(exports) > 40
    found = {}
    for name, arguments in exports:
        kwargs = {"pk": PARENTS[name]()} if arguments else {}
        response = client.get(reverse(name, kwargs=kwargs), {"format": "xlsx"})
        assert response.status_code == 200, name
        found[name] = assert_no_formula(response.content, name)
    # The issue's own cases: venue addresses, entity names and industries.
    assert found["organizations:venue_list"] and found["organizations:entity_list"]
    silent = sorted(name for name, count in found.items() if not count)
    assert len(silent) <= len(found) // 4, f"exports with no poisoned text at all: {silent}"

    job_id = archive.archive_start(by=admin)
    assert archive.archive_build(job_id=job_id)
    with default_storage.open(archive.archive_job_get(job_id)["path"], "rb") as file:
        bundle = zipfile.ZipFile(io.BytesIO(file.read()))
    assert sum(assert_no_formula(bundle.read(name), name) for name in bundle.namelist())

    job_id = reports.report_start(by=admin)
    assert reports.work_report_build(job_id=job_id)
    with default_storage.open(reports.report_file_path(job_id, "xlsx"), "rb") as file:
        assert assert_no_formula(file.read(), "work report")

    response = client.get(reverse("industry_chains:assessment"), {"format": "xlsx"})
    assert assert_no_formula(response.content, "assessment")

    campaign = RatingCampaign.objects.visible_to(admin).first()
    response = client.get(reverse("scoring:ratingcampaign_detail", args=[campaign.pk]), {"format": "xlsx"})
    assert assert_no_formula(response.content, "star distribution")
