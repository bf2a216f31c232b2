"""Excel imports of the registers a county keeps before it moves in: its areas, and the support ledgers (activity
venues, pairings, liaison points and their visits, stationed cadres and their work). Each row is written by the
same service as the page, so every rule holds."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import register_import
from core.widgets import ChoiceLabelWidget, CountWidget, DateCellWidget, StrictForeignKeyWidget, YesNoWidget
from organizations.choices import AreaKind, CadreKind, LiaisonVisitKind, PartnerKind, StationedActivityKind
from organizations.models import (
    SIX_HAVES,
    Area,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.resources.entities import ENTITY_CODE, CreateOnlyResource, EntityCodeRowResource
from organizations.services import spine as services_spine
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


@register_import("liaison-visits", label="联系点活动", list_url_name="organizations:liaisonvisit_list")
class LiaisonVisitImportResource(_OrgRowResource):
    cadre_name = fields.Field(attribute=None, column_name="联系领导姓名")
    area = _area_field()
    party_organization = fields.Field(attribute=None, column_name=ORG)
    kind = fields.Field("kind", "活动类型", widget=ChoiceLabelWidget(LiaisonVisitKind.choices))
    visited_on = fields.Field("visited_on", "活动日期", widget=DateCellWidget())
    summary = fields.Field("summary", "内容摘要")

    class Meta:
        model = LiaisonVisit
        fields = ("cadre_name", "area", "party_organization", "kind", "visited_on", "summary")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("联系领导姓名",)
    required_values = ("联系领导姓名", AREA, ORG, "活动类型", "活动日期")
    duplicate_columns = ("联系领导姓名", AREA, ORG, "活动类型", "活动日期")
    column_help = {
        "联系领导姓名": ("已建立联系点的领导干部姓名", "须与系统中该联系点的联系领导一致"),
        AREA: AREA_HELP,
        ORG: ("联系点所在的党组织", ORG_HELP[1]),
        "内容摘要": ("活动的主要内容", "选填，300 字以内"),
    }

    def import_relations(self, instance, row, *, failed):
        super().import_relations(instance, row, failed=failed)
        cadre = str(row.get("联系领导姓名") or "").strip()
        org = getattr(instance, "party_organization", None)
        if org is None or not cadre:
            return
        point = (
            LiaisonPoint.objects.editable_by(self.user)
            .filter(party_organization=org, cadre_name=cadre)
            .order_by("-started_on")
            .first()
        )
        if point is None:
            raise ValidationError({"联系领导姓名": f"{org}没有“{cadre}”的联系点，请先建立联系点"})
        instance.point = point

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.liaison_visit_record(
            by=self.user,
            point=instance.point,
            kind=instance.kind,
            visited_on=instance.visited_on,
            summary=instance.summary or "",
        )
        instance.pk = created.pk


@register_import("stationed-activities", label="驻企干部工作", list_url_name="organizations:stationedactivity_list")
class StationedActivityImportResource(EntityCodeRowResource):
    cadre_name = fields.Field(attribute=None, column_name="驻企干部姓名")
    credit_code = fields.Field(attribute=None, column_name=ENTITY_CODE)
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(StationedActivityKind.choices))
    done_on = fields.Field("done_on", "日期", widget=DateCellWidget())
    title = fields.Field("title", "内容")
    listed_as = fields.Field("listed_as", "列入名单")

    class Meta:
        model = StationedActivity
        fields = ("cadre_name", "credit_code", "kind", "done_on", "title", "listed_as")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("驻企干部姓名", ENTITY_CODE)
    required_values = ("驻企干部姓名", ENTITY_CODE, "类型", "日期", "内容")
    duplicate_columns = ("驻企干部姓名", ENTITY_CODE, "类型", "日期", "内容")
    column_help = {
        "驻企干部姓名": ("已登记的驻企干部姓名", "须与系统中派驻该企业的干部一致"),
        ENTITY_CODE: ("驻在企业的统一社会信用代码", "18 位"),
        "内容": ("送了什么政策、帮办什么项目", "如“申报省级专精特新企业”"),
        "列入名单": ("项目列入的省、市重点名单", "仅“项目帮办”填写，如“省重点项目”；其他留空"),
    }

    def import_relations(self, instance, row, *, failed):
        entity = self.row_entity(row)
        name = str(row.get("驻企干部姓名") or "").strip()
        if entity is None or not name:
            return
        cadre = (
            StationedCadre.objects.editable_by(self.user)
            .filter(entity=entity, name=name)
            .order_by("-started_on")
            .first()
        )
        if cadre is None:
            raise ValidationError({"驻企干部姓名": f"{entity}没有派驻的干部“{name}”，请先登记驻企干部"})
        instance.cadre = cadre

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.stationed_activity_record(
            by=self.user,
            cadre=instance.cadre,
            kind=instance.kind,
            done_on=instance.done_on,
            title=instance.title,
            listed_as=instance.listed_as or "",
        )
        instance.pk = created.pk


@register_import("areas", label="街镇、园区", list_url_name="organizations:area_list")
class AreaImportResource(CreateOnlyResource):
    name = fields.Field("name", "名称")
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(AreaKind.choices))
    code = fields.Field("code", "编码")
    sort_order = fields.Field("sort_order", "排序", widget=CountWidget())

    class Meta:
        model = Area
        fields = ("name", "kind", "code", "sort_order")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("名称", "编码")
    required_values = ("名称", "类型", "编码")
    duplicate_columns = ("名称",)
    column_help = {
        "名称": ("街道、镇、园区或开发区的全称", "如“中都街道”“经济开发区”"),
        "编码": ("区划或内部编码，全县唯一", "字母或数字，如 ZD"),
        "排序": ("在各列表和报告中的先后", "整数，留空则按文件中的先后排在最后"),
    }

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services_spine.area_create(
            by=self.user,
            name=instance.name,
            kind=instance.kind,
            code=instance.code,
            sort_order=instance.sort_order,
        )
        instance.pk = created.pk
