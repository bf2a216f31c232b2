"""Excel import/export of people; imports write through the services, exports mask 身份证号 and phone."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields

from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, DateCellWidget, StrictForeignKeyWidget, YesNoWidget
from members.choices import Education, Gender, Post, Stage
from members.models import Person
from members.services import people as services
from members.validators import mask_id_number, mask_phone
from organizations.models import Entity, PartyOrganization

__all__ = ["PersonPrintResource", "PersonResource"]

# Columns read through ChoiceLabelWidget / YesNoWidget, which let only valid choices through.
WIDGET_CHECKED = ("gender", "education", "post", "stage", "is_management_talent", "is_technical_talent")


class EditableOrgWidget(StrictForeignKeyWidget):
    """所在党组织 by name, among the organisations the importer may edit (remembered for the file)."""

    def __init__(self, resource):
        super().__init__(PartyOrganization, "name", label="党组织")
        self.resource = resource

    def get_queryset(self, value, row, *args, **kwargs):
        return PartyOrganization.objects.editable_by(self.resource.user).filter(is_active=True)


class VisibleEntityWidget(StrictForeignKeyWidget):
    """工作单位 by its 统一社会信用代码 (remembered for the file)."""

    def __init__(self, resource):
        super().__init__(Entity, "credit_code", label="工作单位（统一社会信用代码）")
        self.resource = resource

    def lookup_key(self, value, row):
        return str(value).strip().upper()

    def get_queryset(self, value, row, *args, **kwargs):
        return Entity.objects.visible_to(self.resource.user)

    def clean(self, value, row=None, **kwargs):
        return super().clean(str(value).strip().upper() if value not in (None, "") else value, row, **kwargs)


class PersonFieldsMixin:
    """Masks 身份证号 and phone unless the resource was built with ``full=True`` by a role that needs them."""

    def __init__(self, *, full: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.full = full and self.user is not None and services.can_see_identity(self.user)

    def dehydrate_id_number(self, person):
        return person.id_number if self.full else mask_id_number(person.id_number)

    def dehydrate_phone(self, person):
        return person.phone if self.full else mask_phone(person.phone)


@register_import("people", label="人员（发展党员）", list_url_name="members:person_list")
class PersonResource(PersonFieldsMixin, ScopedModelResource):
    name = fields.Field("name", "姓名")
    gender = fields.Field("gender", "性别", widget=ChoiceLabelWidget(Gender.choices))
    birth_date = fields.Field("birth_date", "出生日期", widget=DateCellWidget())
    id_number = fields.Field("id_number", "身份证号")
    phone = fields.Field("phone", "联系电话")
    education = fields.Field("education", "学历", widget=ChoiceLabelWidget(Education.choices))
    entity = fields.Field(attribute=None, column_name="工作单位(统一社会信用代码)")
    post = fields.Field("post", "岗位", widget=ChoiceLabelWidget(Post.choices))
    party_organization = fields.Field(attribute=None, column_name="所在党组织")
    is_management_talent = fields.Field("is_management_talent", "管理人才", widget=YesNoWidget())
    is_technical_talent = fields.Field("is_technical_talent", "技术人才", widget=YesNoWidget())
    stage = fields.Field("stage", "发展阶段", widget=ChoiceLabelWidget(Stage.choices))
    applied_on = fields.Field("applied_on", "递交入党申请日期", widget=DateCellWidget())
    activist_on = fields.Field("activist_on", "确定为入党积极分子日期", widget=DateCellWidget())
    candidate_on = fields.Field("candidate_on", "确定为发展对象日期", widget=DateCellWidget())
    admitted_on = fields.Field("admitted_on", "接收为预备党员日期", widget=DateCellWidget())
    probation_ends_on = fields.Field("probation_ends_on", "预备期满日期", widget=DateCellWidget())
    full_on = fields.Field("full_on", "转为正式党员日期", widget=DateCellWidget())

    class Meta:
        model = Person
        fields = (
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "education",
            "entity",
            "post",
            "party_organization",
            "is_management_talent",
            "is_technical_talent",
            "stage",
            "applied_on",
            "activist_on",
            "candidate_on",
            "admitted_on",
            "probation_ends_on",
            "full_on",
        )
        export_order = fields
        import_id_fields = ("id_number",)
        skip_unchanged = False
        # Rows are checked one by one without queries, then written five thousand at a time through
        # people_create_bulk (COPY): a 10,000-row file costs a few dozen queries instead of tens of thousands.
        use_bulk = True
        batch_size = 5000
        skip_diff = True

    creates_only = True  # a 身份证号 already recorded is refused, never updated
    compact_columns = ("身份证号", "联系电话", "姓名", "工作单位(统一社会信用代码)")
    required_values = ("姓名", "身份证号", "所在党组织")  # birth date and gender can come from the 身份证号
    column_help = {
        "身份证号": ("18 位居民身份证号码", "18 位，末位可为 X；请把单元格设为“文本”，以免 Excel 改成科学计数"),
        "工作单位(统一社会信用代码)": ("所在经营主体的统一社会信用代码", "须是系统中已登记的经营主体；可留空"),
        "所在党组织": ("组织关系所在的党组织", "须与系统中党组织名称一致"),
        "发展阶段": ("当前所处的发展阶段", "留空为入党申请人"),
        "岗位": ("在工作单位的岗位", "留空为普通员工"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.org_widget = EditableOrgWidget(self)
        self.entity_widget = VisibleEntityWidget(self)

    def get_queryset(self):
        return Person.objects.visible_to(self.user) if self.user else Person.objects.none()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("party_organization", "entity")

    def dehydrate_party_organization(self, person):
        return person.party_organization.name

    def dehydrate_entity(self, person):
        return person.entity.credit_code if person.entity_id else ""

    # --- import: create only; a 身份证号 already recorded is refused (twice in the file: the base class) ---

    def get_instance(self, instance_loader, row):
        return None

    def before_import_row(self, row, **kwargs):
        if not row.get("发展阶段"):
            row["发展阶段"] = Stage.APPLICANT.label
        if not row.get("岗位"):
            row["岗位"] = Post.STAFF.label

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []

        def column(header):
            return dataset.get_col(headers.index(header)) if header in headers else []

        # Three queries for the whole file: who is recorded already, the organisations, the entities.
        self.recorded = services.recorded_id_numbers(self._id_number(value) for value in column("身份证号"))
        self.org_widget.prefetch(column("所在党组织"))
        self.entity_widget.prefetch(column("工作单位(统一社会信用代码)"))
        self.failed = False
        self.today = timezone.localdate()

    @staticmethod
    def _id_number(value) -> str:
        if isinstance(value, float):
            value = f"{value:.0f}"
        return "" if value is None else str(value).strip().upper()

    def import_relations(self, instance, row, *, failed):
        errors = {}
        try:
            instance.party_organization = self.org_widget.clean(row.get("所在党组织"), row=row)
        except ValueError as error:
            errors["所在党组织"] = str(error)
        try:
            instance.entity = self.entity_widget.clean(row.get("工作单位(统一社会信用代码)"), row=row)
        except ValueError as error:
            errors["工作单位(统一社会信用代码)"] = str(error)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The person's own rules run even when a cell was refused, so a row lists all of its problems;
        # a rule about a field whose cell was already refused adds nothing.
        errors = dict(import_validation_errors or {})
        instance.phone = instance.phone or ""
        instance.education = instance.education or ""
        instance.probation_extended = bool(
            instance.admitted_on
            and instance.probation_ends_on
            and instance.probation_ends_on != services.add_years(instance.admitted_on, 1)
        )
        failed = set(errors)
        try:
            services.person_check(instance, prechecked=(*WIDGET_CHECKED, *failed), today=self.today)
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                if field not in failed:
                    errors.setdefault(field, []).extend(messages)
        except (TypeError, AttributeError, ValueError):
            if not errors:
                raise
        number = instance.id_number
        if number and number in self.recorded:
            errors.setdefault("id_number", []).append("该身份证号已登记。")
        if errors:
            raise ValidationError(errors)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if row_result.import_type in {row_result.IMPORT_TYPE_INVALID, row_result.IMPORT_TYPE_ERROR}:
            self.failed = True

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # Once a row is refused nothing will be kept: checking the rest is enough, writing them is not.
        if self.create_instances and not self.failed:
            try:
                created = services.people_create_bulk(by=self.user, people=list(self.create_instances), checked=True)
                self.written_pks.extend(person.pk for person in created)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.create_instances.clear()


class PersonPrintResource(PersonFieldsMixin, ScopedModelResource):
    """The printed list: narrower than the export, always masked."""

    name = fields.Field("name", "姓名")
    gender = fields.Field("gender", "性别", widget=ChoiceLabelWidget(Gender.choices))
    id_number = fields.Field("id_number", "身份证号")
    party_organization = fields.Field("party_organization__name", "所在党组织")
    post = fields.Field("post", "岗位", widget=ChoiceLabelWidget(Post.choices))
    stage = fields.Field("stage", "发展阶段", widget=ChoiceLabelWidget(Stage.choices))
    applied_on = fields.Field("applied_on", "申请日期", widget=DateCellWidget())
    activist_on = fields.Field("activist_on", "积极分子日期", widget=DateCellWidget())

    class Meta:
        model = Person
        fields = ("name", "gender", "id_number", "party_organization", "post", "stage", "applied_on", "activist_on")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("party_organization")
