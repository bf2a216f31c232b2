"""Excel export (and PDF print) of 红领党务 certificates; certificates are granted through the service, not imported."""

from import_export import fields, widgets

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from members.choices import CertLevel, CertStatus
from members.models import Certificate

DATE = widgets.DateWidget("%Y-%m-%d")


class CertificateResource(ScopedModelResource):
    serial = fields.Field("serial", "证书编号")
    name = fields.Field("person__name", "姓名")
    organization = fields.Field("person__party_organization__name", "所在党组织")
    area = fields.Field("person__party_organization__area__name", "街镇/园区")
    level = fields.Field("level", "等级", widget=ChoiceLabelWidget(CertLevel.choices))
    status = fields.Field("status", "状态", widget=ChoiceLabelWidget(CertStatus.choices))
    annual_score = fields.Field("annual_score", "年度考核得分")
    issued_on = fields.Field("issued_on", "发证日期", widget=DATE)
    review_due_on = fields.Field("review_due_on", "动态调整截止", widget=DATE)
    ended_on = fields.Field("ended_on", "终止日期", widget=DATE)

    class Meta:
        model = Certificate
        fields = (
            "serial",
            "name",
            "organization",
            "area",
            "level",
            "status",
            "annual_score",
            "issued_on",
            "review_due_on",
            "ended_on",
        )
        export_order = fields
