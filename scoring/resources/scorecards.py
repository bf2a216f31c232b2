"""Excel export of scorecards."""

from import_export import fields

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from scoring.choices import Dimension, ScorecardStatus
from scoring.models import Scorecard


class ScorecardResource(ScopedModelResource):
    year = fields.Field("year", "年度")
    quarter = fields.Field("quarter", "季度")
    name = fields.Field("person__name", "姓名")
    stage = fields.Field("person__stage", "发展阶段")
    organization = fields.Field("party_organization__name", "党组织")
    political = fields.Field("political", Dimension.POLITICAL.label)
    discipline = fields.Field("discipline", Dimension.DISCIPLINE.label)
    solidarity = fields.Field("solidarity", Dimension.SOLIDARITY.label)
    performance = fields.Field("performance", Dimension.PERFORMANCE.label)
    total = fields.Field("total", "总分")
    status = fields.Field("status", "状态", widget=ChoiceLabelWidget(ScorecardStatus.choices))
    return_reason = fields.Field("return_reason", "退回原因")

    class Meta:
        model = Scorecard
        fields = (
            "year",
            "quarter",
            "name",
            "stage",
            "organization",
            "political",
            "discipline",
            "solidarity",
            "performance",
            "total",
            "status",
            "return_reason",
        )
        export_order = fields
