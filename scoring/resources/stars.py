"""Excel export of star-member results and point lines, and the import of a month's points."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core.form_widgets import normalise_date_text, normalise_typed
from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, CountWidget
from scoring.choices import Star
from scoring.models import MonthlyResult, PointEntry, QuarterlyResult

MONTH = widgets.DateWidget("%Y-%m")
YES_NO = widgets.BooleanWidget()


class _ResultColumns(ScopedModelResource):
    name = fields.Field("person__name", "姓名")
    organization = fields.Field("party_organization__name", "所在党组织")
    area = fields.Field("party_organization__area__name", "街镇/园区")
    study = fields.Field("study", Star.STUDY.label)
    care = fields.Field("care", Star.CARE.label)
    dedication = fields.Field("dedication", Star.DEDICATION.label)
    performance = fields.Field("performance", Star.PERFORMANCE.label)
    innovation = fields.Field("innovation", Star.INNOVATION.label)
    total = fields.Field("total", "合计")
    star_count = fields.Field("star_count", "获星数")


class MonthlyResultResource(_ResultColumns):
    month = fields.Field("month", "月份", widget=MONTH)

    class Meta:
        model = MonthlyResult
        fields = (
            "month",
            "name",
            "organization",
            "area",
            "study",
            "care",
            "dedication",
            "performance",
            "innovation",
            "total",
            "star_count",
        )
        export_order = fields


class QuarterlyResultResource(_ResultColumns):
    year = fields.Field("year", "年度")
    quarter = fields.Field("quarter", "季度")

    class Meta:
        model = QuarterlyResult
        fields = (
            "year",
            "quarter",
            "name",
            "organization",
            "area",
            "study",
            "care",
            "dedication",
            "performance",
            "innovation",
            "total",
            "star_count",
        )
        export_order = fields


class PointEntryResource(ScopedModelResource):
    month = fields.Field("month", "月份", widget=MONTH)
    name = fields.Field("person__name", "姓名")
    organization = fields.Field("person__party_organization__name", "所在党组织")
    rule = fields.Field("rule__name", "积分事项")
    star = fields.Field("star", "所属星", widget=ChoiceLabelWidget(Star.choices))
    points = fields.Field("points", "积分")
    note = fields.Field("note", "说明")

    class Meta:
        model = PointEntry
        fields = ("month", "name", "organization", "rule", "star", "points", "note")
        export_order = fields


class _Cell(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return value


@register_import("scoring-points", label="星级党员月度积分", list_url_name="scoring:pointentry_list")
class PointEntryImportResource(ScopedModelResource):
    """A month's points from a spreadsheet, one line per member and rule; each row goes through the service,
    so the cap, the closed month and the scope hold exactly as on the grid, and one bad row stops the file."""

    month = fields.Field(attribute=None, column_name="月份", widget=_Cell())
    id_number = fields.Field(attribute=None, column_name="身份证号", widget=_Cell())
    name = fields.Field(attribute=None, column_name="姓名", widget=_Cell())
    rule_code = fields.Field(attribute=None, column_name="积分事项编号", widget=_Cell())
    times = fields.Field(attribute=None, column_name="次数", widget=_Cell())
    note = fields.Field(attribute=None, column_name="说明", widget=_Cell())

    class Meta:
        model = PointEntry
        fields = ("month", "id_number", "name", "rule_code", "times", "note")
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("身份证号", "姓名")
    # The same line twice is a copy left behind: doing a thing twice is one line with 次数 2.
    duplicate_columns = ("月份", "身份证号", "积分事项编号", "次数", "说明")
    required_values = ("月份", "身份证号", "积分事项编号")
    column_help = {
        "月份": ("积分所属月份", "如 2025-04 或 2025年4月"),
        "身份证号": ("党员的身份证号，须是您管理范围内的党员", "18 位"),
        "积分事项编号": ("该月适用的积分手册中的事项编号", "见积分手册"),
        "次数": ("该事项的次数", "正整数，留空为 1"),
    }

    def get_instance(self, instance_loader, row):
        return None

    def import_relations(self, instance, row, *, failed):
        from members.models import Person
        from scoring.services.stars import scoring_month_get

        errors: dict[str, str] = {}
        month = None
        month_cell = row.get("月份")
        if isinstance(month_cell, datetime | date):
            month = date(month_cell.year, month_cell.month, 1)
        elif month_cell not in (None, ""):
            try:
                month = date.fromisoformat(normalise_date_text(str(month_cell), month_only=True)).replace(day=1)
            except ValueError:
                errors["月份"] = f"“{month_cell}”格式不正确，请写成 2025-04 或 2025年4月"
        id_number = str(row.get("身份证号") or "")
        person = None
        if id_number:
            person = Person.objects.editable_by(self.user).filter(id_number=id_number).first()
            if person is None:
                errors["身份证号"] = f"{id_number[:4]}…{id_number[-2:]} 不是您管理范围内的党员"
            elif str(row.get("姓名") or "") not in ("", person.name):
                errors["姓名"] = f"与身份证号不符（系统中为{person.name}）"
        rule = None
        code = str(normalise_typed(row.get("积分事项编号")) or "")
        if month is not None and code:
            version = scoring_month_get(month=month).version
            rule = version.rules.filter(code=code).first()
            if rule is None:
                errors["积分事项编号"] = f"“{code}”不在{month:%Y年%m月}适用的积分手册中"
        try:
            times = CountWidget().clean(row.get("次数")) or 1
        except ValueError as error:
            errors["次数"] = str(error)
            times = 1
        if errors or failed:
            raise ValidationError(errors)
        instance._import = {"person": person, "rule": rule, "month": month, "times": times}
        instance._import["note"] = str(row.get("说明") or "导入")[:200]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        from scoring.services.stars import point_entry_add

        entry = point_entry_add(by=self.user, **instance._import)
        instance.pk = entry.pk
