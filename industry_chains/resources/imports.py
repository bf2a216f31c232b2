"""Excel imports a county brings from its ledgers: functional departments with the contacts who reported for
duty (部门报到), and the member enterprises of each chain. Each row is written by the same service as the page,
so every rule holds (who may keep a department or a chain, the dates, the instructors a chain may give)."""

import re

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import register_import
from core.widgets import DateCellWidget, StrictForeignKeyWidget
from industry_chains.models import ChainEnterprise, Department, DepartmentHandler, IndustryChain
from industry_chains.services import committees
from industry_chains.services import service as services
from organizations.models import Entity, Instructor
from organizations.resources.entities import CreateOnlyResource

DEPARTMENT = "部门名称"
CHAINS = "联系产业链"
CHAIN = "产业链"
ENTERPRISE_CODE = "企业统一社会信用代码"
INSTRUCTOR = "党建指导员"
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@register_import(
    "department-handlers", label="职能部门和报到人员", list_url_name="industry_chains:departmenthandler_list"
)
class DepartmentHandlerImportResource(CreateOnlyResource):
    """One row per contact; a department not yet registered is added by its first row (county staff only)."""

    department = fields.Field(attribute=None, column_name=DEPARTMENT)
    short_name = fields.Field(attribute=None, column_name="部门简称")
    name = fields.Field("name", "姓名")
    position = fields.Field("position", "职务")
    phone = fields.Field("phone", "联系电话")
    chains = fields.Field(attribute=None, column_name=CHAINS)
    reported_on = fields.Field("reported_on", "报到日期", widget=DateCellWidget())

    class Meta:
        model = DepartmentHandler
        fields = ("department", "short_name", "name", "position", "phone", "chains", "reported_on")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = (DEPARTMENT, "姓名", "联系电话")
    required_values = (DEPARTMENT, "姓名", "报到日期")
    duplicate_columns = (DEPARTMENT, "姓名")
    column_help = {
        DEPARTMENT: ("县直职能部门全称", "如“县工业和信息化局”；系统中没有的部门由县级管理员导入时新建"),
        "部门简称": ("部门的简称", "如“工信局”；只在新建部门时使用，可不填"),
        "姓名": ("部门报到（联系产业链）的人员姓名", "文字，同一部门内不重复"),
        "职务": ("报到人员在部门的职务", "文字，可不填"),
        "联系电话": ("报到人员的联系电话", "手机或座机号码，只写数字和“-”"),
        CHAINS: ("报到人员联系的产业链", "产业链名称，须与系统中一致；多个用“、”隔开，可不填"),
        "报到日期": ("到产业链报到的日期", "日期，如 2024-03-01，不晚于今天"),
    }

    def template_example(self, column: str) -> str:
        examples = {DEPARTMENT: "县工业和信息化局", "部门简称": "工信局", "姓名": "张三", CHAINS: "纺织服装"}
        return examples.get(column) or super().template_example(column)

    def import_relations(self, instance, row, *, failed):
        errors = {}
        name = str(row.get(DEPARTMENT) or "").strip()
        instance.department_name = name
        instance.department_short_name = str(row.get("部门简称") or "").strip()
        if name:
            department = Department.objects.filter(name=name).first()
            if department is None and not (self.user and self.user.is_county_admin):
                errors[DEPARTMENT] = f"系统中没有职能部门“{name}”；新的部门只能由县级管理员导入"
            elif department is not None:
                instance.department = department
                if "name" not in failed and department.handlers.filter(name=instance.name).exists():
                    errors["name"] = f"{department}已登记报到人员“{instance.name}”"
        instance.chain_list = []
        for chain_name in _SEPARATORS.split(str(row.get(CHAINS) or "").strip()):
            if not chain_name:
                continue
            chain = IndustryChain.objects.filter(name=chain_name).first()
            if chain is None:
                errors.setdefault(CHAINS, []).append(f"找不到产业链“{chain_name}”")
            else:
                instance.chain_list.append(chain)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if instance.department_id is None:
            department = Department(name=instance.department_name, short_name=instance.department_short_name)
            department.full_clean()
            department.save()
            instance.department = department
        created = services.handler_report(
            by=self.user,
            department=instance.department,
            name=instance.name,
            reported_on=instance.reported_on,
            position=instance.position or "",
            phone=instance.phone or "",
            chains=instance.chain_list,
        )
        instance.pk = created.pk


@register_import("chain-enterprises", label="链上成员企业", list_url_name="industry_chains:chainenterprise_list")
class ChainEnterpriseImportResource(CreateOnlyResource):
    chain = fields.Field("chain", CHAIN, widget=StrictForeignKeyWidget(IndustryChain, "name", label="产业链"))
    credit_code = fields.Field(attribute=None, column_name=ENTERPRISE_CODE)
    joined_on = fields.Field("joined_on", "加入日期", widget=DateCellWidget())
    instructor = fields.Field(attribute=None, column_name=INSTRUCTOR)

    class Meta:
        model = ChainEnterprise
        fields = ("chain", "credit_code", "joined_on", "instructor")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = (ENTERPRISE_CODE, INSTRUCTOR)
    required_values = (CHAIN, ENTERPRISE_CODE, "加入日期")
    duplicate_columns = (CHAIN, ENTERPRISE_CODE)
    column_help = {
        CHAIN: ("企业加入的产业链", "产业链名称，须与系统中一致（如“纺织服装”）；产业链党委工作人员只能导入本链"),
        ENTERPRISE_CODE: ("成员企业的统一社会信用代码", "18 位；须是系统中已登记、正常经营的企业"),
        "加入日期": ("企业加入产业链的日期", "日期，如 2024-03-01（也可写 2024/3/1、2024年3月1日）"),
        INSTRUCTOR: ("为企业配备的党建工作指导员", "已登记的指导员姓名，一般为企业所在街镇/园区的指导员；可不填"),
    }

    def template_example(self, column: str) -> str:
        examples = {CHAIN: "纺织服装", ENTERPRISE_CODE: "91320000MA1XXXXX0X", INSTRUCTOR: "王指导员"}
        return examples.get(column) or super().template_example(column)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entity_widget = StrictForeignKeyWidget(Entity, "credit_code", label="企业")
        self.entity_widget.get_queryset = lambda *args, **kwargs: Entity.objects.filter(kind="enterprise")

    def import_relations(self, instance, row, *, failed):
        errors = {}
        try:
            entity = self.entity_widget.clean(row.get(ENTERPRISE_CODE), row=row)
        except ValueError as error:
            errors[ENTERPRISE_CODE] = str(error)
            entity = None
        if entity is not None:
            instance.entity = entity
        name = str(row.get(INSTRUCTOR) or "").strip()
        instance.instructor = None
        if name and entity is not None:
            # The enterprise's own area first; another area's instructor is left to the service to refuse.
            found = list(Instructor.objects.filter(name=name, area_id=entity.area_id)[:2]) or list(
                Instructor.objects.filter(name=name).select_related("area")[:2]
            )
            if not found:
                errors[INSTRUCTOR] = f"没有登记党建指导员“{name}”，请先导入指导员"
            elif len(found) > 1:
                errors[INSTRUCTOR] = f"有两位党建指导员叫“{name}”，请在页面上配备"
            else:
                instance.instructor = found[0]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        created = committees.enterprise_add(
            by=self.user,
            chain=instance.chain,
            entity=instance.entity,
            joined_on=instance.joined_on,
            instructor=instance.instructor,
        )
        instance.pk = created.pk
