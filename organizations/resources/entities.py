"""Excel import/export of entities, mass organisations and instructors; imports write through the services."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, CountWidget, DateCellWidget, StrictForeignKeyWidget, YesNoWidget
from organizations.choices import EntityKind, MassOrgKind
from organizations.models import Area, Entity, Instructor, InstructorAssignment, MassOrganization, PartyOrganization
from organizations.services import entities as services


class CoveringOrgWidget(StrictForeignKeyWidget):
    """The covering Party organisation, named within the row's area and editable by the importer."""

    def __init__(self, resource):
        super().__init__(PartyOrganization, "name", label="覆盖党组织")
        self.resource = resource

    def lookup_key(self, value, row):
        return (str((row or {}).get("所属街镇/园区") or "").strip(), str(value).strip())

    def get_queryset(self, value, row, *args, **kwargs):
        area_name = str((row or {}).get("所属街镇/园区") or "").strip()
        return PartyOrganization.objects.editable_by(self.resource.user).filter(area__name=area_name)


@register_import("entities", label="经营主体", list_url_name="organizations:entity_list")
class EntityResource(ScopedModelResource):
    credit_code = fields.Field("credit_code", "统一社会信用代码")
    name = fields.Field("name", "名称")
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(EntityKind.choices))
    area = fields.Field("area", "所属街镇/园区", widget=StrictForeignKeyWidget(Area, "name", label="街镇/园区"))
    industry = fields.Field("industry", "行业")
    staff_count = fields.Field("staff_count", "从业人员数", widget=CountWidget(), saves_null_values=False)
    full_member_count = fields.Field("full_member_count", "正式党员数", widget=CountWidget(), saves_null_values=False)
    is_key_enterprise = fields.Field("is_key_enterprise", "重点企业", widget=YesNoWidget())
    is_operating = fields.Field("is_operating", "正常经营", widget=YesNoWidget())
    party_organization = fields.Field(attribute=None, column_name="覆盖党组织")

    class Meta:
        model = Entity
        fields = (
            "credit_code",
            "name",
            "kind",
            "area",
            "industry",
            "staff_count",
            "full_member_count",
            "is_key_enterprise",
            "is_operating",
            "party_organization",
        )
        export_order = fields
        import_id_fields = ("credit_code",)
        skip_unchanged = False

    compact_columns = ("统一社会信用代码",)
    column_help = {
        "统一社会信用代码": ("营业执照或登记证书上的 18 位代码", "18 位数字或大写字母"),
        "所属街镇/园区": ("经营主体所在的街镇/园区", "须与系统中街镇/园区名称一致"),
        "从业人员数": ("在岗职工人数", "0 或正整数，不带“人”字"),
        "正式党员数": ("正式党员人数（不含预备党员）", "0 或正整数"),
        "覆盖党组织": ("覆盖该主体的党组织（单独建、联合建或兜底建）", "须与系统中党组织名称一致；没有可留空"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.org_widget = CoveringOrgWidget(self)

    def get_queryset(self):
        return Entity.objects.editable_by(self.user) if self.user else Entity.objects.none()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("area", "party_organization")

    def dehydrate_party_organization(self, entity):
        return entity.party_organization.name if entity.party_organization_id else ""

    def import_relations(self, instance, row, *, failed):
        instance._import_org = None
        try:
            instance._import_org = self.org_widget.clean(row.get("覆盖党组织"), row=row)
        except ValueError as error:
            raise ValidationError({"覆盖党组织": str(error)}) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The service validates on save; checking here too would query every row twice.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        values = {name: getattr(instance, name) for name in services.ENTITY_FIELDS if name != "area"}
        values["area"] = instance.area
        if is_create:
            entity = services.entity_create(by=self.user, **values)
            instance.pk = entity.pk
        else:
            entity = services.entity_update(by=self.user, entity=Entity.objects.get(pk=instance.pk), **values)
        if instance._import_org is not None and entity.party_organization_id != instance._import_org.pk:
            services.entity_cover(by=self.user, entity=entity, organization=instance._import_org)


class MassOrganizationResource(ScopedModelResource):
    entity = fields.Field("entity__name", "经营主体")
    credit_code = fields.Field("entity__credit_code", "统一社会信用代码")
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(MassOrgKind.choices))
    name = fields.Field("name", "名称")
    founded_on = fields.Field("founded_on", "成立日期", widget=DateCellWidget())

    class Meta:
        model = MassOrganization
        fields = ("entity", "credit_code", "kind", "name", "founded_on")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("entity")


class InstructorResource(ScopedModelResource):
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "工作单位")
    area = fields.Field("area__name", "所属街镇/园区")
    is_red_sail = fields.Field("is_red_sail", "“红帆”指导员", widget=YesNoWidget())
    current = fields.Field(attribute="current_entities", column_name="现指导经营主体数")

    class Meta:
        model = Instructor
        fields = ("name", "unit", "area", "is_red_sail", "current")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        from django.db.models import Count, Q

        return queryset.select_related("area").annotate(
            current_entities=Count("assignments", filter=Q(assignments__ended_on__isnull=True))
        )


