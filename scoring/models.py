"""Models of the scoring area: star members (handbook, points, months), 积分超市, scorecards, postings, ratings."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.scope import AddedByOrganisationEditors, CountyManagedQuerySet, ScopedQuerySet
from scoring.choices import (
    CampaignStep,
    Criterion,
    DesignationKind,
    Dimension,
    LedgerKind,
    MonthStatus,
    ObjectionOutcome,
    OrgTrack,
    PostingKind,
    PostingState,
    PostingStatus,
    RedemptionStatus,
    ScorecardStatus,
    Star,
)

USER = settings.AUTH_USER_MODEL


class PersonChildQuerySet(AddedByOrganisationEditors, ScopedQuerySet):
    """Rows of one person: scoped as the person's organisation is."""

    scope_area = "person__party_organization__area"
    scope_org = "person__party_organization"


class OrgChildQuerySet(AddedByOrganisationEditors, ScopedQuerySet):
    """Rows that carry the organisation they were recorded for."""

    scope_area = "party_organization__area"
    scope_org = "party_organization"


# --- star members: handbook, points, months -----------------------------------------------------


class HandbookVersion(models.Model):
    """A version of the 《“星级党员”量化积分手册》; a month is judged by the version in force on its first day."""

    number = models.PositiveIntegerField("版本号", unique=True)
    title = models.CharField("名称", max_length=100, default="“星级党员”量化积分手册")
    effective_from = models.DateField("施行日期", unique=True)
    note = models.CharField("修订说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分手册版本"
        verbose_name_plural = "积分手册版本"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版，{self.effective_from:%Y-%m-%d}起）"


class PointRule(models.Model):
    """One rule of a handbook version: which star it feeds, its points and its monthly cap per member."""

    version = models.ForeignKey(
        HandbookVersion, verbose_name="手册版本", on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField("编号", max_length=20)
    name = models.CharField("积分事项", max_length=100)
    star = models.CharField("所属星", max_length=20, choices=Star.choices)
    points = models.PositiveSmallIntegerField("每次积分")
    monthly_cap = models.PositiveSmallIntegerField("每月上限（分）")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = CountyManagedQuerySet.as_manager()

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["version", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="pointrule_code_in_version"),
            models.CheckConstraint(name="pointrule_points_positive", condition=Q(points__gt=0)),
            models.CheckConstraint(
                name="pointrule_cap_covers_points", condition=Q(monthly_cap__gte=models.F("points"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def max_times(self) -> int:
        """How many times a month the rule may count before its cap (the grid's cells are counts of times)."""
        return self.monthly_cap // self.points


class ScoringMonth(models.Model):
    """A month of points, county-wide: open for entries until the monthly close locks it."""

    month = models.DateField("月份", unique=True, help_text="当月1日")
    version = models.ForeignKey(
        HandbookVersion, verbose_name="适用手册版本", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=MonthStatus.choices, default=MonthStatus.OPEN)
    closed_at = models.DateTimeField("结账时间", null=True, blank=True)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分月份"
        verbose_name_plural = "积分月份"
        ordering = ["-month"]
        constraints = [models.CheckConstraint(name="scoringmonth_first_day", condition=Q(month__day=1))]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}"


class PointEntry(models.Model):
    """One append-only line of points for a member in a month; a mistake is undone by a reversal line."""

    person = models.ForeignKey(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="point_entries"
    )
    month = models.DateField("月份")
    rule = models.ForeignKey(PointRule, verbose_name="积分事项", on_delete=models.PROTECT, related_name="entries")
    # Denormalised from the rule so the close is one scan of this table.
    star = models.CharField("所属星", max_length=20, choices=Star.choices)
    points = models.SmallIntegerField("积分")
    note = models.CharField("说明", max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    # A county correction of a closed month (with its reason) rather than a secretary's entry.
    is_correction = models.BooleanField("县级更正", default=False)
    created_by = models.ForeignKey(USER, verbose_name="记分人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PersonChildQuerySet.as_manager()

    class Meta:
        verbose_name = "积分记录"
        verbose_name_plural = "积分记录"
        ordering = ["-month", "person", "pk"]
        indexes = [models.Index(fields=["month", "person"], name="pointentry_month_person")]
        constraints = [
            models.CheckConstraint(name="pointentry_not_zero", condition=~Q(points=0)),
            models.CheckConstraint(name="pointentry_month_first_day", condition=Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.points:+d}"


class MonthCorrection(models.Model):
    """A county correction of a closed month: who, why, and the entries it added (audited)."""

    month = models.ForeignKey(ScoringMonth, verbose_name="月份", on_delete=models.PROTECT, related_name="corrections")
    person = models.ForeignKey("members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(
        PointEntry, verbose_name="更正记录", on_delete=models.PROTECT, related_name="correction"
    )
    reason = models.CharField("更正原因", max_length=300)
    created_by = models.ForeignKey(USER, verbose_name="更正人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("更正时间", auto_now_add=True)

    objects = PersonChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度积分更正"
        verbose_name_plural = "月度积分更正"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.month} {self.reason}"


class MonthlyResult(models.Model):
    """A member's totals per star for a closed month and how many stars they earned (computed at the close)."""

    month = models.DateField("月份")
    person = models.ForeignKey("members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+"
    )
    study = models.IntegerField(Star.STUDY.label, default=0)
    care = models.IntegerField(Star.CARE.label, default=0)
    dedication = models.IntegerField(Star.DEDICATION.label, default=0)
    performance = models.IntegerField(Star.PERFORMANCE.label, default=0)
    innovation = models.IntegerField(Star.INNOVATION.label, default=0)
    total = models.IntegerField("合计", default=0)
    star_count = models.PositiveSmallIntegerField("获星数", default=0)
    is_star_member = models.BooleanField("月度星级党员", default=False)

    objects = OrgChildQuerySet.as_manager()

    class Meta:
        verbose_name = "月度积分结果"
        verbose_name_plural = "月度积分结果"
        ordering = ["-month", "-star_count", "-total", "person_id"]
        constraints = [models.UniqueConstraint(fields=["month", "person"], name="monthlyresult_once")]
        indexes = [models.Index(fields=["month", "party_organization"], name="monthlyresult_month_org")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.person_id} {self.star_count}星"


class QuarterlyResult(models.Model):
    """A member's quarter: the three closed months summed per star, and the stars earned in the quarter."""

    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    person = models.ForeignKey("members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+"
    )
    study = models.IntegerField(Star.STUDY.label, default=0)
    care = models.IntegerField(Star.CARE.label, default=0)
    dedication = models.IntegerField(Star.DEDICATION.label, default=0)
    performance = models.IntegerField(Star.PERFORMANCE.label, default=0)
    innovation = models.IntegerField(Star.INNOVATION.label, default=0)
    total = models.IntegerField("合计", default=0)
    star_count = models.PositiveSmallIntegerField("获星数", default=0)
    is_star_member = models.BooleanField("季度星级党员", default=False)

    objects = OrgChildQuerySet.as_manager()

    class Meta:
        verbose_name = "季度星级评选结果"
        verbose_name_plural = "季度星级评选结果"
        ordering = ["-year", "-quarter", "-star_count", "-total", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter", "person"], name="quarterlyresult_once"),
            models.CheckConstraint(name="quarterlyresult_quarter_1_4", condition=Q(quarter__gte=1, quarter__lte=4)),
        ]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter} {self.person_id} {self.star_count}星"


# --- 积分超市 --------------------------------------------------------------------------------------


class RewardItem(models.Model):
    """A reward in the 积分超市 with its points price and stock."""

    name = models.CharField("名称", max_length=100, unique=True)
    price = models.PositiveIntegerField("所需积分")
    stock = models.PositiveIntegerField("库存")
    is_active = models.BooleanField("上架", default=True)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分超市商品"
        verbose_name_plural = "积分超市商品"
        ordering = ["price", "name"]
        constraints = [
            models.CheckConstraint(name="rewarditem_price_positive", condition=Q(price__gt=0)),
            models.CheckConstraint(name="rewarditem_stock_not_negative", condition=Q(stock__gte=0)),
        ]

    def __str__(self) -> str:
        return self.name


class PointAccount(models.Model):
    """A member's redeemable balance; the database refuses a negative one."""

    person = models.OneToOneField(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="point_account"
    )
    balance = models.IntegerField("积分余额", default=0)

    objects = PersonChildQuerySet.as_manager()

    class Meta:
        verbose_name = "积分账户"
        verbose_name_plural = "积分账户"
        constraints = [models.CheckConstraint(name="pointaccount_balance_not_negative", condition=Q(balance__gte=0))]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.balance}"


class Redemption(models.Model):
    """A redemption of an item for points; reversing it returns the points and the stock."""

    person = models.ForeignKey(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="redemptions"
    )
    item = models.ForeignKey(RewardItem, verbose_name="商品", on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveSmallIntegerField("数量", default=1)
    points = models.PositiveIntegerField("扣减积分")
    status = models.CharField("状态", max_length=10, choices=RedemptionStatus.choices, default=RedemptionStatus.DONE)
    reverse_reason = models.CharField("冲销原因", max_length=200, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="经办人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("兑换时间", auto_now_add=True)
    reversed_at = models.DateTimeField("冲销时间", null=True, blank=True)

    objects = PersonChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分兑换"
        verbose_name_plural = "积分兑换"
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(name="redemption_quantity_positive", condition=Q(quantity__gt=0))]

    def __str__(self) -> str:
        return f"{self.item} ×{self.quantity}"


class LedgerEntry(models.Model):
    """One line of a member's points ledger: monthly credits, corrections, redemptions and refunds."""

    person = models.ForeignKey(
        "members.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField("类型", max_length=20, choices=LedgerKind.choices)
    amount = models.IntegerField("积分变动")
    month = models.DateField("月份", null=True, blank=True)
    redemption = models.ForeignKey(
        Redemption, verbose_name="兑换", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    note = models.CharField("摘要", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = PersonChildQuerySet.as_manager()

    class Meta:
        verbose_name = "积分明细"
        verbose_name_plural = "积分明细"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A month is credited once per member: a second close cannot credit it again.
            models.UniqueConstraint(fields=["person", "month"], condition=Q(kind="credit"), name="ledger_credit_once"),
            models.UniqueConstraint(fields=["redemption", "kind"], name="ledger_redemption_kind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:+d}"


# --- quarterly scorecards ---------------------------------------------------------------------------


class ScorecardTemplate(models.Model):
    """A version of the 积分卡: four dimensions with caps summing to 100; a quarter uses the version in force."""

    number = models.PositiveIntegerField("版本号", unique=True)
    title = models.CharField("名称", max_length=100, default="入党积极分子、预备党员教育培养考察积分卡")
    effective_from = models.DateField("施行日期", unique=True)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分卡模板"
        verbose_name_plural = "积分卡模板"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


class ScorecardDimension(models.Model):
    """One of the four dimensions of a template, with its cap and the detailed items under it."""

    template = models.ForeignKey(
        ScorecardTemplate, verbose_name="模板", on_delete=models.CASCADE, related_name="dimensions"
    )
    dimension = models.CharField("维度", max_length=20, choices=Dimension.choices)
    cap = models.PositiveSmallIntegerField("满分")
    items = models.TextField("细则", help_text="每行一条")

    objects = CountyManagedQuerySet.as_manager()

    class Meta:
        verbose_name = "积分卡维度"
        verbose_name_plural = "积分卡维度"
        ordering = ["template", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "dimension"], name="scorecarddimension_once")]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}（{self.cap}分）"

    @property
    def item_lines(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class Scorecard(models.Model):
    """A quarter's scorecard of an activist or probationary member; the total is computed, never typed."""

    person = models.ForeignKey(
        "members.Person", verbose_name="考察对象", on_delete=models.PROTECT, related_name="scorecards"
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(ScorecardTemplate, verbose_name="模板", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    political = models.PositiveSmallIntegerField(Dimension.POLITICAL.label, default=0)
    discipline = models.PositiveSmallIntegerField(Dimension.DISCIPLINE.label, default=0)
    solidarity = models.PositiveSmallIntegerField(Dimension.SOLIDARITY.label, default=0)
    performance = models.PositiveSmallIntegerField(Dimension.PERFORMANCE.label, default=0)
    total = models.PositiveSmallIntegerField("总分", default=0)
    status = models.CharField("状态", max_length=20, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "季度积分卡"
        verbose_name_plural = "季度积分卡"
        ordering = ["-year", "-quarter", "party_organization__path", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "quarter"], name="scorecard_once_a_quarter"),
            models.CheckConstraint(name="scorecard_quarter_1_4", condition=Q(quarter__gte=1, quarter__lte=4)),
            models.CheckConstraint(name="scorecard_total_0_100", condition=Q(total__lte=100)),
            models.CheckConstraint(
                name="scorecard_total_is_sum",
                condition=Q(
                    total=models.F("political")
                    + models.F("discipline")
                    + models.F("solidarity")
                    + models.F("performance")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度 {self.person}"


# --- 公示 ----------------------------------------------------------------------------------------


def posting_state_case(today) -> Case:
    """The SQL form of ``Posting.state``: corrected or withdrawn whatever the dates, else ended after its last day,
    upcoming before its first, open between."""
    return Case(
        When(superseded_by__isnull=False, then=Value(PostingState.CORRECTED)),
        When(withdrawn_at__isnull=False, then=Value(PostingState.WITHDRAWN)),
        When(end_on__lt=today, then=Value(PostingState.CLOSED)),
        When(start_on__gt=today, then=Value(PostingState.UPCOMING)),
        default=Value(PostingState.OPEN),
        output_field=models.CharField(),
    )


class PostingQuerySet(ScopedQuerySet):
    scope_area = "area"
    scope_org = "party_organization"

    def with_state(self, today=None):
        """Each posting's ``current_state`` (a ``PostingState``) as of ``today``, for lists and filters."""
        return self.annotate(current_state=posting_state_case(today or timezone.localdate()))

    def in_state(self, state: str, today=None):
        return self.with_state(today).filter(current_state=state)

    def public(self):
        """What the public notice board shows: postings that have started."""
        from django.utils import timezone

        return self.filter(start_on__lte=timezone.localdate())


class Posting(models.Model):
    """A public posting (公示): what is posted, its lines (names masked) and its working-day period."""

    kind = models.CharField("公示内容", max_length=20, choices=PostingKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("说明", blank=True)
    # Who posts it: a county posting has neither; an area's has the area; an organisation's has both.
    area = models.ForeignKey(
        "organizations.Area",
        verbose_name="街镇/园区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What it refers to, e.g. "2025-05" or "2025Q2" or a campaign id; with kind, one posting per subject.
    subject = models.CharField("公示对象", max_length=50)
    published_on = models.DateField("发布日期")
    start_on = models.DateField("公示开始")
    end_on = models.DateField("公示截止")
    status = models.CharField("状态", max_length=10, choices=PostingStatus.choices, default=PostingStatus.OPEN)
    publisher = models.CharField("发布单位", max_length=100, default="中共汶上县委社会工作部")
    contact = models.CharField("受理电话", max_length=50, blank=True)
    # Empty once the publisher's account is removed; a withdrawal or correction must still validate then.
    created_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    # The public PDF, rendered once when the posting's content is set (never on a visitor's request).
    pdf = models.FileField("公示 PDF", upload_to="postings/", blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField("PDF 生成时间", null=True, blank=True, editable=False)
    # Withdrawn (撤回) or corrected (更正) by county staff: kept, with its PDF, marked on the board with the reason.
    withdrawn_at = models.DateTimeField("撤回/更正时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        USER, verbose_name="撤回/更正人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField("撤回/更正原因", blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name="更正后的公示",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    objects = PostingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-published_on", "-pk"]
        constraints = [
            # Once per subject among the postings in force: a withdrawn or corrected one leaves room for the next.
            models.UniqueConstraint(
                fields=["kind", "subject", "area", "party_organization"],
                condition=Q(withdrawn_at__isnull=True),
                name="posting_once",
            ),
            models.CheckConstraint(name="posting_end_after_start", condition=Q(end_on__gte=models.F("start_on"))),
            models.CheckConstraint(
                name="posting_withdrawal_has_reason",
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
            ),
            models.CheckConstraint(
                name="posting_superseded_is_withdrawn",
                condition=Q(superseded_by__isnull=True) | Q(withdrawn_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def state_on(self, today) -> str:
        """Where the posting stands on ``today``, from its dates (the same rule as ``posting_state_case``)."""
        if self.superseded_by_id:
            return PostingState.CORRECTED
        if self.withdrawn_at:
            return PostingState.WITHDRAWN
        if self.end_on < today:
            return PostingState.CLOSED
        if self.start_on > today:
            return PostingState.UPCOMING
        return PostingState.OPEN

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return PostingState(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == PostingState.OPEN

    @property
    def is_withdrawn(self) -> bool:
        """Withdrawn or corrected: no longer in force, kept as it was posted."""
        return self.withdrawn_at is not None

    @property
    def pdf_is_current(self) -> bool:
        """Whether the stored PDF shows the posting as it stands: one printed before its withdrawal lacks the mark."""
        if not self.pdf:
            return False
        return not self.withdrawn_at or bool(self.pdf_rendered_at and self.pdf_rendered_at >= self.withdrawn_at)

    @property
    def provisional_years(self) -> list[int]:
        """Years of the period whose official holiday schedule is unknown: its working days were counted as
        Monday to Friday there, so the end date is provisional."""
        from core.workdays import uncovered_years

        return uncovered_years(self.published_on, self.end_on)

    @property
    def provisional_note(self) -> str:
        years = self.provisional_years
        if not years:
            return ""
        named = "、".join(f"{year}年" for year in years)
        return f"{named}节假日安排尚未录入，公示期中该年的工作日暂按周一至周五计算，截止日期以正式安排为准。"


class PostingLine(models.Model):
    """One posted line, frozen at publication; the name is stored masked, never in full."""

    posting = models.ForeignKey(Posting, verbose_name="公示", on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField("序号")
    masked_name = models.CharField("姓名/名称", max_length=200)
    organization = models.CharField("所在党组织/单位", max_length=200, blank=True)
    detail = models.CharField("公示内容", max_length=300, blank=True)
    score = models.CharField("得分/结果", max_length=50, blank=True)

    class Meta:
        verbose_name = "公示条目"
        verbose_name_plural = "公示条目"
        ordering = ["posting", "position"]
        constraints = [models.UniqueConstraint(fields=["posting", "position"], name="postingline_position_once")]

    def __str__(self) -> str:
        return self.masked_name


class ObjectionQuerySet(ScopedQuerySet):
    scope_area = "posting__area"
    scope_org = "posting__party_organization"


class Objection(models.Model):
    """An objection received during a posting's period, and how it was settled."""

    posting = models.ForeignKey(Posting, verbose_name="公示", on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField("收到日期")
    content = models.TextField("异议内容")
    submitter = models.CharField("反映人（可匿名）", max_length=50, blank=True)
    outcome = models.CharField("处理结果", max_length=20, choices=ObjectionOutcome.choices, default="pending")
    outcome_note = models.CharField("处理说明", max_length=300, blank=True)
    handled_by = models.ForeignKey(
        USER, verbose_name="处理人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ObjectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.posting} {self.received_on}"


# --- organisation star rating, 红旗支部, designations ---------------------------------------------


class RatingSheet(models.Model):
    """A version of the 100-point rule sheet of the six “好”."""

    number = models.PositiveIntegerField("版本号", unique=True)
    title = models.CharField("名称", max_length=100, default="党组织“六好”评星定级评分细则")
    effective_from = models.DateField("施行日期", unique=True)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "评星定级评分表"
        verbose_name_plural = "评星定级评分表"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


class RatingCriterion(models.Model):
    """One of the six “好” on a sheet, with its cap and detailed rules."""

    sheet = models.ForeignKey(RatingSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField("标准", max_length=20, choices=Criterion.choices)
    cap = models.PositiveSmallIntegerField("满分")
    rules = models.TextField("评分细则", blank=True)

    objects = CountyManagedQuerySet.as_manager()

    class Meta:
        verbose_name = "评分标准"
        verbose_name_plural = "评分标准"
        ordering = ["sheet", "pk"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="ratingcriterion_once")]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}（{self.cap}分）"


class RatingCampaign(models.Model):
    """A year's 评星定级 over one sheet, moving through 自查初评 → 转化提升 → 检查验收 → 授牌奖励."""

    year = models.PositiveIntegerField("年度", unique=True)
    sheet = models.ForeignKey(RatingSheet, verbose_name="评分表", on_delete=models.PROTECT, related_name="campaigns")
    step = models.CharField("阶段", max_length=20, choices=CampaignStep.choices, default=CampaignStep.SELF_CHECK)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "评星定级"
        verbose_name_plural = "评星定级"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度党组织评星定级"


class OrgRating(models.Model):
    """One organisation in a campaign: 四个一 guidance, self and inspection scores per “好”, and its stars."""

    campaign = models.ForeignKey(
        RatingCampaign, verbose_name="评星定级", on_delete=models.PROTECT, related_name="ratings"
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="star_ratings"
    )
    # 四个一: one leading cadre, one instructor, one advanced organisation paired, one Party-affairs worker.
    guide_cadre = models.CharField("联系领导干部", max_length=50, blank=True)
    guide_instructor = models.CharField("党建指导员", max_length=50, blank=True)
    guide_paired_org = models.CharField("结对先进党组织", max_length=100, blank=True)
    guide_worker = models.CharField("党务工作者", max_length=50, blank=True)
    self_scores = models.JSONField("自评分", default=dict, blank=True)
    inspection_scores = models.JSONField("验收评分", default=dict, blank=True)
    self_total = models.PositiveSmallIntegerField("自评总分", null=True, blank=True)
    inspection_total = models.PositiveSmallIntegerField("验收总分", null=True, blank=True)
    stars = models.PositiveSmallIntegerField("星级", null=True, blank=True)

    objects = OrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党组织星级评定"
        verbose_name_plural = "党组织星级评定"
        ordering = ["-campaign__year", "party_organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "party_organization"], name="orgrating_once"),
            models.CheckConstraint(name="orgrating_stars_0_5", condition=Q(stars__lte=5)),
            models.CheckConstraint(name="orgrating_self_total_100", condition=Q(self_total__lte=100)),
            models.CheckConstraint(name="orgrating_inspection_total_100", condition=Q(inspection_total__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.party_organization}"


class ImprovementTaskQuerySet(ScopedQuerySet):
    scope_area = "rating__party_organization__area"
    scope_org = "rating__party_organization"


class ImprovementTask(models.Model):
    """A 转化提升 task for a low-scoring organisation."""

    rating = models.ForeignKey(OrgRating, verbose_name="星级评定", on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField("整改任务", max_length=300)
    due_on = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)

    objects = ImprovementTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "转化提升任务"
        verbose_name_plural = "转化提升任务"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class RedFlagCandidate(models.Model):
    """A 红旗支部 candidate: a five-star organisation judged on the 五强 set of its track."""

    rating = models.OneToOneField(OrgRating, verbose_name="星级评定", on_delete=models.PROTECT, related_name="red_flag")
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    track = models.CharField("类别", max_length=20, choices=OrgTrack.choices)
    strength_1 = models.PositiveSmallIntegerField("第一强", default=0)
    strength_2 = models.PositiveSmallIntegerField("第二强", default=0)
    strength_3 = models.PositiveSmallIntegerField("第三强", default=0)
    strength_4 = models.PositiveSmallIntegerField("第四强", default=0)
    strength_5 = models.PositiveSmallIntegerField("第五强", default=0)
    total = models.PositiveSmallIntegerField("五强总分", default=0)
    is_demo_point = models.BooleanField("“双强六好”示范点", default=False)
    demo_point_note = models.CharField("示范点情况", max_length=300, blank=True)
    selected = models.BooleanField("评为红旗支部", default=False)

    objects = OrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "红旗支部候选"
        verbose_name_plural = "红旗支部候选"
        ordering = ["-rating__campaign__year", "-total"]
        constraints = [
            models.CheckConstraint(
                name="redflag_strengths_0_20",
                condition=Q(
                    strength_1__lte=20, strength_2__lte=20, strength_3__lte=20, strength_4__lte=20, strength_5__lte=20
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_organization}（{self.get_track_display()}）"


class Designation(models.Model):
    """A designation of an organisation: 党员示范车间/班组/先锋岗, or a 三亮三比 commitment."""

    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="designations"
    )
    kind = models.CharField("类别", max_length=20, choices=DesignationKind.choices)
    name = models.CharField("名称", max_length=100)
    person = models.ForeignKey(
        "members.Person", verbose_name="党员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.CharField("承诺内容（亮身份、亮承诺、亮业绩）", max_length=300, blank=True)
    year = models.PositiveIntegerField("年度")
    is_active = models.BooleanField("有效", default=True)

    objects = OrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "示范创建"
        verbose_name_plural = "示范创建"
        ordering = ["-year", "party_organization__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["party_organization", "kind", "name", "year"], name="designation_once"),
        ]

    def __str__(self) -> str:
        return self.name
