"""Spreadsheet import shared by every area: template, preview (dry run), all-or-nothing commit.

An import is an ``ImportJob``. Validating and committing both run the whole file inside one
transaction through the area's resource (whose ``save_instance`` calls the area's service), then
check that every written row is inside ``editable_by(user)``. Validation always rolls back; a
commit rolls back unless every row passed. Progress goes to the cache so the page can poll it
while the transaction is still open.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.encoding import force_str
from import_export import exceptions as import_export_exceptions
from import_export import fields as fields_module
from import_export import resources, widgets

from core import spreadsheets
from core.choices import ImportStatus
from core.form_widgets import normalise_typed
from core.jobs import BROKER_DOWN, REQUEUED, RERUN, task_send, worker_alive, worker_gone
from core.models import ImportJob, User

logger = logging.getLogger(__name__)

MAX_ROWS = 100_000
PREVIEW_ROWS = 20
PROGRESS_EVERY = 200
# A template's example row starts with this word; it shows how to fill in and is never imported.
EXAMPLE_MARK = "示例"
INSTRUCTIONS_SHEET = "填写说明"
NOT_A_WORKBOOK = "无法读取“{name}”：它不是 Excel 工作簿。请用下载的模板填写，在 Excel 中“另存为” .xlsx 后再上传。"
_SPACES = re.compile(r"\s+")
# Widgets whose cells are codes, numbers, dates or choices: full-width digits and letters are made ASCII.
TYPED_WIDGETS = (
    widgets.IntegerWidget,
    widgets.DecimalWidget,
    widgets.FloatWidget,
    widgets.DateWidget,
    widgets.DateTimeWidget,
    widgets.BooleanWidget,
)


@dataclass(frozen=True)
class ImportKind:
    """What one import key brings in: its resource, its model and where its list lives."""

    key: str
    label: str
    resource_class: type[ScopedModelResource]
    list_url_name: str

    @property
    def model(self):
        return self.resource_class._meta.model


_REGISTRY: dict[str, ImportKind] = {}


def register_import(key: str, *, label: str, list_url_name: str):
    """Class decorator registering a resource as an importable kind under ``key``."""

    def decorator(resource_class):
        _REGISTRY[key] = ImportKind(key, label, resource_class, list_url_name)
        return resource_class

    return decorator


def get_import_kind(key: str) -> ImportKind | None:
    return _REGISTRY.get(key)


class ScopedModelResource(resources.ModelResource):
    """A resource that knows its user: exports read its scope, imports may only write inside it."""

    def __init__(self, *, user: User | None = None, job: ImportJob | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.job = job
        self.written_pks: list = []  # filled by resources that write in bulk (rows then carry no id)

    def export_field(self, field, instance, **kwargs):
        """A cell's value; in a workbook (``force_native_type``) a column declared without a widget keeps its
        numbers and dates as they are, for typed cells, instead of the library's text."""
        value = super().export_field(field, instance, **kwargs)
        dehydrate = field.get_dehydrate_method(self.get_field_name(field))
        plain = type(field.widget) is widgets.Widget and not callable(dehydrate) and not hasattr(self, dehydrate)
        if kwargs.get("force_native_type") and plain and isinstance(value, str):
            raw = field.get_value(instance)
            if isinstance(raw, int | float | Decimal | date) and not isinstance(raw, bool):
                return raw
        return value

    def get_import_fields(self):
        # django-import-export rebuilds this list for every row; it cannot change during one import.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # What the columns are, for the header check, the cell normalisation and the template's 填写说明.
    # Codes typed by hand: every space dropped, full-width made ASCII, letters in capitals.
    compact_columns: tuple[str, ...] = ()
    # Columns a file may leave out (the rest of the template's columns must be there).
    optional_columns: tuple[str, ...] = ()
    # Columns that must be filled on every row; None means the model's required fields.
    required_values: tuple[str, ...] | None = None
    # Columns that together identify a row: a second row with the same values repeats the first.
    # None means the resource's ``import_id_fields``.
    duplicate_columns: tuple[str, ...] | None = None
    # Column -> (meaning, format) for the template's 填写说明; choice columns list their options themselves.
    column_help: dict[str, tuple[str, str]] = {}

    def import_columns(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def known_columns(self) -> list[str]:
        """Every column a file may carry: the template's and the export's."""
        names = [field.column_name for field in self.get_export_fields()]
        return names + [name for name in self.import_columns() if name not in names]

    def required_columns(self) -> list[str]:
        id_columns = set(self.id_columns())
        return [
            field.column_name
            for field in self.get_import_fields()
            if (not field.readonly or field.column_name in id_columns)
            and field.column_name not in self.optional_columns
        ]

    def id_columns(self) -> list[str]:
        by_attribute = {field.attribute: field.column_name for field in self.get_import_fields()}
        return [by_attribute.get(name, self.fields[name].column_name) for name in self._meta.import_id_fields]

    def value_required_columns(self) -> list[str]:
        if self.required_values is not None:
            return list(self.required_values)
        model = self._meta.model
        required = []
        for field in self.get_import_fields():
            if field.readonly or not field.attribute or "__" in field.attribute:
                continue
            model_field = next((f for f in model._meta.concrete_fields if f.name == field.attribute), None)
            if model_field is None or model_field.blank or model_field.has_default() or model_field.null:
                continue
            required.append(field.column_name)
        return required

    def repeat_columns(self) -> list[str]:
        return list(self.duplicate_columns) if self.duplicate_columns is not None else self.id_columns()

    def excel_row(self, number: int) -> int:
        """The row number Excel shows for the ``number``-th data row (blank and example rows skipped)."""
        rows = getattr(self, "excel_rows", None)
        if rows and 0 < number <= len(rows):
            return rows[number - 1]
        return number + 1

    committing = False  # set by the job: False while validating (everything is rolled back)

    def after_commit(self, job: ImportJob) -> None:
        """Hook: what to keep once the whole file is written (an accounts import keeps its password slips)."""

    def prepare_dataset(self, dataset: tablib.Dataset) -> None:
        """Hook: reorder the rows before they are checked (moving ``dataset.excel_rows`` with them)."""

    def repeats_find(self, dataset: tablib.Dataset) -> None:
        """Rows repeating an earlier row's identifying columns, found in one pass before any row is checked."""
        self.repeats: dict[int, str] = {}
        headers = list(dataset.headers or [])
        columns = [column for column in self.repeat_columns() if column in headers]
        if not columns:
            return
        positions = [headers.index(column) for column in columns]
        first_seen: dict[tuple, int] = {}
        for number, row in enumerate(dataset, 1):
            key = tuple(str(row[position]).strip() if row[position] is not None else "" for position in positions)
            if not any(key):
                continue
            earlier = first_seen.setdefault(key, number)
            if earlier != number:
                self.repeats[number] = f"与第 {self.excel_row(earlier)} 行重复（{'、'.join(columns)}相同）"

    def _import_plan(self) -> list[tuple]:
        """How each column is read, worked out once per file: the row loop then does no bookkeeping."""
        plan = self.__dict__.get("_plan")
        if plan is None:
            required = frozenset(self.value_required_columns())
            plan = []
            for field in self.get_import_fields():
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    continue
                attribute = field.attribute
                if not attribute:
                    mode = "none"  # read by import_relations; only its blank-required check happens here
                elif "__" in attribute:
                    mode = "path"
                elif field.readonly:
                    mode = "none"
                else:
                    mode = "plain"
                has_default = field.default is not fields_module.NOT_PROVIDED
                plan.append(
                    (
                        field,
                        field.column_name,
                        attribute or field.column_name,
                        attribute,
                        mode,
                        field.column_name in required,
                        field.widget.clean,
                        has_default,
                        field.saves_null_values,
                    )
                )
            self._plan = plan
        return plan

    def import_instance(self, instance, row, **kwargs):
        """Every cell of the row checked, then the row's relations: all of its problems are reported at once.

        A blank required cell, a value a widget refuses (a ValueError per field), a row repeating an earlier
        one; then ``import_relations`` (names looked up in the database). Plain fields are read by their
        widget directly (what the library's ``Field.clean`` does, defaults included, without its per-cell
        overhead; a widget is given the row, not the import's keyword arguments, which none of them reads);
        fields with a ``__`` path go through the library. None is not written unless the field
        saves nulls.
        """
        errors: dict[str, list] = {}
        for field, column, key, attribute, mode, required, clean, has_default, saves_null in self._import_plan():
            # errors are keyed as the model knows the field, labelled by column
            if column not in row:
                continue
            value = row[column]
            if required and (value is None or value == ""):
                errors.setdefault(key, []).append(ValidationError("必须填写", code="required"))
                continue
            if mode == "plain":
                try:
                    cleaned = clean(value, row=row)
                except ValueError as error:
                    errors.setdefault(key, []).append(ValidationError(force_str(error), code="invalid"))
                    continue
                if has_default and cleaned in field.empty_values:
                    cleaned = field.default() if callable(field.default) else field.default
                if cleaned is not None or saves_null:
                    setattr(instance, attribute, cleaned)
            elif mode == "path":
                try:
                    self.import_field(field, instance, row, **kwargs)
                except ValueError as error:
                    errors.setdefault(key, []).append(ValidationError(force_str(error), code="invalid"))
        repeat = getattr(self, "repeats", {}).get(kwargs.get("row_number"))
        if repeat:
            errors.setdefault("__all__", []).append(ValidationError(repeat, code="unique"))
        try:
            self.import_relations(instance, row, failed=set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_relations(self, instance, row, *, failed: set[str]) -> None:
        """Hook: look up what the row names (parents, covering organisations); raise ValidationError by column."""

    # A resource that only ever creates rows, written in bulk (``use_bulk``), checks its rows in the loop
    # below instead of the library's: no instance to look up, no diff, update or delete to consider,
    # and no per-row transaction decision. The hooks are the library's own, called in the same order
    # (``after_import_row`` also after a refused row, so a resource may stop writing once one is refused);
    # what the library adds per row costs, for 10,000 people, about as much as writing them.
    creates_only = False

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        if not (self.creates_only and self._meta.use_bulk) or collect_failed_rows:
            return super().import_data_inner(
                dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
            )
        from import_export.results import RowResult
        from import_export.utils import atomic_if_using_transaction

        using = self.get_db_connection_name()
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        try:
            with atomic_if_using_transaction(using_transactions, using=using):
                self.before_import(dataset, **kwargs)
            self._check_import_id_fields(dataset.headers)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        result.total_rows = len(dataset)
        headers = dataset.headers
        model = self._meta.model
        kwargs.update(dry_run=dry_run, using_transactions=using_transactions)
        for number, values in enumerate(dataset, 1):
            row = dict(zip(headers, values, strict=True))
            kwargs["row_number"] = number
            row_result = RowResult()
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            try:
                self.before_import_row(row, **kwargs)
                instance = model()
                errors: dict = {}
                try:
                    self.import_instance(instance, row, **kwargs)
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
                self.validate_instance(instance, errors)
                self.save_instance(instance, True, row, **kwargs)
                row_result.add_instance_info(instance)
                self.after_import_row(row, row_result, **kwargs)
            except ValidationError as error:
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = error
                result.append_invalid_row(number, row, error)
                self.after_import_row(row, row_result, **kwargs)  # refused rows too: writing can stop
            except Exception as error:
                row_result.import_type = RowResult.IMPORT_TYPE_ERROR
                row_result.errors.append(self.get_error_result_class()(error, row=row, number=number))
                result.append_error_row(number, row, row_result.errors)
                self.after_import_row(row, row_result, **kwargs)
            result.increment_row_result_total(row_result)
            result.append_row_result(row_result)
            if raise_errors and (row_result.errors or row_result.validation_error):
                failure = row_result.errors[-1].error if row_result.errors else row_result.validation_error
                raise import_export_exceptions.ImportError(failure, number=number, row=row)
            if len(self.create_instances) == self._meta.batch_size:
                with atomic_if_using_transaction(using_transactions, using=using):
                    self.bulk_create(
                        using_transactions, dry_run, raise_errors, batch_size=self._meta.batch_size, result=result
                    )
        with atomic_if_using_transaction(using_transactions, using=using):
            self.bulk_create(using_transactions, dry_run, raise_errors, result=result)
        try:
            with atomic_if_using_transaction(using_transactions, using=using):
                self.after_import(dataset, result, **kwargs)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        return result

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number") or 0
        if self.job is not None and number % PROGRESS_EVERY == 0:
            progress_set(self.job.pk, number)

    def template_dataset(self) -> tablib.Dataset:
        """An empty sheet with the Chinese column headers (the template workbook's first row)."""
        return tablib.Dataset(headers=self.get_export_headers())

    # --- the template a clerk fills in without training --------------------------------------------

    def template_choices(self) -> dict[str, list[str]]:
        """Column -> the values a drop-down offers: choice columns, 是/否, and the county's areas."""
        from core.widgets import ChoiceLabelWidget, YesNoWidget

        choices: dict[str, list[str]] = {}
        for field in self.get_import_fields():
            widget = field.widget
            if isinstance(widget, ChoiceLabelWidget):
                choices[field.column_name] = [str(label) for _value, label in widget.choices]
            elif isinstance(widget, YesNoWidget | widgets.BooleanWidget):
                choices[field.column_name] = ["是", "否"]
            elif isinstance(widget, widgets.ForeignKeyWidget) and widget.model._meta.label == "organizations.Area":
                choices[field.column_name] = list(widget.model._default_manager.values_list(widget.field, flat=True))
        return choices

    def template_format(self, column: str) -> str:
        """How a column is written, for the 填写说明 sheet."""
        from core.widgets import CountWidget, DateCellWidget

        if column in self.column_help:
            return self.column_help[column][1]
        field = next((f for f in self.get_import_fields() if f.column_name == column), None)
        widget = field.widget if field is not None else None
        if isinstance(widget, DateCellWidget | widgets.DateWidget):
            return "日期，如 2024-03-01（也可写 2024/3/1、2024年3月1日）"
        if isinstance(widget, CountWidget | widgets.IntegerWidget):
            return "0 或正整数，只写数字"
        if column in self.template_choices():
            return "从下拉列表中选择"
        return "文字"

    def template_meaning(self, column: str) -> str:
        if column in self.column_help:
            return self.column_help[column][0]
        field = next((f for f in self.get_import_fields() if f.column_name == column), None)
        if field is not None and field.attribute and "__" not in field.attribute:
            model_field = next((f for f in self._meta.model._meta.fields if f.name == field.attribute), None)
            if model_field is not None and model_field.help_text:
                return str(model_field.help_text)
        return column

    def template_example(self, column: str) -> str:
        """A plausible value for the example row."""
        from core.widgets import CountWidget, DateCellWidget

        choices = self.template_choices().get(column)
        if choices:
            return choices[0]
        field = next((f for f in self.get_import_fields() if f.column_name == column), None)
        widget = field.widget if field is not None else None
        if isinstance(widget, DateCellWidget | widgets.DateWidget):
            return "2024-03-01"
        if isinstance(widget, CountWidget | widgets.IntegerWidget):
            return "10"
        return ""

    def template_workbook(self, *, title: str) -> bytes:
        """The template: a data sheet (frozen bold header, widths, one example row, drop-downs for choice
        columns), a 填写说明 sheet describing each column, and a hidden sheet holding the drop-down lists."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        headers = list(self.template_dataset().headers)
        required = set(self.value_required_columns())
        choices = self.template_choices()
        book = spreadsheets.form_workbook()
        sheet = book.active
        sheet.title = spreadsheets.sheet_title(title or "导入")
        spreadsheets.row_put(sheet, headers)
        example = [self.template_example(column) for column in headers]
        example[0] = f"{EXAMPLE_MARK}：{example[0]}" if example[0] else f"{EXAMPLE_MARK}（本行导入时忽略）"
        spreadsheets.row_put(sheet, example)
        header_fill = PatternFill("solid", fgColor="FCE4E4")
        for index, column in enumerate(headers, 1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True, color="C00000" if column in required else "000000")
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            sheet.cell(row=2, column=index).font = Font(italic=True, color="808080")
            # CJK characters are about twice as wide as Latin ones.
            width = sum(2 if ord(char) > 0x2E80 else 1 for char in column)
            sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, width + 4))
            if column in self.compact_columns or self.template_format(column).startswith("日期"):
                for row in range(2, 1002):
                    sheet.cell(row=row, column=index).number_format = "@"  # codes and dates kept as typed
        sheet.freeze_panes = "A2"

        lists = book.create_sheet("选项")
        lists.sheet_state = "hidden"
        for index, column in enumerate(headers, 1):
            values = choices.get(column)
            if not values:
                continue
            letter = get_column_letter(index)
            spreadsheets.cell_put(lists, 1, index, column)
            for offset, value in enumerate(values, 2):
                spreadsheets.cell_put(lists, offset, index, value)
            validation = DataValidation(
                type="list",
                formula1=f"'选项'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="输入有误",
                error=f"“{column}”请从下拉列表中选择。",
                promptTitle=column,
                prompt="请从下拉列表中选择",
                showInputMessage=True,
            )
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)

        guide = book.create_sheet(INSTRUCTIONS_SHEET, 1)
        for line in (
            [f"{title}导入模板填写说明"],
            ["第一行列名请勿修改；第 2 行是示例（以“示例”开头），导入时自动忽略，可保留或删除。"],
            ["每行一条记录；红色列名为必填。上传后先逐行校验，全部正确才会导入，有错时列出每一行的问题。"],
            [None],
            ["列名", "含义", "是否必填", "格式", "可选值"],
        ):
            spreadsheets.row_put(guide, line)
        for column in headers:
            allowed = "、".join(choices.get(column, []))
            spreadsheets.row_put(
                guide,
                [
                    column,
                    self.template_meaning(column),
                    "必填" if column in required else "选填",
                    self.template_format(column),
                    allowed[:500],
                ],
            )
        guide["A1"].font = Font(bold=True, size=14)
        for cell in guide[5]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        for letter, width in zip("ABCDE", (24, 48, 10, 40, 48), strict=True):
            guide.column_dimensions[letter].width = width
        guide.freeze_panes = "A6"
        return spreadsheets.workbook_bytes(book)


def slips_key(job_id: int) -> str:
    return f"import-job-slips:{job_id}"


def slips_get(job: ImportJob) -> list[dict]:
    """One-time passwords an accounts import handed out, kept a day for printing (never in the database)."""
    if job.resource_key != "accounts" or job.status != ImportStatus.DONE:
        return []
    return cache.get(slips_key(job.pk)) or []


def progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def progress_set(job_id: int, rows: int) -> None:
    cache.set(progress_key(job_id), rows, timeout=3600)


def progress_get(job: ImportJob) -> int:
    if not job.is_running:
        return job.processed_rows
    return cache.get(progress_key(job.pk), job.processed_rows)


def _xlsx_rows(data: bytes, name: str) -> list[list]:
    """The rows of the workbook's data sheet (the first one that is not the 填写说明), header first.

    python-calamine (Rust) reads a 10,000-row sheet some fifteen times faster than openpyxl; openpyxl's
    read-only mode is the fallback for a file calamine cannot open.
    """
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        index = next((i for i, sheet in enumerate(book.sheet_names) if sheet != INSTRUCTIONS_SHEET), 0)
        return book.get_sheet_by_index(index).to_python(skip_empty_area=False)
    except Exception:
        logger.info("calamine could not read %s; trying openpyxl", name, exc_info=True)
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = next((sheet for sheet in book.worksheets if sheet.title != INSTRUCTIONS_SHEET), book.worksheets[0])
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    except Exception:
        raise ValidationError(NOT_A_WORKBOOK.format(name=name)) from None


def _csv_rows(data: bytes) -> list[list]:
    """CSV saved by Chinese Excel is often GB18030, not UTF-8."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("CSV 文件编码无法识别，请另存为 UTF-8 或使用 xlsx 模板。")
    if "\x00" in text:
        raise ValidationError("无法读取该 CSV 文件：它不是文本表格。请使用下载的 xlsx 模板。")
    return list(csv.reader(io.StringIO(text)))


def _header_key(text) -> str:
    return _SPACES.sub("", str(normalise_typed(str(text if text is not None else ""))))


def _integral(value):
    # Spreadsheet readers give every number as a float: 13800000000.0 is the phone number 13800000000.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _as_text(value):
    if value == "":
        return None  # calamine gives an empty cell as "", openpyxl as None: one blank for the widgets
    value = _integral(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return (value.strip() or None) if isinstance(value, str) else value


def _as_typed(value):
    value = normalise_typed(_integral(value))
    return None if value == "" else value


def _as_compact(value):
    value = _as_text(value)
    if not isinstance(value, str):
        return value
    return _SPACES.sub("", normalise_typed(value)).upper() or None


def _normaliser(resource: ScopedModelResource, column: str):
    """How a column's cells are tidied: codes compacted, typed values made half-width, text stripped."""
    from core.widgets import TYPED_CELL_WIDGETS

    if column in resource.compact_columns:
        return _as_compact
    field = next((f for f in resource.fields.values() if f.column_name == column), None)
    if field is not None and isinstance(field.widget, TYPED_WIDGETS + TYPED_CELL_WIDGETS):
        return _as_typed
    return _as_text


def _headers_match(resource: ScopedModelResource, raw_headers: list) -> list[str | None]:
    """The file's headers as the template names them, or a Chinese message naming what is missing and unknown."""
    known = {_header_key(column): column for column in resource.known_columns()}
    headers: list[str | None] = []
    unknown: list[str] = []
    for raw in raw_headers:
        key = _header_key(raw)
        if key in known:
            headers.append(known[key])
        else:
            headers.append(None)
            if key:
                unknown.append(str(raw).strip())
    missing = [column for column in resource.required_columns() if column not in headers]
    twice = sorted({column for column in headers if column and headers.count(column) > 1})
    problems = []
    if missing:
        problems.append("缺少列" + "、".join(f"“{column}”" for column in missing))
    if unknown:
        problems.append("无法识别的列" + "、".join(f"“{column}”" for column in unknown))
    if twice:
        problems.append("重复的列" + "、".join(f"“{column}”" for column in twice))
    if problems:
        raise ValidationError(f"表头与模板不一致：{'；'.join(problems)}。请在下载的模板中填写，不要修改第一行的列名。")
    return headers


def dataset_load(data: bytes, filename: str, *, resource: ScopedModelResource | None = None) -> tablib.Dataset:
    """Read an uploaded .xlsx or .csv into a dataset whose ``excel_rows`` says where each row stood.

    Blank rows and the template's example row (first cell starting with 示例) are left out. With a
    ``resource`` the headers are matched to its columns (spaces and full-width letters forgiven) and every
    cell is tidied as its column needs; without one the file is read as it is.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data, filename)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ValidationError("只支持 .xlsx 或 .csv 文件，请使用下载的模板。")
    leading = 0  # blank rows, and the filters and time an export writes above its table
    while rows and (all(cell in (None, "") for cell in rows[0]) or spreadsheets.is_note_row(rows[0])):
        rows.pop(0)
        leading += 1
    if not rows:
        dataset = tablib.Dataset()
        dataset.excel_rows = []
        return dataset
    raw_headers = list(rows[0])
    body = rows[1:]
    first_excel_row = leading + 2  # the header is the first row with something else
    if resource is None:
        headers = [str(h).strip() if h is not None else "" for h in raw_headers]
        keep = list(range(len(headers)))
        tidy = [_as_text] * len(headers)
    else:
        matched = _headers_match(resource, raw_headers)
        keep = [position for position, header in enumerate(matched) if header is not None]
        headers = [matched[position] for position in keep]
        tidy = [_normaliser(resource, header) for header in headers]
    dataset = tablib.Dataset(headers=headers)
    excel_rows = []
    width = len(raw_headers)
    for offset, raw in enumerate(body):
        cells = list(raw[:width]) + [None] * (width - len(raw))
        if all(cell in (None, "") for cell in cells):
            continue
        first = cells[0]
        if isinstance(first, str) and first.strip().startswith(EXAMPLE_MARK):
            continue
        dataset.append([tidy[index](cells[position]) for index, position in enumerate(keep)])
        excel_rows.append(first_excel_row + offset)
    dataset.excel_rows = excel_rows
    return dataset


def _field_label(resource: ScopedModelResource, attribute: str) -> str:
    for field in resource.get_import_fields():
        if field.attribute == attribute or field.column_name == attribute:
            return field.column_name
    if attribute == "__all__":
        return ""
    try:
        return str(resource._meta.model._meta.get_field(attribute).verbose_name)
    except Exception:
        return attribute


def _error_messages(resource: ScopedModelResource, result) -> list[dict]:
    """Every problem in the file as ``{"row": excel_row, "message": 中文}``; the header is row 1."""
    problems: list[dict] = []
    for number, errors in result.row_errors():
        for error in errors:
            problems.append({"row": resource.excel_row(number), "message": _exception_message(error.error)})
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            label = _field_label(resource, attribute)
            for text in ValidationError(messages).messages:
                row = resource.excel_row(invalid.number)
                problems.append({"row": row, "message": f"{label}：{text}" if label else text})
    for error in result.base_errors:
        problems.append({"row": None, "message": _exception_message(error.error)})
    problems.sort(key=lambda p: (p["row"] is None, p["row"] or 0))
    return problems


def _exception_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    if isinstance(error, ValueError) and str(error):
        return str(error)  # the resources' own Chinese refusals
    logger.warning("import row failed: %r", error)
    return "这一行无法导入，请核对各列是否按模板填写。"


def _outside_scope(kind: ImportKind, user: User, written_pks: list) -> int:
    """How many written rows the user could not have edited: each one cancels the whole import."""
    if not written_pks:
        return 0
    manager = kind.model._default_manager
    editable = manager.editable_by(user).filter(pk__in=written_pks).values("pk")
    return manager.filter(pk__in=written_pks).exclude(pk__in=editable).count()


def _cell_for_json(value):
    """A cell as the preview stores it: Excel dates arrive as datetimes, which JSON cannot hold."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _run(job: ImportJob, *, commit: bool) -> None:
    kind = get_import_kind(job.resource_key)
    if kind is None:
        raise ValidationError(f"未知的导入类型：{job.resource_key}")
    resource = kind.resource_class(user=job.created_by, job=job)
    resource.committing = commit
    with job.file.open("rb") as handle:
        dataset = dataset_load(handle.read(), job.original_name, resource=resource)
    if len(dataset) == 0:
        raise ValidationError("文件中没有数据行。")
    if len(dataset) > MAX_ROWS:
        raise ValidationError(f"单个文件最多 {MAX_ROWS} 行，请拆分后导入。")
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(dataset))
    resource.prepare_dataset(dataset)
    resource.excel_rows = dataset.excel_rows
    resource.repeats_find(dataset)
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
        problems = _error_messages(resource, result)
        written = [row.object_id for row in result.rows if row.object_id is not None] + resource.written_pks
        if not problems:
            outside = _outside_scope(kind, job.created_by, written)
            if outside:
                problems.append({"row": None, "message": f"有 {outside} 行数据超出您的管理范围，整个文件未导入。"})
        preview = [
            {
                "row": resource.excel_row(index + 1),
                "action": row.import_type,
                "values": [_cell_for_json(value) for value in dataset[index]],
            }
            for index, row in enumerate(result.rows[:PREVIEW_ROWS])
        ]
        if problems or not commit:
            transaction.set_rollback(True)
    if commit and not problems:
        resource.after_commit(job)
    totals = result.totals
    fields = {
        "processed_rows": len(dataset),
        "errors": problems,
        "preview": preview,
        "preview_headers": list(dataset.headers or []),
        "new_rows": totals.get("new", 0),
        "updated_rows": totals.get("update", 0),
        "finished_at": timezone.now(),
    }
    if problems:
        fields["status"] = ImportStatus.INVALID
    else:
        fields["status"] = ImportStatus.DONE if commit else ImportStatus.VALIDATED
    ImportJob.objects.filter(pk=job.pk).update(**fields)


# A step claims its job from these states; an interrupted job resumes the step it was cut off in.
VALIDATE_FROM = Q(status=ImportStatus.PENDING) | Q(status=ImportStatus.INTERRUPTED, commit_requested=False)
COMMIT_FROM = Q(status__in=[ImportStatus.VALIDATED, ImportStatus.COMMIT_QUEUED]) | Q(
    status=ImportStatus.INTERRUPTED, commit_requested=True
)
RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)


def _run_guarded(job_id: int, *, claim_from: Q, running_status: str, commit: bool) -> bool:
    with worker_alive(f"import:{job_id}") as mine:
        if not mine:
            return False
        # A conditional update makes a job safe to run twice: only one run moves it forward.
        now = timezone.now()
        claimed = (
            ImportJob.objects.filter(claim_from, pk=job_id)
            .update(status=running_status, note="", heartbeat_at=now, attempts=F("attempts") + 1)
        )  # fmt: skip
        if not claimed:
            return False
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        try:
            _run(job, commit=commit)
        except ValidationError as error:
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportStatus.INVALID,
                errors=[{"row": None, "message": message} for message in error.messages],
                finished_at=timezone.now(),
            )
        except Exception:
            logger.exception("import job %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportStatus.FAILED,
                errors=[{"row": None, "message": "导入时发生系统错误，未写入任何数据，请联系管理员。"}],
                finished_at=timezone.now(),
            )
        return True


