"""Excel import of 党建工作经费台账 lines kept before the county moved in. Rows are applied in file order, each by
the page's own service (``fund_income_record`` or ``fund_spend``), so a spending row sees the income above it and
the rules hold: no source goes below zero, refunded dues pay only for their three uses."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import register_import
from core.widgets import ChoiceLabelWidget, DateCellWidget, MoneyCellWidget
from organizations.choices import FundPurpose, FundSource
from organizations.models import FundEntry
from organizations.resources.support_imports import AREA, AREA_HELP, ORG, ORG_HELP, _area_field, _OrgRowResource
from organizations.services import support as services

INCOME, SPENDING = "income", "spending"
DIRECTIONS = ((INCOME, "收入"), (SPENDING, "支出"))
PURPOSE = "用途"


@register_import("fund-entries", label="党建工作经费台账", list_url_name="organizations:fund_summary")
class FundEntryImportResource(_OrgRowResource):
    area = _area_field()
    party_organization = fields.Field(attribute=None, column_name=ORG)
    occurred_on = fields.Field("occurred_on", "日期", widget=DateCellWidget())
    direction = fields.Field("direction", "收支", widget=ChoiceLabelWidget(DIRECTIONS))
    source = fields.Field("source", "经费来源", widget=ChoiceLabelWidget(FundSource.choices))
    amount = fields.Field("amount", "金额（元）", widget=MoneyCellWidget())
    purpose = fields.Field("purpose", PURPOSE, widget=ChoiceLabelWidget(FundPurpose.choices))
    note = fields.Field("note", "摘要")

    class Meta:
        model = FundEntry
        fields = ("area", "party_organization", "occurred_on", "direction", "source", "amount", "purpose", "note")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    required_values = (AREA, ORG, "日期", "收支", "经费来源", "金额（元）")
    # Two equal lines on one day are ordinary (two purchases of the same price): no row repeats another.
    duplicate_columns = ()
    column_help = {
        AREA: AREA_HELP,
        ORG: ("经费台账所属的党组织全称", ORG_HELP[1]),
        "日期": ("收到或支出的日期；文件按行的先后逐行记账", "日期，如 2024-03-01（也可写 2024/3/1、2024年3月1日）"),
        "收支": ("这一行是收入还是支出", "从下拉列表中选择：收入 或 支出"),
        "经费来源": ("每项来源单独核算，支出不能超过该来源在这一行之前的余额", "从下拉列表中选择"),
        "金额（元）": ("收入或支出的金额，一律填正数", "大于 0，最多两位小数；可写 1,000.50、¥1000"),
        PURPOSE: (
            "支出的用途；党费返还只能用于组织活动、学习资料、慰问困难党员",
            "支出必填，从下拉列表中选择；收入留空",
        ),
        "摘要": ("这一笔的简要说明", "文字，不超过 200 字，可留空"),
    }

    def import_relations(self, instance, row, *, failed):
        errors: dict = {}
        try:
            super().import_relations(instance, row, failed=failed)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if getattr(instance, "direction", "") == INCOME and instance.purpose:
            errors["purpose"] = ["收入不填用途，用途只用于支出。"]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        common = {
            "by": self.user,
            "organization": instance.party_organization,
            "source": instance.source,
            "amount": instance.amount,
            "occurred_on": instance.occurred_on,
            "note": instance.note or "",
        }
        if instance.direction == SPENDING:
            created = services.fund_spend(purpose=instance.purpose, **common)
        else:
            created = services.fund_income_record(**common)
        instance.pk = created.pk
