"""Excel import/export of the organisation spine; imports write through the services."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, DateCellWidget, StrictForeignKeyWidget
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
    founded_on = fields.Field("founded_on", "成立日期", widget=DateCellWidget())

    class Meta:
        model = PartyOrganization
        fields = ("name", "kind", "establishment_method", "area", "parent", "founded_on")
        export_order = fields
        import_id_fields = ("area", "name")
        skip_unchanged = True

    required_values = ("名称", "组织类型")
    duplicate_columns = ("所属街镇/园区", "上级党组织", "名称")
    column_help = {
        "名称": ("党组织全称", "如“某某有限公司党支部”"),
        "所属街镇/园区": ("仅街镇/园区党（工）委填写；其他党组织随上级", "须与系统中街镇/园区名称一致"),
        "上级党组织": (
            "上级党组织名称：系统中已有的，或本文件中其他行新建的（行的先后不限）",
            "街镇/园区党（工）委留空",
        ),
        "组建方式": ("单独建、联合建或兜底建", "街镇/园区党（工）委留空，其他必填"),
        "成立日期": ("党组织成立日期", "如 2020-07-01，也可写 2020年7月1日"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.parent_widget = ParentWidget(self)
        self._areas: dict[str, Area | None] = {}
        self._created_at_row: dict[int, int] = {}  # organisation created by this file -> its Excel row
        self._same_name_as: int | None = None

    def get_queryset(self):
        return PartyOrganization.objects.editable_by(self.user) if self.user else PartyOrganization.objects.none()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("area").with_parent_name()

    def dehydrate_parent(self, organization):
        return organization.parent_name or ""

    def prepare_dataset(self, dataset) -> None:
        """Parents before their children, whatever the order of the rows: a whole tree in one file.

        A row naming as its parent another row of the file comes after that row (depth first, otherwise
        the file's order). A cycle is left as it stands; its rows then report the parent they cannot find.
        """
        headers = list(dataset.headers or [])
        if "名称" not in headers or "上级党组织" not in headers:
            return
        name_at, parent_at = headers.index("名称"), headers.index("上级党组织")
        rows_named: dict[str, list[int]] = {}
        for index, row in enumerate(dataset):
            rows_named.setdefault(str(row[name_at] or ""), []).append(index)
        order: list[int] = []
        visited: set[int] = set()

        def visit(index: int) -> None:
            # Iterative depth first: a tree may be deeper than Python's recursion limit allows.
            stack = [(index, iter(rows_named.get(str(dataset[index][parent_at] or ""), [])))]
            visited.add(index)
            while stack:
                current, parents = stack[-1]
                for parent_index in parents:
                    if parent_index not in visited:
                        visited.add(parent_index)
                        stack.append(
                            (parent_index, iter(rows_named.get(str(dataset[parent_index][parent_at] or ""), [])))
                        )
                        break
                else:
                    stack.pop()
                    order.append(current)

        for index in range(len(dataset)):
            if index not in visited:
                visit(index)
        if order == list(range(len(dataset))):
            return
        rows = [dataset[index] for index in order]
        excel_rows = [dataset.excel_rows[index] for index in order]
        del dataset[0 : len(dataset)]
        for row in rows:
            dataset.append(row)
        dataset.excel_rows = excel_rows

    def _area_named(self, name: str) -> Area | None:
        if name not in self._areas:
            self._areas[name] = Area.objects.filter(name=name).first()
        return self._areas[name]

    def _row_area(self, row) -> Area | None:
        """The area the row names, or else its parent's (from the database or an earlier row of the file)."""
        name = str(row.get("所属街镇/园区") or "").strip()
        if name:
            return self._area_named(name)
        try:
            parent = self.parent_widget.clean(row.get("上级党组织"), row=row)
        except ValueError:
            return None
        return parent.area if parent is not None else None

    def _parent_in_another_area(self, row) -> PartyOrganization | None:
        """The parent the row names, found outside the area the row names (the usual slip), if it is one."""
        name = str(row.get("上级党组织") or "").strip()
        if not name or not str(row.get("所属街镇/园区") or "").strip():
            return None
        found = list(self.get_queryset().filter(name=name).select_related("area")[:2])
        return found[0] if len(found) == 1 else None

    def get_instance(self, instance_loader, row):
        name = str(row.get("名称") or "").strip()
        area = self._row_area(row) if name else None
        if area is None:
            return None
        found = self.get_queryset().filter(area=area, name=name).first()
        if found is not None and found.pk in self._created_at_row:
            # Not an update of the earlier row: reported with the row's other problems.
            self._same_name_as = self._created_at_row[found.pk]
            return None
        return found

    def import_relations(self, instance, row, *, failed):
        errors = {}
        earlier, self._same_name_as = self._same_name_as, None
        if earlier is not None and "__all__" not in failed:  # a plain repeat is reported as such
            errors["name"] = f"与第 {earlier} 行同名：同一街镇/园区内党组织名称不能重复"
        try:
            parent = self.parent_widget.clean(row.get("上级党组织"), row=row)
        except ValueError as error:
            elsewhere = self._parent_in_another_area(row)
            if elsewhere is not None:
                errors["area"] = f"与上级党组织“{elsewhere.name}”所属的{elsewhere.area}不一致，可留空。"
            else:
                errors["上级党组织"] = str(error)
            raise ValidationError(errors) from None
        instance._import_parent = parent
        if errors:
            raise ValidationError(errors)
        if parent is None:
            if instance.area_id is None and "area" not in failed:
                raise ValidationError(
                    {"area": "街镇/园区党（工）委必须填写所属街镇/园区；其他党组织请填写上级党组织。"}
                )
        elif instance.area_id is None:
            instance.area = parent.area
        elif instance.area_id != parent.area_id:
            raise ValidationError({"area": f"与上级党组织“{parent.name}”所属的{parent.area}不一致，可留空。"})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Field checks only: the tree fields are set by the service, which also runs the full rules.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *services.TREE_FIELDS], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            # A row repeated inside the file, or a field already refused (a name used twice in the file), keeps
            # its one message: the model's own check would say the same again as a clash with a saved record.
            if "__all__" not in errors:
                for field, messages in error.message_dict.items():
                    errors.setdefault(field, messages)
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
            self._created_at_row[created.pk] = self.excel_row(kwargs.get("row_number") or 0)
        else:
            services.party_organization_update(
                by=self.user,
                organization=instance,
                name=instance.name,
                kind=instance.kind,
                establishment_method=instance.establishment_method,
                founded_on=instance.founded_on,
            )
