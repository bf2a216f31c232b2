import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from core.choices import ROLE_SCOPE_FIELD, AccountAction, ImportStatus, JobStatus, PersonalDataAction, Role


class UserManager(BaseUserManager):
    """Accounts are kept by county administrators: only they see, add or change them in the portal."""

    def visible_to(self, user):
        return self.all() if user.is_authenticated and user.is_active and user.is_county_admin else self.none()

    def editable_by(self, user):
        return self.visible_to(user)

    def addable_by(self, user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.is_county_admin)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser is a county administrator: the scope constraint needs no node for that role.
        extra_fields.setdefault("role", Role.COUNTY_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A staff account; it acts for exactly one scope node chosen by its role."""

    name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.ORG_SECRETARY)
    area = models.ForeignKey(
        "organizations.Area", verbose_name="所属街镇/园区", null=True, blank=True, on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="所属党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    chain = models.ForeignKey(
        "industry_chains.IndustryChain", verbose_name="所属产业链", null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "industry_chains.Department", verbose_name="所属职能部门", null=True, blank=True, on_delete=models.PROTECT
    )
    # Set on an account created with a one-time password: every page leads to the password change until done.
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # The database refuses an account whose scope node does not match its role.
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(role=Role.COUNTY_ADMIN)
                    | Q(role=Role.AREA_REVIEWER, area__isnull=False)
                    | Q(role=Role.ORG_SECRETARY, party_organization__isnull=False)
                    | Q(role=Role.CHAIN_STAFF, chain__isnull=False)
                    | Q(role=Role.DEPT_HANDLER, department__isnull=False)
                ),
                violation_error_message="角色与所属单位不匹配。",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def clean(self) -> None:
        super().clean()
        field = ROLE_SCOPE_FIELD.get(self.role)
        if field and getattr(self, f"{field}_id") is None:
            label = self._meta.get_field(field).verbose_name
            raise ValidationError({field: f"角色“{self.get_role_display()}”必须指定{label}。"})

    @property
    def is_county_admin(self) -> bool:
        return self.is_superuser or self.role == Role.COUNTY_ADMIN

    @cached_property
    def scope_org_path(self) -> str:
        """Tree path of the user's Party organisation; rows whose path starts with it are in scope."""
        return self.party_organization.path

    @property
    def scope_node(self):
        """The area, organisation, chain or department this account acts for (None: the county)."""
        field = ROLE_SCOPE_FIELD.get(self.role)
        return getattr(self, field) if field else None

    @property
    def scope_label(self) -> str:
        node = self.scope_node
        return str(node) if node is not None else "全县"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImportJobQuerySet":
        """An import job belongs to whoever uploaded it; nobody else sees it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """One uploaded spreadsheet on its way in: validated first, written only when confirmed."""

    resource_key = models.CharField("导入类型", max_length=50)
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.CASCADE)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    status = models.CharField("状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    new_rows = models.PositiveIntegerField("新增", default=0)
    updated_rows = models.PositiveIntegerField("更新", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    preview_headers = models.JSONField("预览表头", default=list, blank=True)
    preview = models.JSONField("预览", default=list, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # What the page says while the job waits (the broker did not answer, a run was interrupted).
    note = models.CharField("说明", max_length=200, blank=True)
    commit_requested = models.BooleanField("已确认导入", default=False)
    sent_at = models.DateTimeField("交给后台时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in ImportJob.ACTIVE

    ACTIVE = frozenset(
        {ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.COMMIT_QUEUED, ImportStatus.IMPORTING}
    )


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """A job belongs to whoever started it; the scheduled ones (no owner) are the county staff's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_county_admin:
            return self.filter(Q(user=user) | Q(user__isnull=True))
        return self.filter(user=user)

    editable_by = visible_to  # re-running is the only change, open to whoever sees the job


class Job(models.Model):
    """One piece of background work that produces a file or closes a period: what its page shows (waiting,
    running with progress and heartbeat, done, failed with the reason, interrupted) lives here, in the database,
    so the page never depends on the broker or the cache."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("类别", max_length=40)
    # A scheduled job's natural key (the month it closes), so that two schedulers make one job.
    key = models.CharField("标识", max_length=40, blank=True)
    task = models.CharField("后台任务", max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField("状态", max_length=20, choices=JobStatus.choices, default=JobStatus.WAITING)
    data = models.JSONField("参数与结果", default=dict, blank=True)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    current = models.CharField("当前步骤", max_length=200, blank=True)
    error = models.CharField("失败原因", max_length=500, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    sent_at = models.DateTimeField("交给后台时间", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "user", "-created_at"], name="job_kind_user_recent")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], condition=~Q(key=""), name="job_kind_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}（{self.get_status_display()}）"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NotificationQuerySet":
        """An inbox is private: everyone sees only their own notifications."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    editable_by = visible_to  # marking read is the only change, and only the recipient makes it

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One entry in a user's in-app inbox (reminders, steps awaiting them, deadlines)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类别", max_length=40)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # What the notification is about (e.g. "points-missing:2026-10:org42"): a job run twice finds it and
    # does not notify again. Empty for one-off messages.
    key = models.CharField("去重键", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


class PersonalDataAccessQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonalDataAccessQuerySet":
        """County staff oversee who saw personal data; nobody else reads the log."""
        if not getattr(user, "is_authenticated", False) or not user.is_county_admin:
            return self.none()
        return self.all()


class PersonalDataAccess(models.Model):
    """One view or export of full 身份证号 and phone numbers: who, when, where and which people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_label = models.CharField("查看人", max_length=200)  # kept when the account is gone
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("方式", max_length=10, choices=PersonalDataAction.choices)
    what = models.CharField("内容", max_length=200)
    path = models.CharField("地址", max_length=500, blank=True)
    person_count = models.PositiveIntegerField("人数")
    person_ids = models.JSONField("人员编号", default=list)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "完整个人信息查看记录"
        verbose_name_plural = "完整个人信息查看记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_label} {self.get_action_display()} {self.what}"


class AccountEvent(models.Model):
    """One act on a staff account: created, password reset or changed, deactivated, activated; who and why."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="account_events"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField("操作人", max_length=200)  # kept when the operator's account is gone
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=20, choices=AccountAction.choices)
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "账号操作记录"
        verbose_name_plural = "账号操作记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.by_label} {self.get_action_display()} {self.account}"


class HolidaySchedule(models.Model):
    """A year's official holiday and make-up workday schedule (国务院办公厅节假日安排), entered by county staff
    when it is published; for that year it replaces what the calendar package knows (core.workdays)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    text = models.TextField("安排（按录入原文）")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class HolidayDay(models.Model):
    """One day of an entered schedule: a holiday (放假) or a make-up workday (调休上班)."""

    schedule = models.ForeignKey(
        HolidaySchedule, verbose_name="年度安排", on_delete=models.CASCADE, related_name="days"
    )
    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("调休上班", default=False)
    name = models.CharField("节日", max_length=20, blank=True)

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '放假'} {self.name}"
