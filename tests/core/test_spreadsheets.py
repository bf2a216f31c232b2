"""Spreadsheet formula injection: whatever a user typed comes out of every export as text, never as a live
formula; numbers stay numbers.

The export test is data-driven: on the demo county every free-text column of every record is overwritten
with a formula, then every list's Excel export, the county archive, the work report's workbook, the chain
assessment and the star distribution are downloaded and every cell is checked."""

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import URLResolver, get_resolver, resolve, reverse
from openpyxl.utils import get_column_letter

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


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?")
# Columns of the county's lists that must come out typed: (list, column, "number" or "date").
TYPED_EXPECTED = [
    ("organizations:partyorganization_list", "成立日期", "date"),
    ("organizations:entity_list", "从业人员数", "number"),
    ("organizations:instructor_list", "现指导经营主体数", "number"),
    ("scoring:monthlyresult_list", "合计", "number"),
    ("scoring:posting_list", "公示截止", "date"),
    ("industry_chains:ticket_list", "报送时间", "date"),
    ("industry_chains:ticket_list", "满意度评分", "number"),
    ("party_life:duespayment_list", "金额（元）", "number"),
]


def typed_columns(content: bytes, what: str) -> dict[str, set]:
    """The columns of a list export holding typed numbers and dates; no date may be written as text."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    headers = [cell.value for cell in sheet[3]]
    columns = {"number": set(), "date": set()}
    for row in sheet.iter_rows(min_row=4):
        for header, cell in zip(headers, row, strict=False):
            if isinstance(cell.value, str):
                assert not ISO_DATE.fullmatch(cell.value), f"{what}: {header} {cell.value} is a date written as text"
            elif cell.is_date:
                columns["date"].add(header)
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                columns["number"].add(header)
    return columns


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


def test_a_table_has_its_notes_above_a_frozen_header_typed_dates_and_fitted_widths():
    table = spreadsheets.Table(
        "党组织",
        ["名称", "党员数", "成立日期", "更新时间"],
        [["某某县某某街道某某社区党支部", 12, date(2020, 3, 1), datetime(2026, 12, 1, 9, 30)]],
        notes=["筛选条件：年度=2025", "导出时间：2026-12-02 10:00"],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.tables_xlsx([table])))["党组织"]
    assert sheet["A1"].value == "筛选条件：年度=2025" and sheet["A2"].value.startswith("导出时间")
    assert [cell.value for cell in sheet[3]] == ["名称", "党员数", "成立日期", "更新时间"] and sheet["A3"].font.b
    assert sheet.freeze_panes == "A4"
    row = sheet[4]
    assert row[1].data_type == "n" and row[2].is_date and row[3].is_date
    assert row[2].number_format == "yyyy-mm-dd" and row[3].number_format == "yyyy-mm-dd hh:mm"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert widths[0] >= 30 and widths[0] > 2 * widths[1] and min(widths) >= 10  # CJK counts double


def test_a_sheet_name_excel_refuses_is_cleaned_and_a_long_column_is_capped():
    table = spreadsheets.Table("街镇/园区:汇总[2025]", ["备注"], [["很长" * 100]])
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.tables_xlsx([table])))
    assert book.sheetnames == ["街镇园区汇总2025"]
    assert book.worksheets[0].column_dimensions["A"].width == spreadsheets.WIDTH_MAX


def export_sheet(client, name, args, query) -> tuple[str, openpyxl.worksheet.worksheet.Worksheet]:
    response = client.get(reverse(name, args=args), {**query, "format": "xlsx"})
    assert response.status_code == 200, name
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 1, name
    return book.sheetnames[0], book.worksheets[0]


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", [name for name, _arguments in list_exports()])
def test_every_list_export_is_a_sheet_a_clerk_would_keep(name, matrix_world, county_admin, as_user):
    """Named after the list in Chinese, the filters and who exported above the table, frozen header, widths."""
    from tests.test_permission_matrix import MATRIX

    args_builder = MATRIX[name][0]
    args = args_builder(matrix_world) if args_builder else None
    view = resolve(reverse(name, args=args)).func.view_class
    searchable = "q" in getattr(view.filterset_class, "base_filters", {})
    title, sheet = export_sheet(as_user(county_admin), name, args, {"q": "甲"} if searchable else {})
    assert CJK.search(title) and title not in {"Tablib Dataset", "Sheet1"}, (name, title)
    notes = sheet["A1"].value
    assert notes.startswith("筛选条件："), name
    assert ("搜索=甲" in notes) if searchable else True, (name, notes)
    assert sheet["A2"].value.startswith("导出时间：") and "导出人：县管理员" in sheet["A2"].value
    assert "数据范围：全县" in sheet["A2"].value
    assert sheet.freeze_panes == "A4", name
    headers = [cell.value for cell in sheet[3]]
    assert headers and all(headers) and sheet["A3"].font.b, name
    widths = [sheet.column_dimensions[get_column_letter(index)].width for index in range(1, len(headers) + 1)]
    assert min(widths) > 8.43, (name, widths)  # wider than Excel's default


def test_the_filter_line_names_each_filter_and_its_shown_value(world, area_reviewer, as_user):
    query = {"area": world.area_a.pk, "kind": "branch", "is_active": "true", "q": "公司"}
    _title, sheet = export_sheet(as_user(area_reviewer), "organizations:partyorganization_list", None, query)
    assert sheet["A1"].value == "筛选条件：街镇/园区=甲镇；组织类型=党支部；状态=存续；搜索=公司"
    assert "数据范围：甲镇" in sheet["A2"].value
    assert [row[0].value for row in sheet.iter_rows(min_row=4)] == ["甲公司党委", "甲公司第一党支部"]


@pytest.mark.django_db
def test_no_export_of_the_county_writes_what_a_user_typed_as_a_live_formula(as_user):
    call_command("load_demo", stdout=io.StringIO())
    poison_free_text()
    admin = User.objects.get(username="county_admin")
    client = as_user(admin)
    exports = list_exports()
    assert len(exports) > 40
    found, typed = {}, {}
    for name, arguments in exports:
        kwargs = {"pk": PARENTS[name]()} if arguments else {}
        response = client.get(reverse(name, kwargs=kwargs), {"format": "xlsx"})
        assert response.status_code == 200, name
        found[name] = assert_no_formula(response.content, name)
        typed[name] = typed_columns(response.content, name)
    # The issue's own cases: venue addresses, entity names and industries.
    assert found["organizations:venue_list"] and found["organizations:entity_list"]
    silent = sorted(name for name, count in found.items() if not count)
    assert len(silent) <= len(found) // 4, f"exports with no poisoned text at all: {silent}"
    # Numbers and dates are typed cells (a date written as text fails inside typed_columns).
    for name, column, kind in TYPED_EXPECTED:
        assert column in typed[name][kind], (name, column, typed[name])
    assert sum(bool(columns["date"]) for columns in typed.values()) >= 20
    assert sum(bool(columns["number"]) for columns in typed.values()) >= 20

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


def test_an_import_template_writes_a_choice_that_looks_like_a_formula_as_text(world, county_admin, as_user):
    """The drop-down lists hold what users named (areas): through the one writer, never a live formula."""
    world.area_b.name = FORMULA + '")'
    world.area_b.save()
    response = as_user(county_admin).get(reverse("core:import_template", args=["party-organizations"]))
    assert response.status_code == 200
    assert assert_no_formula(response.content, "template") == 1
