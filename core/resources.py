"""Excel import of staff accounts (县级管理员 only): role and scope per row, one-time passwords on slips."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from import_export import fields

from core import accounts
from core.choices import Role
from core.imports import ScopedModelResource, register_import, slips_key
from core.models import User
from core.widgets import LOCAL_MINUTE, ChoiceLabelWidget, StrictForeignKeyWidget, YesNoWidget
from industry_chains.models import Department, IndustryChain
from organizations.models import Area, PartyOrganization

SLIPS_KEPT_SECONDS = 24 * 3600


@register_import("accounts", label="用户账号", list_url_name="core:account_list")
class AccountResource(ScopedModelResource):
    username = fields.Field("username", "用户名")
    name = fields.Field("name", "姓名")
    role = fields.Field("role", "角色", widget=ChoiceLabelWidget(Role.choices))
    area = fields.Field("area", "所属街镇/园区", widget=StrictForeignKeyWidget(Area, "name", label="街镇/园区"))
    party_organization = fields.Field(
        "party_organization",
        "所属党组织",
        widget=StrictForeignKeyWidget(PartyOrganization, "name", label="党组织"),
    )
    chain = fields.Field("chain", "所属产业链", widget=StrictForeignKeyWidget(IndustryChain, "name", label="产业链"))
    department = fields.Field(
        "department",
        "所属职能部门",
        widget=StrictForeignKeyWidget(Department, "name", label="职能部门"),
    )

    class Meta:
        model = User
        fields = ("username", "name", "role", "area", "party_organization", "chain", "department")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    required_values = ("用户名", "姓名", "角色")
    duplicate_columns = ("用户名",)
    column_help = {
        "用户名": ("登录用的用户名，全县唯一", "字母、数字或 @.+-_，如 secretary_luyun"),
        "角色": ("账号的角色，决定能看到和修改什么", "从下拉列表中选择"),
        "所属街镇/园区": ("街镇/园区审核员所在的街镇/园区", "仅“街镇/园区审核员”填写"),
        "所属党组织": ("党组织书记所在的党组织", "仅“党组织书记”填写，名称须与系统中一致"),
        "所属产业链": ("产业链党委工作人员所在的产业链", "仅“产业链党委工作人员”填写"),
        "所属职能部门": ("职能部门经办人所在的部门", "仅“职能部门经办人”填写"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.slips: list[dict] = []

    def get_queryset(self):
        return User.objects.editable_by(self.user) if self.user else User.objects.none()

    def get_instance(self, instance_loader, row):
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        user, password = accounts.account_create(
            by=self.user,
            username=instance.username,
            name=instance.name,
            role=instance.role,
            hash_password=self.committing,
            **{field: getattr(instance, field) for field in accounts.SCOPE_FIELDS},
        )
        instance.pk = user.pk
        self.slips.append(accounts.slip(user, password))

    def after_commit(self, job) -> None:
        cache.set(slips_key(job.pk), self.slips, timeout=SLIPS_KEPT_SECONDS)


class AccountListResource(AccountResource):
    """用户管理's export: the import's columns (so the sheet can be filled back in), then state and last sign-in."""

    is_active = fields.Field("is_active", "在用", widget=YesNoWidget())
    must_change_password = fields.Field("must_change_password", "待修改初始密码", widget=YesNoWidget())
    last_login = fields.Field("last_login", "最近登录", widget=LOCAL_MINUTE)  # empty: never signed in

    class Meta(AccountResource.Meta):
        fields = (*AccountResource.Meta.fields, "is_active", "must_change_password", "last_login")
        export_order = fields