def import_job_validate(*, job_id: int) -> bool:
    """Dry run: every row checked against the database, nothing kept."""
    return _run_guarded(job_id, claim_from=VALIDATE_FROM, running_status=ImportStatus.VALIDATING, commit=False)


def import_job_commit(*, job_id: int) -> bool:
    """Write the whole file, or nothing when any row fails (the data may have changed since the preview)."""
    return _run_guarded(job_id, claim_from=COMMIT_FROM, running_status=ImportStatus.IMPORTING, commit=True)


def import_job_send(job_id: int) -> bool:
    """Hand the job's next step to the broker; when it does not answer, the job waits with ``BROKER_DOWN``."""
    job = ImportJob.objects.filter(pk=job_id).only("status", "commit_requested").first()
    if job is None:
        return False
    step = "commit" if job.commit_requested else "validate"
    sent = task_send(f"core.tasks.import_job_{step}", job_id)
    if sent:
        ImportJob.objects.filter(pk=job_id).update(sent_at=timezone.now())
        ImportJob.objects.filter(pk=job_id, note=BROKER_DOWN).update(note="")
    else:
        ImportJob.objects.filter(pk=job_id).exclude(status__in=RUNNING).update(note=BROKER_DOWN)
    return sent


def import_job_confirm(*, job: ImportJob) -> bool:
    """The user confirms a validated file: it is queued for writing (sent once the transaction commits)."""
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.COMMIT_QUEUED, commit_requested=True
    )
    if queued:
        transaction.on_commit(lambda: import_job_send(job.pk))
    return bool(queued)


