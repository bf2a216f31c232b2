"""Excel imports of the support ledgers a county keeps before it moves in: activity venues, pairings, liaison
points and stationed cadres. Each row is written by the same service as the page, so every rule holds."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import register_import
from core.widgets import ChoiceLabelWidget, DateCellWidget, StrictForeignKeyWidget, YesNoWidget
from organizations.choices import CadreKind, PartnerKind
from organizations.models import SIX_HAVES, Area, LiaisonPoint, Pairing, PartyOrganization, StationedCadre, Venue
from organizations.resources.entities import ENTITY_CODE, CreateOnlyResource, EntityCodeRowResource
from organizations.services import support as services

AREA = "所属街镇/园区"
ORG = "党组织"
AREA_HELP = ("党组织所在的街镇/园区", "须与系统中街镇/园区名称一致")
ORG_HELP = ("党组织全称", "须与系统中该街镇/园区内的党组织名称一致，且在您的管理范围内")


class OrgInAreaWidget(StrictForeignKeyWidget):
    """A Party organisation named within the row's area, among those the importer may edit."""

    def __init__(self, resource, label: str = ORG):
        super().__init__(PartyOrganization, "name", label=label)
        self.resource = resource

    def lookup_key(self, value, row):
        return (str((row or {}).get(AREA) or "").strip(), str(value).strip())

    def get_queryset(self, value, row, *args, **kwargs):
        area_name = str((row or {}).get(AREA) or "").strip()
        return PartyOrganization.objects.editable_by(self.resource.user).filter(area__name=area_name)


