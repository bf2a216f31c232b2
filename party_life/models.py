from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.scope import AddedByOrganisationEditors, CountyManagedQuerySet, ScopedQuerySet
from party_life.choices import AttendanceStatus, DuesCategory, MeetingKind

USER = settings.AUTH_USER_MODEL


class OrgChildQuerySet(AddedByOrganisationEditors, ScopedQuerySet):
    """Rows of one Party organisation: scoped as the organisation is."""

    scope_area = "party_organization__area"
    scope_org = "party_organization"


class PartyGroup(models.Model):
    """A Party group (党小组) of an organisation; it holds its own monthly 党小组会."""

    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="party_groups"
    )
    name = models.CharField("党小组名称", max_length=50)
    members = models.ManyToManyField("members.Person", verbose_name="组员", related_name="party_groups", blank=True)
    is_active = models.BooleanField("存续", default=True)

    objects = OrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党小组"
        verbose_name_plural = "党小组"
        ordering = ["party_organization", "name"]
        constraints = [models.UniqueConstraint(fields=["party_organization", "name"], name="partygroup_name_once")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """One meeting of organisational life (三会一课, 主题党日 …) of an organisation, recorded once."""

    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    group = models.ForeignKey(
        PartyGroup, verbose_name="党小组", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=100)
    topic = models.CharField("主题", max_length=200)
    by_secretary = models.BooleanField("书记讲党课", default=False)
    minutes = models.TextField("会议记录", blank=True)
    recorded_by = models.ForeignKey(USER, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrgChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "组织生活会议"
        verbose_name_plural = "组织生活会议"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["party_organization", "held_on"], name="meeting_org_held_on")]
        constraints = [
            models.CheckConstraint(
                name="meeting_group_only_for_group_meetings",
                condition=(Q(kind=MeetingKind.GROUP) & Q(group__isnull=False))
                | (~Q(kind=MeetingKind.GROUP) & Q(group__isnull=True)),
            ),
            models.CheckConstraint(
                name="meeting_secretary_lecture_is_a_lecture",
                condition=Q(by_secretary=False) | Q(kind=MeetingKind.LECTURE),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"


class AttendanceQuerySet(ScopedQuerySet):
    scope_area = "meeting__party_organization__area"
    scope_org = "meeting__party_organization"


class Attendance(models.Model):
    """Whether one required attendee was present, on leave (with the reason) or absent."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField("出席情况", max_length=10, choices=AttendanceStatus.choices)
    leave_reason = models.CharField("请假事由", max_length=100, blank=True)
    # The star-member point line this attendance earned, while it stands (a reversal clears it).
    point_entry = models.OneToOneField(
        "scoring.PointEntry",
        verbose_name="积分记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendance",
    )

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["point_entry"])

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        ordering = ["meeting", "person__name", "pk"]
        indexes = [models.Index(fields=["person", "status"], name="attendance_person_status")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                name="attendance_leave_has_reason",
                condition=~Q(status=AttendanceStatus.LEAVE) | ~Q(leave_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_status_display()}"


class MeetingPointRule(models.Model):
    """Which star-member rule of a handbook version a meeting kind feeds (出席 one meeting = one time)."""

    version = models.ForeignKey(
        "scoring.HandbookVersion", verbose_name="手册版本", on_delete=models.CASCADE, related_name="meeting_rules"
    )
    meeting_kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    rule = models.ForeignKey(
        "scoring.PointRule", verbose_name="积分事项", on_delete=models.CASCADE, related_name="meeting_kinds"
    )

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "会议积分联动"
        verbose_name_plural = "会议积分联动"
        ordering = ["version", "meeting_kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "meeting_kind"], name="meetingpointrule_one_rule_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_kind_display()} → {self.rule}"


# --- dues ----------------------------------------------------------------------------------------


class PersonChildQuerySet(AddedByOrganisationEditors, ScopedQuerySet):
    scope_area = "person__party_organization__area"
    scope_org = "person__party_organization"


class DuesBase(models.Model):
    """A member's dues for a year: the category, after-tax monthly pay, the rate by band and the monthly amount."""

    person = models.ForeignKey(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="dues_bases"
    )
    year = models.PositiveIntegerField("年度")
    category = models.CharField("人员类别", max_length=20, choices=DuesCategory.choices)
    monthly_income = models.DecimalField("月税后工资收入（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField("缴纳比例", max_digits=5, decimal_places=4)
    monthly_amount = models.DecimalField("月缴党费（元）", max_digits=10, decimal_places=2)
    set_by = models.ForeignKey(USER, verbose_name="核定人", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("核定时间", auto_now=True)

    objects = PersonChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "党费基数"
        verbose_name_plural = "党费基数"
        ordering = ["-year", "person__party_organization__path", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="duesbase_once_a_year"),
            models.CheckConstraint(name="duesbase_amount_positive", condition=Q(monthly_amount__gt=0)),
            models.CheckConstraint(name="duesbase_income_not_negative", condition=Q(monthly_income__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.monthly_amount}"


class DuesPayment(models.Model):
    """One append-only line of the dues ledger: a member's dues for a month, or the reversal of such a line."""

    person = models.ForeignKey(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="dues_payments"
    )
    # The organisation that collected it (the member may move later; the ledger keeps where the money went).
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="收缴党组织", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("所属月份", help_text="当月1日")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    paid_on = models.DateField("缴纳日期")
    note = models.CharField("摘要", max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_by = models.ForeignKey(USER, verbose_name="经办人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = OrgChildQuerySet.as_manager()

    class Meta:
        verbose_name = "党费收缴记录"
        verbose_name_plural = "党费收缴记录"
        ordering = ["-month", "-pk"]
        indexes = [models.Index(fields=["person", "month"], name="duespayment_person_month")]
        constraints = [
            models.CheckConstraint(name="duespayment_month_first_day", condition=Q(month__day=1)),
            # A payment is positive; only a reversal is negative, and it names the line it undoes.
            models.CheckConstraint(
                name="duespayment_sign_matches_kind",
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0)) | (Q(reverses__isnull=False) & Q(amount__lt=0)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.amount}"


class DuesRemittance(models.Model):
    """One append-only line of dues passed up (上缴): what an organisation handed its parent (or the county) for a
    month of dues, or the reversal of such a line."""

    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="上缴党组织", on_delete=models.PROTECT, related_name="+"
    )
    # The parent at the time (the tree may change later); empty when the organisation hands it to the county.
    recipient = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="接收党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField("所属月份", help_text="当月1日")
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    remitted_on = models.DateField("上缴日期")
    note = models.CharField("摘要", max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_by = models.ForeignKey(USER, verbose_name="经办人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = OrgChildQuerySet.as_manager()

    class Meta:
        verbose_name = "党费上缴记录"
        verbose_name_plural = "党费上缴记录"
        ordering = ["-month", "-pk"]
        indexes = [models.Index(fields=["party_organization", "month"], name="duesremit_org_month")]
        constraints = [
            models.CheckConstraint(name="duesremittance_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="duesremittance_sign_matches_kind",
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0)) | (Q(reverses__isnull=False) & Q(amount__lt=0)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_organization_id} {self.month:%Y-%m} {self.amount}"

    @property
    def recipient_label(self) -> str:
        return self.recipient.name if self.recipient_id else "县委组织部"


class DuesRefund(models.Model):
    """Dues refunded (返还党费) to an organisation for a year: the money itself is a line of its work-funds ledger
    (source 党费返还, spent only on its three uses), so its amount, date and reversal are read from that line."""

    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("返还所属年度")
    fund_entry = models.OneToOneField(
        "organizations.FundEntry", verbose_name="经费台账记录", on_delete=models.PROTECT, related_name="dues_refund"
    )
    created_by = models.ForeignKey(USER, verbose_name="经办人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = OrgChildQuerySet.as_manager()

    class Meta:
        verbose_name = "返还党费"
        verbose_name_plural = "返还党费"
        ordering = ["-fund_entry__occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.party_organization_id} {self.year} {self.fund_entry_id}"


class MeetingPhoto(models.Model):
    """A photo of a meeting (at most a few), stored re-encoded without its metadata (no location, no camera data).
    A meeting counts without any."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="party_life/photos/%Y/%m/")
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "会议照片"
        verbose_name_plural = "会议照片"
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.image.name}"