def import_job_rerun(*, job: ImportJob) -> bool:
    """Its owner sends an interrupted import again: it resumes the step it was cut off in."""
    again = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INTERRUPTED).update(
        status=Case(
            When(commit_requested=True, then=Value(ImportStatus.COMMIT_QUEUED)), default=Value(ImportStatus.PENDING)
        ),
        note=RERUN,
    )
    if again:
        transaction.on_commit(lambda: import_job_send(job.pk))
    return bool(again)


def import_jobs_sweep(*, resend_after: int | None = None, heartbeat_timeout: int | None = None) -> dict:
    """The imports' share of the sweeper (``core.jobs.jobs_sweep``): a step whose worker is gone is marked
    interrupted (its transaction rolled back: nothing was written) and sent again, up to ``JOB_MAX_ATTEMPTS``
    runs; a waiting step the broker never took, or took longer than ``resend_after`` seconds ago, is sent again."""
    resend_after = settings.JOB_RESEND_AFTER if resend_after is None else resend_after
    interrupted = 0
    for job in ImportJob.objects.filter(status__in=RUNNING).only("pk", "status", "heartbeat_at", "attempts"):
        if worker_gone(f"import:{job.pk}", job.heartbeat_at, heartbeat_timeout=heartbeat_timeout):
            interrupted += ImportJob.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
                status=ImportStatus.INTERRUPTED, note=REQUEUED, sent_at=None
            )
    stale = timezone.now() - timedelta(seconds=resend_after)
    due = ImportJob.objects.filter(
        Q(status__in=[ImportStatus.PENDING, ImportStatus.COMMIT_QUEUED])
        | Q(status=ImportStatus.INTERRUPTED, attempts__lt=settings.JOB_MAX_ATTEMPTS),
        Q(sent_at__isnull=True) | Q(sent_at__lt=stale),
    )
    sent = sum(import_job_send(pk) for pk in due.values_list("pk", flat=True))
    return {"interrupted": interrupted, "sent": sent}


def import_job_create(*, user: User, resource_key: str, uploaded_file) -> ImportJob:
    """Store an uploaded file as a pending job; the caller enqueues its validation."""
    if get_import_kind(resource_key) is None:
        raise ValidationError("未知的导入类型。")
    name = uploaded_file.name or "upload"
    if not name.lower().endswith((".xlsx", ".csv")):
        raise ValidationError("只支持 .xlsx 或 .csv 文件，请使用下载的模板。")
    job = ImportJob(resource_key=resource_key, created_by=user, original_name=name[:255], file=uploaded_file)
    job.full_clean()
    job.save()
    return job


def import_job_cancel(*, job: ImportJob) -> None:
    """Drop a validated job the user decided not to import."""
    ImportJob.objects.filter(pk=job.pk, status__in=[ImportStatus.VALIDATED, ImportStatus.INVALID]).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )


def import_jobs_purge(*, older_than_days: int) -> int:
    """Delete finished jobs and their files after the retention period."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING]
    )
    count = 0
    for job in old.iterator():
        job.file.delete(save=False)
        job.delete()
        count += 1
    return count
