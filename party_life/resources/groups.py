"""Excel export of Party groups."""

from import_export import fields, widgets

from core.imports import ScopedModelResource
from party_life.models import PartyGroup


class PartyGroupResource(ScopedModelResource):
    organization = fields.Field("party_organization__name", "党组织")
    name = fields.Field("name", "党小组")
    member_count = fields.Field("member_count", "组员人数")
    is_active = fields.Field("is_active", "存续", widget=widgets.BooleanWidget())

    class Meta:
        model = PartyGroup
        fields = ("organization", "name", "member_count", "is_active")
        export_order = fields
