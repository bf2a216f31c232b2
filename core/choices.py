from django.db import models


class Role(models.TextChoices):
    """The five kinds of staff account; each acts for one scope node."""

    COUNTY_ADMIN = "county_admin", "县级管理员"
    AREA_REVIEWER = "area_reviewer", "街镇/园区审核员"
    ORG_SECRETARY = "org_secretary", "党组织书记"
    CHAIN_STAFF = "chain_staff", "产业链党委工作人员"
    DEPT_HANDLER = "dept_handler", "职能部门经办人"


# Which scope node each role acts for: the User field that must be set for it.
ROLE_SCOPE_FIELD = {
    Role.COUNTY_ADMIN: None,
    Role.AREA_REVIEWER: "area",
    Role.ORG_SECRETARY: "party_organization",
    Role.CHAIN_STAFF: "chain",
    Role.DEPT_HANDLER: "department",
}


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    VALIDATING = "validating", "校验中"
    INVALID = "invalid", "校验未通过"
    VALIDATED = "validated", "校验通过，待确认"
    COMMIT_QUEUED = "commit_queued", "已确认，排队导入"
    IMPORTING = "importing", "导入中"
    DONE = "done", "已导入"
    FAILED = "failed", "导入失败"
    CANCELLED = "cancelled", "已取消"
    INTERRUPTED = "interrupted", "已中断"


class JobStatus(models.TextChoices):
    """Where a piece of background work stands, as its page tells it."""

    WAITING = "waiting", "排队中"
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    INTERRUPTED = "interrupted", "已中断"


class AccountAction(models.TextChoices):
    CREATED = "created", "创建账号"
    PASSWORD_RESET = "password_reset", "重置密码"
    PASSWORD_CHANGED = "password_changed", "本人修改密码"
    DEACTIVATED = "deactivated", "停用账号"
    ACTIVATED = "activated", "重新启用"


class PersonalDataAction(models.TextChoices):
    VIEW = "view", "查看"
    EXPORT = "export", "导出"
