"""Excel import/export of people; imports write through the services, exports mask 身份证号 and phone."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, StrictForeignKeyWidget
from members.choices import Education, Gender, Post, Stage
from members.models import Person
from members.services import people as services
from members.validators import mask_id_number, mask_phone
from organizations.models import Entity, PartyOrganization

__all__ = ["PersonPrintResource", "PersonResource"]

# Columns read through ChoiceLabelWidget / YesNoWidget, which let only valid choices through.
WIDGET_CHECKED = ("gender", "education", "post", "stage", "is_management_talent", "is_technical_talent")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


class LenientDateWidget(widgets.Widget):
    """Dates as Excel gives them: a date cell (a datetime) or text such as 2024-03-01, 2024/3/1, 2024年3月1日."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}”不是有效日期，请写成 2024-03-01")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text in ("", "否", "0", "False", "false"):
            return False
        if text in ("是", "1", "True", "true"):
            return True
        raise ValueError(f"“{text}”应填“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


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
    birth_date = fields.Field("birth_date", "出生日期", widget=LenientDateWidget())
    id_number = fields.Field("id_number", "身份证号")
    phone = fields.Field("phone", "联系电话")
    education = fields.Field("education", "学历", widget=ChoiceLabelWidget(Education.choices))
    entity = fields.Field(attribute=None, column_name="工作单位(统一社会信用代码)")
    post = fields.Field("post", "岗位", widget=ChoiceLabelWidget(Post.choices))
    party_organization = fields.Field(attribute=None, column_name="所在党组织")
    is_management_talent = fields.Field("is_management_talent", "管理人才", widget=YesNoWidget())
    is_technical_talent = fields.Field("is_technical_talent", "技术人才", widget=YesNoWidget())
    stage = fields.Field("stage", "发展阶段", widget=ChoiceLabelWidget(Stage.choices))
    applied_on = fields.Field("applied_on", "递交入党申请日期", widget=LenientDateWidget())
    activist_on = fields.Field("activist_on", "确定为入党积极分子日期", widget=LenientDateWidget())
    candidate_on = fields.Field("candidate_on", "确定为发展对象日期", widget=LenientDateWidget())
    admitted_on = fields.Field("admitted_on", "接收为预备党员日期", widget=LenientDateWidget())
    probation_ends_on = fields.Field("probation_ends_on", "预备期满日期", widget=LenientDateWidget())
    full_on = fields.Field("full_on", "转为正式党员日期", widget=LenientDateWidget())

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
        # Rows are checked one by one without queries, then written a thousand at a time through
        # people_create_bulk: a 10,000-row file costs a few dozen queries instead of tens of thousands.
        use_bulk = True
        batch_size = 1000
        skip_diff = True

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

    # --- import: create only; a 身份证号 already recorded (or twice in the file) is refused ---

    def get_instance(self, instance_loader, row):
        return None

    def before_import_row(self, row, **kwargs):
        number = row.get("身份证号")
        if isinstance(number, float):
            number = f"{number:.0f}"
        if number is not None:
            row["身份证号"] = str(number).strip().upper()
        phone = row.get("联系电话")
        if isinstance(phone, float):
            row["联系电话"] = f"{phone:.0f}"
        elif isinstance(phone, int):
            row["联系电话"] = str(phone)
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
        self.seen: set[str] = set()
        self.failed = False

    @staticmethod
    def _id_number(value) -> str:
        if isinstance(value, float):
            value = f"{value:.0f}"
        return "" if value is None else str(value).strip().upper()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
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
        errors = dict(import_validation_errors or {})
        if not errors:
            instance.phone = instance.phone or ""
            instance.education = instance.education or ""
            instance.probation_extended = bool(
                instance.admitted_on
                and instance.probation_ends_on
                and instance.probation_ends_on != services.add_years(instance.admitted_on, 1)
            )
            try:
                services.person_check(instance, prechecked=WIDGET_CHECKED)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        number = instance.id_number
        if number and (number in self.recorded or number in self.seen):
            errors.setdefault("id_number", []).append("该身份证号已登记。")
        self.seen.add(number)
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
    applied_on = fields.Field("applied_on", "申请日期", widget=LenientDateWidget())
    activist_on = fields.Field("activist_on", "积极分子日期", widget=LenientDateWidget())

    class Meta:
        model = Person
        fields = ("name", "gender", "id_number", "party_organization", "post", "stage", "applied_on", "activist_on")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("party_organization")
