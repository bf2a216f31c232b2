"""Excel import/export of the organisation spine; imports write through the services."""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, StrictForeignKeyWidget
from organizations import services
from organizations.choices import AreaKind, EstablishmentMethod, PartyOrgKind
from organizations.models import Area, PartyOrganization


class AreaResource(ScopedModelResource):
    name = fields.Field("name", "名称")
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(AreaKind.choices))
    code = fields.Field("code", "编码")

    class Meta:
        model = Area
        fields = ("name", "kind", "code")
        export_order = fields


class ParentWidget(StrictForeignKeyWidget):
    """The parent is named within the row's area and must be one the importer may edit."""

    def __init__(self, resource):
        super().__init__(PartyOrganization, "name", label="上级党组织")
        self.resource = resource

    @staticmethod
    def _area_name(row) -> str:
        return str((row or {}).get("所属街镇/园区") or "").strip()

    def lookup_key(self, value, row):
        return (self._area_name(row), str(value).strip())

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = PartyOrganization.objects.editable_by(self.resource.user)
        area_name = self._area_name(row)
        return queryset.filter(area__name=area_name) if area_name else queryset


@register_import("party-organizations", label="党组织", list_url_name="organizations:partyorganization_list")
class PartyOrganizationResource(ScopedModelResource):
    name = fields.Field("name", "名称")
    kind = fields.Field("kind", "组织类型", widget=ChoiceLabelWidget(PartyOrgKind.choices))
    establishment_method = fields.Field(
        "establishment_method", "组建方式", widget=ChoiceLabelWidget(EstablishmentMethod.choices)
    )
    area = fields.Field("area", "所属街镇/园区", widget=StrictForeignKeyWidget(Area, "name", label="街镇/园区"))
    parent = fields.Field(attribute=None, column_name="上级党组织")
    founded_on = fields.Field("founded_on", "成立日期", widget=widgets.DateWidget())

    class Meta:
        model = PartyOrganization
        fields = ("name", "kind", "establishment_method", "area", "parent", "founded_on")
        export_order = fields
        import_id_fields = ("area", "name")
        skip_unchanged = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.parent_widget = ParentWidget(self)

    def get_queryset(self):
        return PartyOrganization.objects.editable_by(self.user) if self.user else PartyOrganization.objects.none()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("area").with_parent_name()

    def dehydrate_parent(self, organization):
        return organization.parent_name or ""

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        try:
            instance._import_parent = self.parent_widget.clean(row.get("上级党组织"), row=row)
        except ValueError as error:
            raise ValidationError({"上级党组织": str(error)}) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Field checks only: the tree fields are set by the service, which also runs the full rules.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *services.TREE_FIELDS], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            created = services.party_organization_create(
                by=self.user,
                name=instance.name,
                kind=instance.kind,
                parent=instance._import_parent,
                area=instance.area,
                establishment_method=instance.establishment_method,
                founded_on=instance.founded_on,
            )
            instance.pk = created.pk
        else:
            services.party_organization_update(
                by=self.user,
                organization=instance,
                name=instance.name,
                kind=instance.kind,
                establishment_method=instance.establishment_method,
                founded_on=instance.founded_on,
            )
