"""Excel export of 党建惠企 records."""

from import_export import fields

from core.imports import ScopedModelResource
from industry_chains.models import DepartmentHandler, EnterpriseResult, Expert, ExpertVisit, Policy
from members.validators import mask_phone


class DepartmentHandlerResource(ScopedModelResource):
    department = fields.Field("department__name", "部门")
    name = fields.Field("name", "姓名")
    position = fields.Field("position", "职务")
    phone = fields.Field("phone", "联系电话")
    reported_on = fields.Field("reported_on", "报到日期")

    class Meta:
        model = DepartmentHandler
        fields = ("department", "name", "position", "phone", "reported_on")
        export_order = fields

    def dehydrate_phone(self, handler):
        return mask_phone(handler.phone) if handler.phone else ""


class ExpertResource(ScopedModelResource):
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "工作单位")
    specialty = fields.Field("specialty", "服务专长")
    chain = fields.Field("chain__name", "服务产业链")

    class Meta:
        model = Expert
        fields = ("name", "unit", "specialty", "chain")
        export_order = fields


class ExpertVisitResource(ScopedModelResource):
    visited_on = fields.Field("visited_on", "服务日期")
    expert = fields.Field("expert__name", "专家")
    enterprise = fields.Field("enterprise__entity__name", "服务企业")
    chain = fields.Field("enterprise__chain__name", "产业链")
    topic = fields.Field("topic", "服务内容")
    outcome = fields.Field("outcome", "服务成效")

    class Meta:
        model = ExpertVisit
        fields = ("visited_on", "expert", "enterprise", "chain", "topic", "outcome")
        export_order = fields


class PolicyResource(ScopedModelResource):
    title = fields.Field("title", "政策名称")
    issuing_department = fields.Field("issuing_department__name", "发布部门")
    category = fields.Field("get_category_display", "政策类别")
    valid_from = fields.Field("valid_from", "生效日期")
    valid_until = fields.Field("valid_until", "有效期至")
    summary = fields.Field("summary", "政策要点")

    class Meta:
        model = Policy
        fields = ("title", "issuing_department", "category", "valid_from", "valid_until", "summary")
        export_order = fields


class EnterpriseResultResource(ScopedModelResource):
    achieved_on = fields.Field("achieved_on", "取得日期")
    enterprise = fields.Field("enterprise__entity__name", "企业")
    chain = fields.Field("enterprise__chain__name", "产业链")
    kind = fields.Field("get_kind_display", "类别")
    title = fields.Field("title", "成果")
    amount = fields.Field("amount", "金额（万元）")

    class Meta:
        model = EnterpriseResult
        fields = ("achieved_on", "enterprise", "chain", "kind", "title", "amount")
        export_order = fields
