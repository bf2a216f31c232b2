"""Excel export of the dues ledger and of members' dues."""

from import_export import fields, widgets

from core.imports import ScopedModelResource
from members.models import Person
from party_life.models import DuesPayment

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
