"""Excel export of the dues ledger and of members' dues."""

from import_export import fields, widgets

from core.imports import ScopedModelResource
from members.models import Person
from organizations.models import PartyOrganization
from party_life.models import DuesPayment, DuesRefund, DuesRemittance

MONTH = widgets.DateWidget("%Y-%m")
DAY = widgets.DateWidget("%Y-%m-%d")


class DuesPaymentResource(ScopedModelResource):
    month = fields.Field("month", "所属月份", widget=MONTH)
    name = fields.Field("person__name", "姓名")
    organization = fields.Field("party_organization__name", "收缴党组织")
    amount = fields.Field("amount", "金额（元）")
    paid_on = fields.Field("paid_on", "缴纳日期", widget=DAY)
    note = fields.Field("note", "摘要")

    class Meta:
        model = DuesPayment
        fields = ("month", "name", "organization", "amount", "paid_on", "note")
        export_order = fields


class MemberDuesResource(ScopedModelResource):
    """Members annotated by ``party_life.selectors.dues.with_dues`` (and ``arrears`` set by the view)."""

    name = fields.Field("name", "姓名")
    organization = fields.Field("party_organization__name", "所在党组织")
    monthly_amount = fields.Field("monthly_amount", "月缴党费（元）")
    paid_months = fields.Field("paid_months", "已缴月数")
    paid_total = fields.Field("paid_total", "已缴金额（元）")

    class Meta:
        model = Person
        fields = ("name", "organization", "monthly_amount", "paid_months", "paid_total")
        export_order = fields


class LapsedResource(ScopedModelResource):
    name = fields.Field("name", "姓名")
    organization = fields.Field("party_organization__name", "所在党组织")
    no_dues = fields.Field("no_dues", "连续六个月未缴党费", widget=widgets.BooleanWidget())
    no_life = fields.Field("no_life", "连续六个月未参加组织生活", widget=widgets.BooleanWidget())

    class Meta:
        model = Person
        fields = ("name", "organization", "no_dues", "no_life")
        export_order = fields


class DuesFlowResource(ScopedModelResource):
    """Organisations annotated by ``party_life.selectors.dues.with_dues_flows``."""

    name = fields.Field("name", "党组织")
    collected = fields.Field("dues_collected", "本组织收缴（元）")
    received = fields.Field("dues_received", "下级上缴（元）")
    remitted = fields.Field("dues_remitted", "上缴（元）")
    balance = fields.Field("dues_balance", "结存（元）")
    refunded = fields.Field("dues_refunded", "返还党费（元）")

    class Meta:
        model = PartyOrganization
        fields = ("name", "collected", "received", "remitted", "balance", "refunded")
        export_order = fields


class RemittanceResource(ScopedModelResource):
    month = fields.Field("month", "所属月份", widget=MONTH)
    organization = fields.Field("party_organization__name", "上缴党组织")
    recipient = fields.Field("recipient_label", "接收党组织")
    amount = fields.Field("amount", "金额（元）")
    remitted_on = fields.Field("remitted_on", "上缴日期", widget=DAY)
    note = fields.Field("note", "摘要")

    class Meta:
        model = DuesRemittance
        fields = ("month", "organization", "recipient", "amount", "remitted_on", "note")
        export_order = fields


class RefundResource(ScopedModelResource):
    year = fields.Field("year", "返还所属年度")
    organization = fields.Field("party_organization__name", "党组织")
    amount = fields.Field("fund_entry__amount", "金额（元）")
    received_on = fields.Field("fund_entry__occurred_on", "到账日期", widget=DAY)
    note = fields.Field("fund_entry__note", "摘要")

    class Meta:
        model = DuesRefund
        fields = ("year", "organization", "amount", "received_on", "note")
        export_order = fields
