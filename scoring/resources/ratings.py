"""Excel export of ratings, 红旗支部 candidates and designations."""

from import_export import fields

from core.imports import ScopedModelResource
from core.widgets import ChoiceLabelWidget
from scoring.choices import DesignationKind, OrgTrack
from scoring.models import Designation, OrgRating, RedFlagCandidate


class OrgRatingResource(ScopedModelResource):
    year = fields.Field("campaign__year", "年度")
    organization = fields.Field("party_organization__name", "党组织")
    area = fields.Field("party_organization__area__name", "街镇/园区")
    self_total = fields.Field("self_total", "自评总分")
    inspection_total = fields.Field("inspection_total", "验收总分")
    stars = fields.Field("stars", "星级")

    class Meta:
        model = OrgRating
        fields = ("year", "organization", "area", "self_total", "inspection_total", "stars")
        export_order = fields


class RedFlagResource(ScopedModelResource):
    year = fields.Field("rating__campaign__year", "年度")
    organization = fields.Field("party_organization__name", "党组织")
    track = fields.Field("track", "类别", widget=ChoiceLabelWidget(OrgTrack.choices))
    total = fields.Field("total", "五强总分")
    selected = fields.Field("selected", "评为红旗支部")

    class Meta:
        model = RedFlagCandidate
        fields = ("year", "organization", "track", "total", "selected")
        export_order = fields


class DesignationResource(ScopedModelResource):
    year = fields.Field("year", "年度")
    kind = fields.Field("kind", "类别", widget=ChoiceLabelWidget(DesignationKind.choices))
    name = fields.Field("name", "名称")
    organization = fields.Field("party_organization__name", "党组织")
    person = fields.Field("person__name", "党员")
    commitment = fields.Field("commitment", "承诺内容")

    class Meta:
        model = Designation
        fields = ("year", "kind", "name", "organization", "person", "commitment")
        export_order = fields
