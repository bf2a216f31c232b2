"""Excel export of postings."""

from import_export import fields

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from scoring.choices import PostingKind, PostingState
from scoring.models import Posting


class PostingResource(ScopedModelResource):
    title = fields.Field("title", "标题")
    kind = fields.Field("kind", "公示内容", widget=ChoiceLabelWidget(PostingKind.choices))
    start_on = fields.Field("start_on", "公示开始")
    end_on = fields.Field("end_on", "公示截止")
    status = fields.Field("state", "状态", widget=ChoiceLabelWidget(PostingState.choices))  # from the dates

    class Meta:
        model = Posting
        fields = ("title", "kind", "start_on", "end_on", "status")
        export_order = fields
