"""Excel export of meetings."""

from import_export import fields, widgets

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from party_life.choices import MeetingKind
from party_life.models import Meeting

DAY = widgets.DateWidget("%Y-%m-%d")


class MeetingResource(ScopedModelResource):
    held_on = fields.Field("held_on", "召开日期", widget=DAY)
    organization = fields.Field("party_organization__name", "党组织")
    area = fields.Field("party_organization__area__name", "街镇/园区")
    kind = fields.Field("kind", "会议类型", widget=ChoiceLabelWidget(MeetingKind.choices))
    group = fields.Field("group__name", "党小组")
    topic = fields.Field("topic", "主题")
    place = fields.Field("place", "地点")
    present = fields.Field("present", "出席")
    leave = fields.Field("leave", "请假")
    absent = fields.Field("absent", "缺席")
    recorded_by = fields.Field("recorded_by__name", "记录人")

    class Meta:
        model = Meeting
        fields = (
            "held_on",
            "organization",
            "area",
            "kind",
            "group",
            "topic",
            "place",
            "present",
            "leave",
            "absent",
            "recorded_by",
        )
        export_order = fields
