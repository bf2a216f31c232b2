"""Excel export of the 积分超市 lists."""

from import_export import fields

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from scoring.choices import RedemptionStatus
from scoring.models import PointAccount, Redemption, RewardItem


class RewardItemResource(ScopedModelResource):
    name = fields.Field("name", "名称")
    price = fields.Field("price", "所需积分")
    stock = fields.Field("stock", "库存")

    class Meta:
        model = RewardItem
        fields = ("name", "price", "stock")
        export_order = fields


class RedemptionResource(ScopedModelResource):
    created_at = fields.Field("created_at", "兑换时间")
    name = fields.Field("person__name", "姓名")
    organization = fields.Field("person__party_organization__name", "所在党组织")
    item = fields.Field("item__name", "商品")
    quantity = fields.Field("quantity", "数量")
    points = fields.Field("points", "扣减积分")
    status = fields.Field("status", "状态", widget=ChoiceLabelWidget(RedemptionStatus.choices))

    class Meta:
        model = Redemption
        fields = ("created_at", "name", "organization", "item", "quantity", "points", "status")
        export_order = fields


class PointAccountResource(ScopedModelResource):
    name = fields.Field("person__name", "姓名")
    organization = fields.Field("person__party_organization__name", "所在党组织")
    balance = fields.Field("balance", "积分余额")

    class Meta:
        model = PointAccount
        fields = ("name", "organization", "balance")
        export_order = fields
