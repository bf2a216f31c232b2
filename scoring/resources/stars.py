"""Excel export of star-member results and point lines, and the import of a month's points."""

from import_export import fields, widgets

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
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
