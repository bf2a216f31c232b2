from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.choices import Role
from core.scope import CountyManagedQuerySet, ScopedQuerySet
from industry_chains.choices import (
    OPEN_STATUSES,
    ActivityKind,
    HandlerRole,
    MemberRole,
    PolicyCategory,
    ResultKind,
    TicketCategory,
    TicketStatus,
    TicketStep,
    TurnStatus,
    UnitKind,
)


class IndustryChainQuerySet(CountyManagedQuerySet):
    scope_chain = ""


class IndustryChain(models.Model):
    """An industry chain (纺织服装、装备制造、高端化工) with its chain Party committee."""

    name = models.CharField("产业链", max_length=50, unique=True)
    committee_name = models.CharField("产业链党委", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = IndustryChainQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(CountyManagedQuerySet):
    scope_department = ""


class Department(models.Model):
    """A county functional department that handles tickets (部门报到)."""

    name = models.CharField("部门名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, blank=True)

    objects = DepartmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "职能部门"
        verbose_name_plural = "职能部门"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------------------
# Committees: members, the “2+2+7+N” units and member enterprises with their instructors.


class ChainManagedQuerySet(ScopedQuerySet):
    """A chain's public records: every staff member reads them; county staff and the chain's own staff change them."""

    visible_to_all_staff = True
    scope_chain = "chain"

    def addable_by(self, user) -> bool:
        """County staff and any chain's own staff, before their chain has a record of this kind."""
        return super().addable_by(user) or bool(user.is_active and user.role == Role.CHAIN_STAFF and user.chain_id)


class ChainMember(models.Model):
    """A member of a chain Party committee; the secretary is the head of the chain's task force."""

    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("职务", max_length=20, choices=MemberRole.choices)
    unit = models.CharField("工作单位", max_length=100, blank=True)
    position = models.CharField("单位职务", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = ChainManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业链党委成员"
        verbose_name_plural = "产业链党委成员"
        ordering = ["chain__sort_order", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain"], condition=Q(role=MemberRole.SECRETARY), name="chain_one_secretary"
            ),
            models.UniqueConstraint(fields=["chain", "name", "role"], name="chain_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class ChainUnit(models.Model):
    """One unit of the “2+2+7+N” structure of a chain."""

    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.CASCADE, related_name="units")
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices)
    name = models.CharField("单位名称", max_length=100)
    duty = models.CharField("职责", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = ChainManagedQuerySet.as_manager()

    class Meta:
        verbose_name = "“2+2+7+N”单位"
        verbose_name_plural = "“2+2+7+N”单位"
        ordering = ["chain__sort_order", "kind", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="chain_unit_unique")]

    def __str__(self) -> str:
        return self.name


class ChainEnterpriseQuerySet(ChainManagedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class ChainEnterprise(models.Model):
    """A member enterprise of a chain, with the Party-building instructor assigned to it."""

    chain = models.ForeignKey(
        IndustryChain, verbose_name="产业链", on_delete=models.CASCADE, related_name="enterprises"
    )
    entity = models.ForeignKey(
        "organizations.Entity", verbose_name="企业", on_delete=models.PROTECT, related_name="chain_memberships"
    )
    instructor = models.ForeignKey(
        "organizations.Instructor",
        verbose_name="党建指导员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_enterprises",
    )
    joined_on = models.DateField("加入日期")
    duty_order = models.PositiveIntegerField("轮值顺序", default=0)
    is_active = models.BooleanField("在册", default=True)

    objects = ChainEnterpriseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "链上成员企业"
        verbose_name_plural = "链上成员企业"
        ordering = ["chain__sort_order", "duty_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "entity"], name="chain_enterprise_unique")]

    def __str__(self) -> str:
        return self.entity.name


# ---------------------------------------------------------------------------------------------------------
# Duty: member enterprises take turns every two months; activities (红色沙龙) are held in the duty period.


class DutyTurn(models.Model):
    """One two-month turn of a chain's rotating duty (轮值)."""

    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.CASCADE, related_name="duty_turns")
    enterprise = models.ForeignKey(
        ChainEnterprise, verbose_name="轮值企业", on_delete=models.PROTECT, related_name="duty_turns"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField("状态", max_length=20, choices=TurnStatus.choices, default=TurnStatus.SCHEDULED)
    reason = models.CharField("调整原因", max_length=200, blank=True)

    objects = ChainManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "轮值安排"
        verbose_name_plural = "轮值安排"
        ordering = ["chain__sort_order", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "starts_on"], name="duty_turn_unique_start"),
            models.CheckConstraint(name="duty_turn_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.starts_on:%Y.%m}—{self.ends_on:%Y.%m} {self.enterprise}"


class ChainActivity(models.Model):
    """A “红色沙龙” activity (现场观摩、政策宣传、座谈交流、教育培训) recorded against the duty period it fell in."""

    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.CASCADE, related_name="activities")
    duty_turn = models.ForeignKey(
        DutyTurn, verbose_name="轮值期", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    kind = models.CharField("形式", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("主题", max_length=200)
    held_on = models.DateField("举办日期")
    participants = models.PositiveIntegerField("参加人数", default=0)
    benefits_enterprises = models.BooleanField("党建惠企活动", default=False)
    summary = models.TextField("活动内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ChainManagedQuerySet.as_manager()

    class Meta:
        verbose_name = "红色沙龙活动"
        verbose_name_plural = "红色沙龙活动"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------------------
# Tickets: the closed loop 企业吹哨 → 接单 → 派单 → 部门报到/办单 → 会商 → 确认 → 销号, with 督办.


class TicketQuerySet(ScopedQuerySet):
    """An enterprise sees its own tickets, a department those assigned to it, a chain committee its chain."""

    scope_area = "entity__area"
    scope_org = "entity__party_organization"
    scope_chain = "chain"
    scope_department = "assignments__department"
    scope_multi_valued = True

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Ticket(models.Model):
    """A problem an enterprise reported (企业吹哨), followed until it agrees the problem is solved (销号)."""

    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.PROTECT, related_name="tickets")
    entity = models.ForeignKey(
        "organizations.Entity", verbose_name="企业", on_delete=models.PROTECT, related_name="chain_tickets"
    )
    category = models.CharField("问题类别", max_length=20, choices=TicketCategory.choices)
    title = models.CharField("问题标题", max_length=200)
    description = models.TextField("问题描述")
    status = models.CharField(
        "状态", max_length=20, choices=TicketStatus.choices, default=TicketStatus.REPORTED, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("报送时间")
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    lead_department = models.ForeignKey(
        Department, verbose_name="主办部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The lead department's current deadline (after any extension); the overdue job reads only this column.
    due_on = models.DateField("办理时限", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_on_time = models.BooleanField("按时答复", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("满意度评分", null=True, blank=True)
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    hours_to_close = models.FloatField("办结用时（小时）", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    is_supervised = models.BooleanField("督办中", default=False)
    supervised_at = models.DateTimeField("督办时间", null=True, blank=True)

    objects = TicketQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="ticket_status_due"),
            models.Index(fields=["chain", "reported_at"], name="ticket_chain_reported"),
        ]
        constraints = [
            models.CheckConstraint(
                name="ticket_rating_1_to_5", condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"SQ{self.pk:06d}" if self.pk else "SQ（新）"

    @property
    def is_overdue(self) -> bool:
        """Past its deadline and still with the department, read from the dates: true before the nightly job
        puts it under supervision, and where no scheduled job runs."""
        return self.status == TicketStatus.DISPATCHED and self.due_on is not None and self.due_on < timezone.localdate()


class TicketAssignmentQuerySet(ScopedQuerySet):
    scope_area = "ticket__entity__area"
    scope_org = "ticket__entity__party_organization"
    scope_chain = "ticket__chain"
    scope_department = "department"


class TicketAssignment(models.Model):
    """A department a ticket was dispatched to, as lead (主办) or co-handler (协办), with its own deadline."""

    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        Department, verbose_name="承办部门", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("承办方式", max_length=10, choices=HandlerRole.choices)
    assigned_at = models.DateTimeField("派单时间")
    due_on = models.DateField("办理时限")
    original_due_on = models.DateField("原定时限")
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    extended_at = models.DateTimeField("延期时间", null=True, blank=True)
    reply = models.TextField("办理答复", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_time = models.BooleanField("按时办理", null=True, blank=True)

    objects = TicketAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "派单"
        verbose_name_plural = "派单"
        ordering = ["ticket", "role", "pk"]
        indexes = [models.Index(fields=["department", "assigned_at"], name="assignment_dept_assigned")]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "department"], name="assignment_once_per_department"),
            models.UniqueConstraint(fields=["ticket"], condition=Q(role=HandlerRole.LEAD), name="assignment_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.department}（{self.get_role_display()}）"


class TicketEventQuerySet(TicketAssignmentQuerySet):
    scope_department = "ticket__assignments__department"
    scope_multi_valued = True


class TicketEvent(models.Model):
    """One step of a ticket's timeline: what was done, by whom, when."""

    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=20, choices=TicketStep.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间")
    note = models.TextField("说明", blank=True)

    objects = TicketEventQuerySet.as_manager()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["ticket", "at"], name="ticket_event_timeline")]

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.get_step_display()}"


class Consultation(models.Model):
    """难题会商: a joint consultation on a hard ticket, with its minutes and decision."""

    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField("会商日期")
    attendees = models.CharField("参会单位", max_length=300)
    minutes = models.TextField("会商纪要")
    decision = models.TextField("会商意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    objects = TicketEventQuerySet.as_manager()

    class Meta:
        verbose_name = "难题会商"
        verbose_name_plural = "难题会商"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket.number} 会商 {self.held_on}"


# ---------------------------------------------------------------------------------------------------------
# Service: department handlers (部门报到), the 红领专家 team and its visits, the policy package, results.


class DepartmentHandlerQuerySet(ScopedQuerySet):
    visible_to_all_staff = True
    scope_department = "department"

    def addable_by(self, user) -> bool:
        """County staff and a department's own handler, before the department has reported anyone."""
        return super().addable_by(user) or bool(
            user.is_active and user.role == Role.DEPT_HANDLER and user.department_id
        )


class DepartmentHandler(models.Model):
    """A department's contact who reported for duty on chain tickets (部门报到)."""

    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.CASCADE, related_name="handlers")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    chains = models.ManyToManyField(IndustryChain, verbose_name="联系产业链", blank=True, related_name="handlers")
    reported_on = models.DateField("报到日期")
    is_active = models.BooleanField("在岗", default=True)

    objects = DepartmentHandlerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门报到人员"
        verbose_name_plural = "部门报到人员"
        ordering = ["department__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="handler_unique_in_department")]

    def __str__(self) -> str:
        return f"{self.department.short_name or self.department.name} {self.name}"


class ExpertQuerySet(ScopedQuerySet):
    visible_to_all_staff = True
    scope_chain = "chain"


class Expert(models.Model):
    """A member of the “红领专家” service team."""

    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("工作单位", max_length=100)
    specialty = models.CharField("服务专长", max_length=100)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name="服务产业链",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )

    objects = ExpertQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "红领专家"
        verbose_name_plural = "红领专家"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["name", "unit"], name="expert_unique")]

    def __str__(self) -> str:
        return self.name


class EnterpriseRecordQuerySet(ScopedQuerySet):
    """Visits and results of a member enterprise: everyone reads them; the chain's staff record them."""

    visible_to_all_staff = True
    scope_chain = "enterprise__chain"


class ExpertVisit(models.Model):
    """A 红领专家 visit to a member enterprise."""

    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="visits")
    enterprise = models.ForeignKey(
        ChainEnterprise, verbose_name="服务企业", on_delete=models.CASCADE, related_name="expert_visits"
    )
    visited_on = models.DateField("服务日期")
    topic = models.CharField("服务内容", max_length=200)
    outcome = models.TextField("服务成效", blank=True)

    objects = EnterpriseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "专家服务记录"
        verbose_name_plural = "专家服务记录"
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.expert} → {self.enterprise}"


class PolicyQuerySet(ScopedQuerySet):
    """The policy package: everyone reads it; county staff and the issuing department keep it."""

    visible_to_all_staff = True
    scope_department = "issuing_department"

    def in_force(self, on):
        return self.filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class Policy(models.Model):
    """One policy of the 政策大礼包, from its issuing department, valid for a period, for some or all chains."""

    title = models.CharField("政策名称", max_length=200)
    issuing_department = models.ForeignKey(
        Department, verbose_name="发布部门", on_delete=models.PROTECT, related_name="policies"
    )
    category = models.CharField("政策类别", max_length=20, choices=PolicyCategory.choices)
    summary = models.TextField("政策要点")
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    chains = models.ManyToManyField(
        IndustryChain,
        verbose_name="适用产业链",
        blank=True,
        related_name="policies",
        help_text="不选表示适用全部产业链",
    )
    min_staff = models.PositiveIntegerField("适用最低从业人数", default=0)

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "惠企政策"
        verbose_name_plural = "惠企政策"
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issuing_department", "title"], name="policy_unique_title"),
            models.CheckConstraint(
                name="policy_valid_period", condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from"))
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EnterpriseResult(models.Model):
    """A recorded result of a member enterprise: a loan won, a title (专精特新“小巨人”…), a project."""

    enterprise = models.ForeignKey(
        ChainEnterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField("类别", max_length=20, choices=ResultKind.choices)
    title = models.CharField("成果", max_length=200)
    amount = models.DecimalField("金额（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    achieved_on = models.DateField("取得日期")
    note = models.CharField("说明", max_length=300, blank=True)

    objects = EnterpriseRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党建惠企成果"
        verbose_name_plural = "党建惠企成果"
        ordering = ["-achieved_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="result_amount_not_negative", condition=Q(amount__isnull=True) | Q(amount__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return self.title
