"""Excel export of tickets."""

from import_export import fields

from core.imports import ScopedModelResource
from core.widgets import LOCAL_MINUTE
from industry_chains.models import Ticket

# Beijing time, as the pages show it (the widget localises; a workbook gets a typed date-time cell).


class TicketResource(ScopedModelResource):
    number = fields.Field("number", "编号")
    chain = fields.Field("chain__name", "产业链")
    entity = fields.Field("entity__name", "企业")
    category = fields.Field("get_category_display", "问题类别")
    title = fields.Field("title", "问题标题")
    status = fields.Field("get_status_display", "状态")
    reported_at = fields.Field("reported_at", "报送时间", widget=LOCAL_MINUTE)
    lead_department = fields.Field("lead_department__name", "主办部门")
    due_on = fields.Field("due_on", "办理时限")
    is_supervised = fields.Field("is_supervised", "督办中")
    closed_at = fields.Field("closed_at", "销号时间", widget=LOCAL_MINUTE)
    rating = fields.Field("rating", "满意度评分")

    class Meta:
        model = Ticket
        fields = (
            "number",
            "chain",
            "entity",
            "category",
            "title",
            "status",
            "reported_at",
            "lead_department",
            "due_on",
            "is_supervised",
            "closed_at",
            "rating",
        )
        export_order = fields

    def dehydrate_is_supervised(self, ticket):
        return "是" if ticket.is_supervised else "否"
