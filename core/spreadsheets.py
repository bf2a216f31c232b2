"""The one writer of every spreadsheet the portal hands out: list exports, the county archive, the work
report's workbook, the chain assessment, the star distribution and the import templates (``form_workbook``).

Whatever a user typed is written as text. A cell whose text starts like a formula (``= + - @``, a tab or
a carriage return) is stored as a string with Excel's own quote prefix, the apostrophe a person types
before such text: Excel, WPS and LibreOffice show it as typed and never evaluate it, not even after an
edit, and the value read back (by our own import, say) is the text unchanged. Numbers, dates and empty
cells stay what they are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.http import XLSX, file_response

# What a spreadsheet (or a CSV opened in one) takes for the start of a formula (OWASP, CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# "-3", "+1.5": numbers kept as text by a resource are no formula.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet's name
BOLD = Font(bold=True)
NOTE = Font(color="555555")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDTH_MIN, WIDTH_MAX = 8, 50  # column widths, in Latin characters
WIDTH_SAMPLE = 500  # rows measured to fit the widths
DEFINITIONS_SHEET = "指标口径"
# How the lines above a list export's table start; an import skips such lines, so an export reads back as it is.
FILTERS_NOTE = "筛选条件："
EXPORTED_NOTE = "导出时间："


@dataclass
class Table:
    """One sheet: a header row and rows below it; ``widths`` in characters, fitted to the rows when empty;
    ``notes``, lines written above the header (what a list export was filtered by, when and by whom)."""

    title: str
    headers: Sequence
    rows: Sequence[Sequence]
    widths: Sequence[float] = ()
    notes: Sequence[str] = ()


def cell_value(value):
    """A value as a cell holds it: numbers, dates and None as they are, everything else as clean text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_LEADS) and not PLAIN_NUMBER.fullmatch(text)


def cell(sheet: WriteOnlyWorksheet, value, *, font: Font | None = None, alignment: Alignment | None = None):
    """A cell of ``sheet`` holding ``value``; text is always a string cell, never a formula."""
    value = cell_value(value)
    result = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        result.data_type = "s"
        if is_formula_like(value):
            result.quotePrefix = True
    elif isinstance(value, datetime):
        result.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        result.number_format = DATE_FORMAT
    if font is not None:
        result.font = font
    if alignment is not None:
        result.alignment = alignment
    return result


def row_append(
    sheet: WriteOnlyWorksheet, values: Iterable, *, font: Font | None = None, alignment: Alignment | None = None
) -> None:
    sheet.append([cell(sheet, value, font=font, alignment=alignment) for value in values])


def new_workbook() -> Workbook:
    """A workbook whose sheets are filled row by row (constant memory whatever the rows)."""
    return Workbook(write_only=True)


def form_workbook() -> Workbook:
    """A workbook whose cells can be styled and validated after writing (an import template); fill it with
    ``cell_put`` and ``row_put`` so that its text is never a formula either."""
    return Workbook()


def cell_put(sheet, row: int, column: int, value):
    """Set a cell of a ``form_workbook`` sheet as ``cell`` writes one: text is a string cell, never a formula."""
    value = cell_value(value)
    target = sheet.cell(row=row, column=column)
    target.value = value
    if isinstance(value, str):
        target.data_type = "s"
        if is_formula_like(value):
            target.quotePrefix = True
    return target


def row_put(sheet, values: Iterable) -> None:
    """Append a row to a ``form_workbook`` sheet, each cell through ``cell_put``."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(row=1, column=1).value is not None else 1
    for column, value in enumerate(values, 1):
        cell_put(sheet, row, column, value)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def is_note_row(row: Sequence) -> bool:
    """Whether a row read from a file is one of an export's lines above its table."""
    first, rest = (row[0] if row else None), row[1:]
    return (
        isinstance(first, str)
        and first.startswith((FILTERS_NOTE, EXPORTED_NOTE))
        and all(cell in (None, "") for cell in rest)
    )


def text_width(value) -> int:
    """How wide a value shows, in Latin characters: a CJK (or other wide) character counts two; a date as
    Excel shows it."""
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = "" if value is None else str(value)
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


def fitted_widths(headers: Sequence, rows: Sequence[Sequence]) -> list[float]:
    """Column widths fitted to the header and the first rows' content, between ``WIDTH_MIN`` and ``WIDTH_MAX``."""
    sample = rows[:WIDTH_SAMPLE]
    widths = []
    for i, header in enumerate(headers):
        content = max((text_width(row[i]) for row in sample if i < len(row)), default=0)
        widths.append(min(max(WIDTH_MIN, text_width(header), content) + 2, WIDTH_MAX))
    return widths


def sheet_title(title) -> str:
    """A sheet name Excel accepts: without ``[]:*?/\\``, at most 31 characters."""
    return SHEET_TITLE_FORBIDDEN.sub("", str(title)).strip()[:SHEET_TITLE_MAX] or "Sheet1"


def table_write(workbook: Workbook, table: Table) -> None:
    """A sheet with its notes on top, then a bold header row, frozen with everything above it, and the rows."""
    sheet = workbook.create_sheet(title=sheet_title(table.title))
    sheet.freeze_panes = f"A{len(table.notes) + 2}"
    widths = table.widths or fitted_widths(table.headers, table.rows)
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    for note in table.notes:
        row_append(sheet, [note], font=NOTE)
    row_append(sheet, table.headers, font=BOLD)
    for row in table.rows:
        row_append(sheet, row)


def definitions_table(definitions: Iterable, title: str = DEFINITIONS_SHEET) -> Table:
    """The 指标口径 sheet: each figure's label, unit, definition, the filters it follows and its key (the
    ``core.figures.Definition`` of a workbook's figures or columns, in their order)."""
    return Table(
        title=title,
        headers=["指标", "单位", "口径", "统计范围", "代码"],
        rows=[[d.label, d.unit, d.definition, d.filters, d.key] for d in definitions],
        widths=[30, 8.43, 90, 30, 28],
    )


def tables_xlsx(tables: Iterable[Table]) -> bytes:
    """A workbook of one sheet per table."""
    workbook = new_workbook()
    for table in tables:
        table_write(workbook, table)
    return workbook_bytes(workbook)


def dataset_table(dataset, title: str = "Sheet1", *, notes: Sequence[str] = ()) -> Table:
    """A tablib dataset (what an import-export resource exports) as a table."""
    return Table(title=dataset.title or title, headers=dataset.headers or [], rows=list(dataset), notes=notes)


def xlsx_response(tables: Iterable[Table], filename: str):
    """A workbook download."""
    return file_response(tables_xlsx(tables), filename, XLSX)
