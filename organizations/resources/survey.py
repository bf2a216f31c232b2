"""Excel import/export of survey records; an import fills in the current campaign through the service."""

import re

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import ScopedModelResource, register_import
from core.widgets import CountWidget
from organizations.choices import CampaignHalf, CampaignStatus
from organizations.models import SIX_CLEARS, Entity, SurveyCampaign, SurveyRecord
from organizations.services import survey as services

__all__ = ["SurveyRecordPrintResource", "SurveyRecordResource"]

CODE_COLUMN = "统一社会信用代码"
CAMPAIGN_COLUMN = "摸底排查"
HALVES = {str(label): value for value, label in CampaignHalf.choices}
CAMPAIGN_PATTERN = re.compile(r"(\d{4})\s*年?\s*(上半年|下半年)\s*(?:摸底排查)?")


def _count_field(attribute: str, column: str) -> fields.Field:
    return fields.Field(attribute, column, widget=CountWidget(), saves_null_values=False)


@register_import("survey-records", label="摸底排查记录", list_url_name="organizations:surveycampaign_list")
class SurveyRecordResource(ScopedModelResource):
    """One row per entity: found by its credit code in the running campaign (or the one the row names)."""

    credit_code = fields.Field("entity__credit_code", CODE_COLUMN, readonly=True)
    name = fields.Field("entity__name", "名称", readonly=True)
    operation_info = fields.Field("operation_info", "经营主体情况")
    staff_info = fields.Field("staff_info", "从业人员情况")
    party_org_info = fields.Field("party_org_info", "党组织情况")
    structure_info = fields.Field("structure_info", "组织架构")
    members_info = fields.Field("members_info", "党员队伍")
    instructor_info = fields.Field("instructor_info", "党建指导员配备")
    staff_count = _count_field("staff_count", "从业人员数")
    full_member_count = _count_field("full_member_count", "正式党员数")
    campaign = fields.Field(attribute=None, column_name=CAMPAIGN_COLUMN, readonly=True)

    class Meta:
        model = SurveyRecord
        fields = (
            "credit_code",
            "name",
            *(field for field, _label in SIX_CLEARS),
            "staff_count",
            "full_member_count",
            "campaign",
        )
        export_order = fields
        import_id_fields = ("credit_code",)
        skip_unchanged = True

    compact_columns = (CODE_COLUMN,)
    optional_columns = (CAMPAIGN_COLUMN,)
    duplicate_columns = (CODE_COLUMN, CAMPAIGN_COLUMN)
    column_help = {
        CODE_COLUMN: ("要填写的经营主体，须在本次摸底排查的名单中", "18 位代码"),
        CAMPAIGN_COLUMN: ("哪一次摸底排查", "如“2025年上半年”；留空为进行中的摸底排查"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._campaigns: dict[str, SurveyCampaign | None] = {}

    def get_queryset(self):
        if self.user is None:
            return SurveyRecord.objects.none()
        return SurveyRecord.objects.visible_to(self.user).select_related("entity", "campaign")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("entity", "campaign")

    def dehydrate_campaign(self, record):
        return str(record.campaign)

    # Import ----------------------------------------------------------------------------------------

    def _campaign_named(self, text: str) -> SurveyCampaign:
        if text not in self._campaigns:
            if text == "":
                found = SurveyCampaign.objects.filter(status=CampaignStatus.OPEN).first()
            else:
                match = CAMPAIGN_PATTERN.fullmatch(text)
                found = (
                    SurveyCampaign.objects.filter(year=int(match[1]), half=HALVES[match[2]]).first() if match else None
                )
            self._campaigns[text] = found
        campaign = self._campaigns[text]
        if campaign is None:
            if text == "":
                raise ValidationError("当前没有进行中的摸底排查，不能导入记录。")
            raise ValidationError(
                {CAMPAIGN_COLUMN: f"找不到“{text}”，请填写如“2025年上半年”，或留空表示进行中的摸底排查"}
            )
        return campaign

    def get_instance(self, instance_loader, row):
        """The record of this entity in the campaign; never a new one (records come from opening a campaign)."""
        code = str(row.get(CODE_COLUMN) or "").strip().upper()
        if not code:
            raise ValidationError({CODE_COLUMN: "请填写统一社会信用代码"})
        campaign = self._campaign_named(str(row.get(CAMPAIGN_COLUMN) or "").strip())
        if campaign.status != CampaignStatus.OPEN:
            raise ValidationError(f"{campaign}已结束，不能修改。")
        record = (
            SurveyRecord.objects.editable_by(self.user)
            .select_related("entity", "campaign")
            .filter(campaign=campaign, entity__credit_code=code)
            .first()
        )
        if record is None:
            if Entity.objects.editable_by(self.user).filter(credit_code=code).exists():
                message = f"“{code}”不在{campaign}的记录中（开启时已停业或开启后才登记）"
            else:
                message = f"找不到统一社会信用代码为“{code}”的经营主体，或不在您的管理范围内"
            raise ValidationError({CODE_COLUMN: message})
        return record

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Cell errors only: the service runs full_clean() and the survey's rules when it saves.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        services.record_update(
            by=self.user,
            record=instance,
            **{field: getattr(instance, field) for field in services.RECORD_UPDATABLE_FIELDS},
        )


class SurveyRecordPrintResource(ScopedModelResource):
    """The printed list: who, where, counts and how far the six facts are filled (the texts are too long)."""

    name = fields.Field("entity__name", "名称")
    credit_code = fields.Field("entity__credit_code", CODE_COLUMN)
    area = fields.Field("area__name", "街镇/园区")
    kind = fields.Field(attribute=None, column_name="类型")
    staff_count = fields.Field("staff_count", "从业人员数")
    full_member_count = fields.Field("full_member_count", "正式党员数")
    filled = fields.Field(attribute=None, column_name="六个清")

    class Meta:
        model = SurveyRecord
        fields = ("name", "credit_code", "area", "kind", "staff_count", "full_member_count", "filled")
        export_order = fields

    def dehydrate_kind(self, record):
        return record.get_kind_display()

    def dehydrate_filled(self, record):
        filled = sum(1 for field, _label in SIX_CLEARS if getattr(record, field))
        return "已填全" if filled == len(SIX_CLEARS) else f"已填 {filled}/{len(SIX_CLEARS)}"