class _OrgRowResource(CreateOnlyResource):
    """A row that names its Party organisation by area and name."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.org_widget = OrgInAreaWidget(self)

    def import_relations(self, instance, row, *, failed):
        try:
            instance.party_organization = self.org_widget.clean(row.get(ORG), row=row)
        except ValueError as error:
            raise ValidationError({ORG: str(error)}) from None


def _area_field():
    return fields.Field(
        attribute=None, column_name=AREA, widget=StrictForeignKeyWidget(Area, "name", label="街镇/园区")
    )


@register_import("venues", label="活动阵地", list_url_name="organizations:venue_list")
class VenueImportResource(_OrgRowResource):
    area = _area_field()
    party_organization = fields.Field(attribute=None, column_name=ORG)
    name = fields.Field("name", "阵地名称")
    address = fields.Field("address", "地址")
    has_space = fields.Field("has_space", "有场所", widget=YesNoWidget())
    has_facilities = fields.Field("has_facilities", "有设施", widget=YesNoWidget())
    has_sign = fields.Field("has_sign", "有标志", widget=YesNoWidget())
    has_flag = fields.Field("has_flag", "有党旗", widget=YesNoWidget())
    has_books = fields.Field("has_books", "有书报", widget=YesNoWidget())
    has_rules = fields.Field("has_rules", "有制度", widget=YesNoWidget())

    class Meta:
        model = Venue
        fields = ("area", "party_organization", "name", "address", *(field for field, _label in SIX_HAVES))
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    required_values = (AREA, ORG, "阵地名称")
    duplicate_columns = (AREA, ORG, "阵地名称")
    column_help = {AREA: AREA_HELP, ORG: ORG_HELP, "有场所": ("“六有”之一", "是 或 否，留空为否")}

    def save_instance(self, instance, is_create, row, **kwargs):
        haves = {field: bool(getattr(instance, field)) for field, _label in SIX_HAVES}
        created = services.venue_create(
            by=self.user,
            party_organization=instance.party_organization,
            name=instance.name,
            address=instance.address or "",
            **haves,
        )
        instance.pk = created.pk


@register_import("pairings", label="结对共建", list_url_name="organizations:pairing_list")
class PairingImportResource(_OrgRowResource):
    area = _area_field()
    party_organization = fields.Field(attribute=None, column_name=ORG)
    partner_name = fields.Field("partner_name", "结对单位")
    partner_kind = fields.Field("partner_kind", "结对类型", widget=ChoiceLabelWidget(PartnerKind.choices))
    started_on = fields.Field("started_on", "结对日期", widget=DateCellWidget())

    class Meta:
        model = Pairing
        fields = ("area", "party_organization", "partner_name", "partner_kind", "started_on")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    required_values = (AREA, ORG, "结对单位", "结对类型", "结对日期")
    duplicate_columns = (AREA, ORG, "结对单位")
    column_help = {
        AREA: AREA_HELP,
        ORG: ORG_HELP,
        "结对单位": ("结对的机关、村或社区党组织全称", "如“县工信局机关党支部”"),
    }

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.pairing_create(
            by=self.user,
            party_organization=instance.party_organization,
            partner_name=instance.partner_name,
            partner_kind=instance.partner_kind,
            started_on=instance.started_on,
        )
        instance.pk = created.pk


@register_import("liaison-points", label="领导干部联系点", list_url_name="organizations:liaisonpoint_list")
class LiaisonPointImportResource(_OrgRowResource):
    cadre_name = fields.Field("cadre_name", "联系领导姓名")
    cadre_title = fields.Field("cadre_title", "职务")
    cadre_kind = fields.Field("cadre_kind", "联系领导类别", widget=ChoiceLabelWidget(CadreKind.choices))
    area = _area_field()
    party_organization = fields.Field(attribute=None, column_name=ORG)
    started_on = fields.Field("started_on", "建立日期", widget=DateCellWidget())

    class Meta:
        model = LiaisonPoint
        fields = ("cadre_name", "cadre_title", "cadre_kind", "area", "party_organization", "started_on")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    required_values = ("联系领导姓名", "职务", "联系领导类别", AREA, ORG, "建立日期")
    duplicate_columns = ("联系领导姓名", AREA, ORG)
    column_help = {
        AREA: AREA_HELP,
        ORG: ("联系的党组织（副科级以上领导干部联系市、县级示范点）", ORG_HELP[1]),
    }

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.liaison_point_create(
            by=self.user,
            cadre_name=instance.cadre_name,
            cadre_title=instance.cadre_title or "",
            cadre_kind=instance.cadre_kind,
            party_organization=instance.party_organization,
            started_on=instance.started_on,
        )
        instance.pk = created.pk


@register_import("stationed-cadres", label="驻企干部", list_url_name="organizations:stationedcadre_list")
class StationedCadreImportResource(EntityCodeRowResource):
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "派出单位")
    credit_code = fields.Field(attribute=None, column_name=ENTITY_CODE)
    post = fields.Field("post", "任职")
    started_on = fields.Field("started_on", "派驻日期", widget=DateCellWidget())
    ended_on = fields.Field("ended_on", "结束日期", widget=DateCellWidget())

    class Meta:
        model = StationedCadre
        fields = ("name", "unit", "credit_code", "post", "started_on", "ended_on")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("姓名", ENTITY_CODE)
    required_values = ("姓名", "派出单位", ENTITY_CODE, "派驻日期")
    duplicate_columns = ("姓名", ENTITY_CODE)
    column_help = {
        ENTITY_CODE: ("驻在企业的统一社会信用代码", "18 位；须是系统中已登记、您管理范围内的非公企业"),
        "任职": ("在企业党组织中的职务", "留空为“党组织副书记”"),
        "结束日期": ("派驻结束的日期", "仍在派驻的留空"),
    }

    def import_relations(self, instance, row, *, failed):
        entity = self.row_entity(row)
        if entity is not None:
            instance.entity = entity

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.stationed_cadre_create(
            by=self.user,
            name=instance.name,
            unit=instance.unit,
            entity=instance.entity,
            started_on=instance.started_on,
            post=instance.post or "党组织副书记",
            ended_on=instance.ended_on,
        )
        instance.pk = created.pk
