"""Excel export of the committees and duty parts."""

from import_export import fields

from core.imports import ScopedModelResource
from industry_chains.models import ChainActivity, ChainEnterprise, ChainMember, DutyTurn
from members.validators import mask_phone


class ChainMemberResource(ScopedModelResource):
    chain = fields.Field("chain__name", "产业链")
    name = fields.Field("name", "姓名")
    role = fields.Field("get_role_display", "职务")
    unit = fields.Field("unit", "工作单位")
    position = fields.Field("position", "单位职务")
    phone = fields.Field("phone", "联系电话")

    class Meta:
        model = ChainMember
        fields = ("chain", "name", "role", "unit", "position", "phone")
        export_order = fields

    def dehydrate_phone(self, member):
        return mask_phone(member.phone) if member.phone else ""


class ChainEnterpriseResource(ScopedModelResource):
    chain = fields.Field("chain__name", "产业链")
    entity = fields.Field("entity__name", "企业")
    area = fields.Field("entity__area__name", "街镇/园区")
    instructor = fields.Field("instructor__name", "党建指导员")
    joined_on = fields.Field("joined_on", "加入日期")
    duty_order = fields.Field("duty_order", "轮值顺序")

    class Meta:
        model = ChainEnterprise
        fields = ("chain", "entity", "area", "instructor", "joined_on", "duty_order")
        export_order = fields


class DutyTurnResource(ScopedModelResource):
    chain = fields.Field("chain__name", "产业链")
    starts_on = fields.Field("starts_on", "开始日期")
    ends_on = fields.Field("ends_on", "结束日期")
    enterprise = fields.Field("enterprise__entity__name", "轮值企业")
    status = fields.Field("get_status_display", "状态")
    reason = fields.Field("reason", "调整原因")

    class Meta:
        model = DutyTurn
        fields = ("chain", "starts_on", "ends_on", "enterprise", "status", "reason")
        export_order = fields


class ChainActivityResource(ScopedModelResource):
    chain = fields.Field("chain__name", "产业链")
    held_on = fields.Field("held_on", "举办日期")
    kind = fields.Field("get_kind_display", "形式")
    title = fields.Field("title", "主题")
    host = fields.Field("duty_turn__enterprise__entity__name", "轮值企业")
    participants = fields.Field("participants", "参加人数")
    benefits = fields.Field("benefits_enterprises", "党建惠企")

    class Meta:
        model = ChainActivity
        fields = ("chain", "held_on", "kind", "title", "host", "participants", "benefits")
        export_order = fields

    def dehydrate_benefits(self, activity):
        return "是" if activity.benefits_enterprises else "否"
