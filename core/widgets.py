"""Import/export widgets shared by the areas' resources."""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from import_export import widgets

from core.form_widgets import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, normalise_date_text, normalise_money_text


class ChoiceLabelWidget(widgets.Widget):
    """Shows a choice by its Chinese label and reads back either the label or the stored value."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.by_label = {str(label): value for value, label in self.choices}
        self.values = {value for value, _label in self.choices}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text == "":
            return ""
        if text in self.by_label:
            return self.by_label[text]
        if text in self.values:
            return text
        allowed = "、".join(self.by_label)
        raise ValueError(f"“{text}”不是有效选项，可选：{allowed}")

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a name within a queryset; a miss says what was not found.

    Found rows are remembered for the rest of the file (each resource instance deep-copies its
    fields, so the memory lasts one import): ten thousand rows naming the same parent cost one query.
    Misses are not remembered, so a row may name a parent created earlier in the same file.
    """

    def __init__(self, model, field, *, label, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.label = label
        self._found = {}

    def lookup_key(self, value, row):
        """What identifies the target: the name, plus whatever in the row narrows the queryset."""
        return str(value).strip()

    def prefetch(self, values: Iterable) -> None:
        """Look up every value of a column in one query (for widgets whose key does not depend on the row).

        Values found exactly once are remembered; the rest are left to ``clean`` to report row by row.
        """
        keys = {self.lookup_key(value, None) for value in values if value not in (None, "")}
        if not keys:
            return
        found: dict = {}
        seen: Counter = Counter()
        for obj in self.get_queryset(None, None).filter(**{f"{self.field}__in": keys}):
            key = self.lookup_key(getattr(obj, self.field), None)
            seen[key] += 1
            found[key] = obj
        self._found.update((key, obj) for key, obj in found.items() if seen[key] == 1)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = self.lookup_key(value, row)
        if key in self._found:
            return self._found[key]
        try:
            found = self.get_queryset(value, row, **kwargs).get(**{self.field: str(value).strip()})
        except self.model.DoesNotExist:
            raise ValueError(f"找不到{self.label}“{value}”，或不在您的管理范围内") from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(f"{self.label}“{value}”不唯一，请核对") from None
        self._found[key] = found
        return found


class CountWidget(widgets.IntegerWidget):
    """A head count or a number of times: a whole number, zero or more ("12人" and "abc" are refused by name)."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        text = str(value).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"应为整数，不能填写“{text}”") from None
        if number != number.to_integral_value() or number < 0 or number > 10_000_000:
            raise ValueError(f"应为 0 或正整数，不能填写“{text}”")
        return int(number)


class MoneyCellWidget(widgets.Widget):
    """An amount in yuan as a number cell or as typed on the forms (1,000.50, ¥1000, 1000元); the service checks
    that it is above zero and has at most two decimals."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            raise ValueError(f"应为金额，不能填写“{value}”")
        text = normalise_money_text(str(value))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"应为金额（元），如 1000.50，不能填写“{value}”") from None
        if not amount.is_finite():
            raise ValueError(f"应为金额（元），如 1000.50，不能填写“{value}”")
        return amount

    def render(self, value, obj=None, **kwargs):
        return f"{value:.2f}" if value is not None else ""


class DateCellWidget(widgets.Widget):
    """A date as Excel gives it: a date cell, or text such as 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        else:
            try:
                day = date.fromisoformat(normalise_date_text(str(value)))
            except ValueError:
                raise ValueError(f"“{value}”不是有效日期，请写成 2024-03-01") from None
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValueError(f"“{value}”超出可填写的年份（{YEAR_MIN}—{YEAR_MAX} 年）")
        return day

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):  # a workbook's typed date cell
            return value or None
        return value.isoformat() if value else ""


class YesNoWidget(widgets.Widget):
    """是/否 in both directions (also 1/0, true/false); a blank cell is 否."""

    TRUE_VALUES = {"是", "1", "true", "y", "yes", "√"}
    FALSE_VALUES = {"否", "0", "false", "n", "no", "×", ""}

    def clean(self, value, row=None, **kwargs):
        if value is None or value is False:
            return False
        if value is True:
            return True
        text = str(value).strip().lower()
        if text in self.TRUE_VALUES:
            return True
        if text in self.FALSE_VALUES:
            return False
        raise ValueError(f"“{value}”应填“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


# Widgets whose cells are numbers, dates or choices: the import makes full-width characters half-width first.
TYPED_CELL_WIDGETS = (ChoiceLabelWidget, CountWidget, DateCellWidget, MoneyCellWidget, YesNoWidget)


# A date-time as Beijing time to the minute; the export writer makes it a typed date-time cell.
LOCAL_MINUTE = widgets.DateTimeWidget(format="%Y-%m-%d %H:%M")
