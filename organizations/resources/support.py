"""Excel export (and PDF print) of the support work, with Chinese column names; these lists are not imported."""

from decimal import Decimal

from import_export import fields, widgets

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from organizations.choices import (
    CadreKind,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    PartnerKind,
    StationedActivityKind,
)
from organizations.models import (
    SIX_HAVES,
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)

DATE = widgets.DateWidget("%Y-%m-%d")


class MoneyWidget(widgets.Widget):
    """An amount in 元 with two decimals, kept a number so Excel can add it up."""

    def render(self, value, obj=None, **kwargs):
        return Decimal(value or 0).quantize(Decimal("0.01"))


MONEY = MoneyWidget()


class LiaisonPointResource(ScopedModelResource):
    cadre_name = fields.Field("cadre_name", "联系领导")
    cadre_title = fields.Field("cadre_title", "职务")
    cadre_kind = fields.Field("cadre_kind", "类别", widget=ChoiceLabelWidget(CadreKind.choices))
    party_organization = fields.Field("party_organization__name", "联系党组织")
    area = fields.Field("party_organization__area__name", "街镇/园区")
    started_on = fields.Field("started_on", "建立日期", widget=DATE)
    visit_count = fields.Field("visit_count", "活动次数")

    class Meta:
        model = LiaisonPoint
        fields = ("cadre_name", "cadre_title", "cadre_kind", "party_organization", "area", "started_on", "visit_count")
        export_order = fields


class LiaisonVisitResource(ScopedModelResource):
    visited_on = fields.Field("visited_on", "日期", widget=DATE)
    cadre_name = fields.Field("point__cadre_name", "联系领导")
    party_organization = fields.Field("point__party_organization__name", "联系党组织")
    kind = fields.Field("kind", "活动类型", widget=ChoiceLabelWidget(LiaisonVisitKind.choices))
    summary = fields.Field("summary", "内容")

    class Meta:
        model = LiaisonVisit
        fields = ("visited_on", "cadre_name", "party_organization", "kind", "summary")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("point__party_organization")


class StationedCadreResource(ScopedModelResource):
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "派出单位")
    entity = fields.Field("entity__name", "驻在企业")
    area = fields.Field("entity__area__name", "街镇/园区")
    post = fields.Field("post", "任职")
    started_on = fields.Field("started_on", "派驻日期", widget=DATE)
    ended_on = fields.Field("ended_on", "结束日期", widget=DATE)
    policy_visits = fields.Field("policy_visits", "送政策上门（次）")
    projects = fields.Field("projects", "项目帮办（个）")
    listed_projects = fields.Field("listed_projects", "列入名单项目（个）")

    class Meta:
        model = StationedCadre
        fields = (
            "name",
            "unit",
            "entity",
            "area",
            "post",
            "started_on",
            "ended_on",
            "policy_visits",
            "projects",
            "listed_projects",
        )
        export_order = fields


class StationedActivityResource(ScopedModelResource):
    done_on = fields.Field("done_on", "日期", widget=DATE)
    cadre = fields.Field("cadre__name", "驻企干部")
    entity = fields.Field("cadre__entity__name", "驻在企业")
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(StationedActivityKind.choices))
    title = fields.Field("title", "内容")
    listed_as = fields.Field("listed_as", "列入名单")

    class Meta:
        model = StationedActivity
        fields = ("done_on", "cadre", "entity", "kind", "title", "listed_as")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("cadre__entity")


class YesNoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


YES_NO = YesNoWidget()


class VenueResource(ScopedModelResource):
    name = fields.Field("name", "阵地名称")
    party_organization = fields.Field("party_organization__name", "党组织")
    area = fields.Field("party_organization__area__name", "街镇/园区")
    address = fields.Field("address", "地址")
    has_space = fields.Field("has_space", "有场所", widget=YES_NO)
    has_facilities = fields.Field("has_facilities", "有设施", widget=YES_NO)
    has_sign = fields.Field("has_sign", "有标志", widget=YES_NO)
    has_flag = fields.Field("has_flag", "有党旗", widget=YES_NO)
    has_books = fields.Field("has_books", "有书报", widget=YES_NO)
    has_rules = fields.Field("has_rules", "有制度", widget=YES_NO)
    compliant = fields.Field("is_compliant", "六有达标", widget=YES_NO)

    class Meta:
        model = Venue
        fields = ("name", "party_organization", "area", "address", *(f for f, _l in SIX_HAVES), "compliant")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("party_organization__area")


class FundEntryResource(ScopedModelResource):
    pk = fields.Field("pk", "编号")
    occurred_on = fields.Field("occurred_on", "日期", widget=DATE)
    party_organization = fields.Field("party_organization__name", "党组织")
    source = fields.Field("source", "经费来源", widget=ChoiceLabelWidget(FundSource.choices))
    income = fields.Field(attribute=None, column_name="收入（元）")
    spending = fields.Field(attribute=None, column_name="支出（元）")
    purpose = fields.Field("purpose", "用途", widget=ChoiceLabelWidget(FundPurpose.choices))
    note = fields.Field("note", "摘要")
    created_by = fields.Field("created_by__name", "经办人")

    class Meta:
        model = FundEntry
        fields = (
            "pk",
            "occurred_on",
            "party_organization",
            "source",
            "income",
            "spending",
            "purpose",
            "note",
            "created_by",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("party_organization", "created_by")

    def dehydrate_income(self, entry):
        return entry.amount if entry.amount > 0 else ""

    def dehydrate_spending(self, entry):
        return -entry.amount if entry.amount < 0 else ""

    def dehydrate_note(self, entry):
        return f"冲销第{entry.reverses_id}号：{entry.note}" if entry.reverses_id else entry.note


class FundBalanceResource(ScopedModelResource):
    """Party organisations with the balance of each fund source (annotated by ``organizations_with_balances``)."""

    name = fields.Field("name", "党组织")
    area = fields.Field("area__name", "街镇/园区")
    balance_refunded_dues = fields.Field("balance_refunded_dues", "党费返还余额（元）", widget=MONEY)
    balance_pretax_expense = fields.Field("balance_pretax_expense", "税前列支余额（元）", widget=MONEY)
    balance_retained_dues = fields.Field("balance_retained_dues", "党费留存余额（元）", widget=MONEY)
    balance_donation = fields.Field("balance_donation", "捐赠余额（元）", widget=MONEY)
    balance_total = fields.Field("balance_total", "余额合计（元）", widget=MONEY)

    class Meta:
        model = PartyOrganization
        fields = (
            "name",
            "area",
            "balance_refunded_dues",
            "balance_pretax_expense",
            "balance_retained_dues",
            "balance_donation",
            "balance_total",
        )
        export_order = fields


class PairingResource(ScopedModelResource):
    party_organization = fields.Field("party_organization__name", "党组织")
    area = fields.Field("party_organization__area__name", "街镇/园区")
    partner_name = fields.Field("partner_name", "结对单位")
    partner_kind = fields.Field("partner_kind", "结对类型", widget=ChoiceLabelWidget(PartnerKind.choices))
    started_on = fields.Field("started_on", "结对日期", widget=DATE)
    activity_count = fields.Field("activity_count", "共建活动（次）")

    class Meta:
        model = Pairing
        fields = ("party_organization", "area", "partner_name", "partner_kind", "started_on", "activity_count")
        export_order = fields