# --- imports of mass organisations, instructors and their assignments --------------------------------

ENTITY_CODE = "经营主体统一社会信用代码"


class EditableEntityWidget(StrictForeignKeyWidget):
    """An entity by its 统一社会信用代码, among those the importer may edit (remembered for the file)."""

    def __init__(self, resource):
        super().__init__(Entity, "credit_code", label="经营主体")
        self.resource = resource

    def get_queryset(self, value, row, *args, **kwargs):
        return Entity.objects.editable_by(self.resource.user)


class CreateOnlyResource(ScopedModelResource):
    """An import that only adds rows, each through one service; cell errors are all it checks before saving."""

    def get_instance(self, instance_loader, row):
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def get_queryset(self):
        model = self._meta.model
        return model.objects.editable_by(self.user) if self.user else model.objects.none()


class EntityCodeRowResource(CreateOnlyResource):
    """A row that names its entity by the 经营主体统一社会信用代码 column, among those the importer may edit."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entity_widget = EditableEntityWidget(self)

    def row_entity(self, row) -> Entity | None:
        try:
            return self.entity_widget.clean(row.get(ENTITY_CODE), row=row)
        except ValueError as error:
            raise ValidationError({ENTITY_CODE: str(error)}) from None


@register_import("mass-organizations", label="群团组织", list_url_name="organizations:massorganization_list")
class MassOrganizationImportResource(EntityCodeRowResource):
    credit_code = fields.Field(attribute=None, column_name=ENTITY_CODE)
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(MassOrgKind.choices))
    name = fields.Field("name", "名称")
    founded_on = fields.Field("founded_on", "成立日期", widget=DateCellWidget())

    class Meta:
        model = MassOrganization
        fields = ("credit_code", "kind", "name", "founded_on")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = (ENTITY_CODE,)
    required_values = (ENTITY_CODE, "类型", "名称")
    duplicate_columns = (ENTITY_CODE, "类型", "名称")
    column_help = {
        ENTITY_CODE: ("群团组织所在经营主体的统一社会信用代码", "18 位；须是系统中已登记、您管理范围内的经营主体"),
        "名称": ("群团组织全称", "如“某某有限公司工会委员会”"),
    }

    def import_relations(self, instance, row, *, failed):
        entity = self.row_entity(row)
        if entity is None:
            return
        instance.entity = entity
        if not failed and entity.mass_orgs.filter(kind=instance.kind, name=instance.name).exists():
            raise ValidationError({"name": f"{entity.name}已登记“{instance.name}”"})

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.mass_organization_create(
            by=self.user, entity=instance.entity, kind=instance.kind, name=instance.name, founded_on=instance.founded_on
        )
        instance.pk = created.pk


@register_import("instructors", label="党建工作指导员", list_url_name="organizations:instructor_list")
class InstructorImportResource(CreateOnlyResource):
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "工作单位")
    phone = fields.Field("phone", "联系电话")
    area = fields.Field("area", "所属街镇/园区", widget=StrictForeignKeyWidget(Area, "name", label="街镇/园区"))
    is_red_sail = fields.Field("is_red_sail", "“红帆”党建指导员", widget=YesNoWidget())

    class Meta:
        model = Instructor
        fields = ("name", "unit", "phone", "area", "is_red_sail")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("姓名", "联系电话")
    required_values = ("姓名", "所属街镇/园区")
    duplicate_columns = ("所属街镇/园区", "姓名")
    column_help = {"“红帆”党建指导员": ("是否获评“红帆”党建指导员", "是 或 否，留空为否")}

    def import_relations(self, instance, row, *, failed):
        if not failed and Instructor.objects.filter(area=instance.area, name=instance.name).exists():
            raise ValidationError({"name": f"{instance.area}已有指导员“{instance.name}”"})

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.instructor_create(
            by=self.user,
            name=instance.name,
            area=instance.area,
            unit=instance.unit or "",
            phone=instance.phone or "",
            is_red_sail=bool(instance.is_red_sail),
        )
        instance.pk = created.pk


@register_import("instructor-assignments", label="指导员选派", list_url_name="organizations:instructor_list")
class InstructorAssignmentImportResource(CreateOnlyResource):
    instructor = fields.Field(attribute=None, column_name="指导员姓名")
    area = fields.Field(
        attribute=None, column_name="所属街镇/园区", widget=StrictForeignKeyWidget(Area, "name", label="街镇/园区")
    )
    credit_code = fields.Field(attribute=None, column_name=ENTITY_CODE)
    started_on = fields.Field("started_on", "开始日期", widget=DateCellWidget())

    class Meta:
        model = InstructorAssignment
        fields = ("instructor", "area", "credit_code", "started_on")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("指导员姓名", ENTITY_CODE)
    required_values = ("指导员姓名", "所属街镇/园区", ENTITY_CODE, "开始日期")
    duplicate_columns = ("所属街镇/园区", "指导员姓名", ENTITY_CODE)
    column_help = {
        "指导员姓名": ("已登记的党建工作指导员", "须与系统中该街镇/园区的指导员姓名一致"),
        "所属街镇/园区": ("指导员和经营主体所在的街镇/园区", "从下拉列表中选择"),
        ENTITY_CODE: ("被指导的经营主体", "18 位统一社会信用代码"),
        "开始日期": ("选派开始日期", "如 2024-03-01，不晚于今天"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entity_widget = EditableEntityWidget(self)
        self.area_widget = StrictForeignKeyWidget(Area, "name", label="街镇/园区")

    def import_relations(self, instance, row, *, failed):
        errors = {}
        try:
            area = self.area_widget.clean(row.get("所属街镇/园区"), row=row)
        except ValueError as error:
            errors["所属街镇/园区"] = str(error)
            area = None
        name = str(row.get("指导员姓名") or "")
        if area is not None and name:
            found = list(Instructor.objects.filter(area=area, name=name)[:2])
            if not found:
                errors["指导员姓名"] = f"{area}没有登记指导员“{name}”，请先导入指导员"
            elif len(found) > 1:
                errors["指导员姓名"] = f"{area}有两位指导员叫“{name}”，请在页面上选派"
            else:
                instance.instructor = found[0]
        try:
            entity = self.entity_widget.clean(row.get(ENTITY_CODE), row=row)
        except ValueError as error:
            errors[ENTITY_CODE] = str(error)
            entity = None
        if entity is not None:
            instance.entity = entity
            if area is not None and entity.area_id != area.pk:
                errors[ENTITY_CODE] = f"{entity.name}不在{area}"
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.instructor_assign(
            by=self.user, instructor=instance.instructor, entity=instance.entity, started_on=instance.started_on
        )
        instance.pk = created.pk
