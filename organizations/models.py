from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.scope import AddedByOrganisationEditors, CountyManagedQuerySet, ScopedQuerySet
from organizations.choices import (
    AreaKind,
    CadreKind,
    CampaignHalf,
    CampaignStatus,
    DemoLevel,
    EntityKind,
    EstablishmentMethod,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    MassOrgKind,
    PairingActivityKind,
    PartnerKind,
    PartyOrgKind,
    StationedActivityKind,
)
from organizations.validators import validate_uscc


class AreaQuerySet(CountyManagedQuerySet):
    scope_area = ""

    def choices_for(self, user):
        """Areas a user works in: all for county staff, the own one for a reviewer or a secretary."""
        if not user.is_authenticated:
            return self.none()
        if user.is_county_admin:
            return self.all()
        if user.area_id:
            return self.filter(pk=user.area_id)
        if user.party_organization_id:
            return self.filter(party_orgs=user.party_organization_id)
        return self.none()


class Area(models.Model):
    """A town, street, park or development zone: the county's first level, with its own Party committee."""

    name = models.CharField("名称", max_length=50, unique=True)
    kind = models.CharField("类型", max_length=20, choices=AreaKind.choices)
    code = models.CharField("编码", max_length=20, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = AreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "街镇/园区"
        verbose_name_plural = "街镇/园区"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class PartyOrganizationQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    scope_area = "area"
    scope_org = ""

    def with_parent_name(self):
        """Annotate ``parent_name`` in the same query (the parent's path is ours minus one step)."""
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - PartyOrganization.steplen)
        parents = PartyOrganization.objects.filter(path=parent_path).values("name")[:1]
        return self.annotate(parent_name=Subquery(parents))


class PartyOrganizationManager(MP_NodeManager.from_queryset(PartyOrganizationQuerySet)):
    def get_queryset(self):
        return PartyOrganizationQuerySet(self.model, using=self._db).order_by("path")


class PartyOrganization(MP_Node):
    """A Party organisation in the tree under the area committees (materialised path)."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("组织类型", max_length=20, choices=PartyOrgKind.choices)
    establishment_method = models.CharField(
        "组建方式", max_length=20, choices=EstablishmentMethod.choices, blank=True, help_text="街镇/园区党委不填"
    )
    area = models.ForeignKey(Area, verbose_name="所属街镇/园区", on_delete=models.PROTECT, related_name="party_orgs")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    secretary_name = models.CharField("书记", max_length=50, blank=True)
    demo_level = models.CharField("示范点", max_length=10, choices=DemoLevel.choices, blank=True)
    is_active = models.BooleanField("存续", default=True)

    node_order_by = ["name"]
    objects = PartyOrganizationManager()
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs a pattern-ops index to use the tree path.
            models.Index(fields=["path"], name="partyorg_path_like", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="partyorg_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # The constraint above says it too, but on the form as a whole and in Django's words: the name is what
        # the user changes, so the clash stands next to it.
        same_name = PartyOrganization.objects.filter(area_id=self.area_id, name=self.name).exclude(pk=self.pk)
        if self.name and self.area_id and same_name.exists():
            raise ValidationError({"name": f"{self.area.name}已有名为“{self.name}”的党组织，请换一个名称。"})


class EntityQuerySet(ScopedQuerySet):
    scope_area = "area"
    scope_org = "party_organization"


class Entity(models.Model):
    """经营主体/两新组织: an enterprise, social organisation, association or new-employment group."""

    kind = models.CharField("类型", max_length=20, choices=EntityKind.choices)
    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        error_messages={"unique": "该统一社会信用代码已登记。"},
    )
    area = models.ForeignKey(Area, verbose_name="所属街镇/园区", on_delete=models.PROTECT, related_name="entities")
    industry = models.CharField("行业", max_length=50, blank=True)
    staff_count = models.PositiveIntegerField("从业人员数", default=0)
    full_member_count = models.PositiveIntegerField("正式党员数", default=0)
    is_key_enterprise = models.BooleanField("重点企业", default=False)
    is_operating = models.BooleanField("正常经营", default=True)
    # Who covers it: its own organisation (单独建), a joint one (联合建) or a fallback one (兜底建).
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="覆盖党组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="covered_entities",
    )

    objects = EntityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "经营主体"
        verbose_name_plural = "经营主体"
        ordering = ["area__sort_order", "name"]
        indexes = [models.Index(fields=["area", "kind", "is_operating"], name="entity_area_kind_operating")]
        constraints = [
            models.CheckConstraint(
                name="entity_credit_code_18", condition=models.Q(credit_code__regex=r"^[0-9A-Z]{18}$")
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EntityChildQuerySet(ScopedQuerySet):
    """Rows hanging off an entity: scoped as the entity is."""

    scope_area = "entity__area"
    scope_org = "entity__party_organization"


class MassOrganization(models.Model):
    """群团组织 (工会、共青团、妇联…) in an entity."""

    entity = models.ForeignKey(Entity, verbose_name="经营主体", on_delete=models.CASCADE, related_name="mass_orgs")
    kind = models.CharField("类型", max_length=20, choices=MassOrgKind.choices)
    name = models.CharField("名称", max_length=200)
    founded_on = models.DateField("成立日期", null=True, blank=True)

    objects = EntityChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "群团组织"
        verbose_name_plural = "群团组织"
        constraints = [models.UniqueConstraint(fields=["entity", "kind", "name"], name="massorg_unique_in_entity")]

    def __str__(self) -> str:
        return self.name


class InstructorQuerySet(ScopedQuerySet):
    scope_area = "area"
    scope_org = "assignments__entity__party_organization"
    scope_multi_valued = True


class Instructor(models.Model):
    """党建工作指导员, some holding the “红帆” title."""

    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("工作单位", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    area = models.ForeignKey(Area, verbose_name="所属街镇/园区", on_delete=models.PROTECT, related_name="instructors")
    is_red_sail = models.BooleanField("“红帆”党建指导员", default=False)

    objects = InstructorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党建工作指导员"
        verbose_name_plural = "党建工作指导员"
        ordering = ["area__sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class InstructorAssignment(models.Model):
    """An instructor assigned to an entity for a period; ``ended_on`` empty means still assigned."""

    instructor = models.ForeignKey(
        Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="assignments"
    )
    entity = models.ForeignKey(
        Entity, verbose_name="经营主体", on_delete=models.CASCADE, related_name="instructor_assignments"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    objects = EntityChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指导员选派"
        verbose_name_plural = "指导员选派"
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                name="assignment_ends_after_start",
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
            ),
            models.UniqueConstraint(
                fields=["instructor", "entity"], condition=models.Q(ended_on__isnull=True), name="assignment_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instructor} → {self.entity}"


class PartyOrgChildQuerySet(AddedByOrganisationEditors, ScopedQuerySet):
    """Rows hanging off a Party organisation: scoped as the organisation is."""

    scope_area = "party_organization__area"
    scope_org = "party_organization"


class Pairing(models.Model):
    """结对共建 with an organ, village or community Party organisation."""

    party_organization = models.ForeignKey(
        PartyOrganization, verbose_name="党组织", on_delete=models.CASCADE, related_name="pairings"
    )
    partner_name = models.CharField("结对单位", max_length=200)
    partner_kind = models.CharField("结对类型", max_length=20, choices=PartnerKind.choices)
    started_on = models.DateField("结对日期")

    objects = PartyOrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "结对共建"
        verbose_name_plural = "结对共建"
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.party_organization} ↔ {self.partner_name}"


class PairingActivityQuerySet(ScopedQuerySet):
    scope_area = "pairing__party_organization__area"
    scope_org = "pairing__party_organization"


class PairingActivity(models.Model):
    """A joint activity of a pairing: 阵地共用、活动联办、资源联享."""

    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField("类型", max_length=20, choices=PairingActivityKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("内容", max_length=200)

    objects = PairingActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "共建活动"
        verbose_name_plural = "共建活动"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class SurveyCampaignQuerySet(CountyManagedQuerySet):
    pass


class SurveyCampaign(models.Model):
    """摸底排查: one survey campaign per half-year over every operating entity."""

    year = models.PositiveIntegerField("年度")
    half = models.PositiveSmallIntegerField("半年", choices=CampaignHalf.choices)
    status = models.CharField("状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    opened_at = models.DateTimeField("开始时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = SurveyCampaignQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "摸底排查"
        verbose_name_plural = "摸底排查"
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="campaign_one_per_half_year"),
            # Two administrators opening a campaign at the same moment: the database keeps only one open.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="open"),
                name="campaign_one_open",
                violation_error_message="已有进行中的摸底排查，请先结束。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_half_display()}摸底排查"


# The six facts a survey record must make clear (六个清).
SIX_CLEARS = (
    ("operation_info", "经营主体情况"),
    ("staff_info", "从业人员情况"),
    ("party_org_info", "党组织情况"),
    ("structure_info", "组织架构"),
    ("members_info", "党员队伍"),
    ("instructor_info", "党建指导员配备"),
)


class SurveyRecordQuerySet(EntityChildQuerySet):
    def with_completeness(self):
        """Annotate ``is_complete``: all six facts filled."""
        filled = models.Q()
        for field, _label in SIX_CLEARS:
            filled &= ~models.Q(**{field: ""})
        return self.annotate(is_complete=models.ExpressionWrapper(filled, output_field=models.BooleanField()))


class SurveyRecord(models.Model):
    """One entity in one campaign: the six facts, and a snapshot of its coverage when the campaign closed."""

    campaign = models.ForeignKey(
        SurveyCampaign, verbose_name="摸底排查", on_delete=models.PROTECT, related_name="records"
    )
    entity = models.ForeignKey(Entity, verbose_name="经营主体", on_delete=models.PROTECT, related_name="survey_records")
    operation_info = models.TextField("经营主体情况", blank=True)
    staff_info = models.TextField("从业人员情况", blank=True)
    party_org_info = models.TextField("党组织情况", blank=True)
    structure_info = models.TextField("组织架构", blank=True)
    members_info = models.TextField("党员队伍", blank=True)
    instructor_info = models.TextField("党建指导员配备", blank=True)
    staff_count = models.PositiveIntegerField("从业人员数", default=0)
    full_member_count = models.PositiveIntegerField("正式党员数", default=0)
    # Snapshot taken when the campaign closes, so later campaigns can be compared with it.
    area = models.ForeignKey(Area, verbose_name="所属街镇/园区", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=EntityKind.choices)
    establishment_method = models.CharField("覆盖方式", max_length=20, choices=EstablishmentMethod.choices, blank=True)
    work_covered = models.BooleanField("工作覆盖", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SurveyRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "摸底排查记录"
        verbose_name_plural = "摸底排查记录"
        ordering = ["campaign", "area", "entity__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "entity"], name="record_one_per_entity")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.entity}"

    @property
    def is_filled(self) -> bool:
        return all(getattr(self, field) for field, _label in SIX_CLEARS)


class LiaisonPoint(models.Model):
    """联系点: a leading cadre linked to a demonstration-point Party organisation."""

    cadre_name = models.CharField("联系领导", max_length=50)
    cadre_title = models.CharField("职务", max_length=100)
    cadre_kind = models.CharField("类别", max_length=20, choices=CadreKind.choices)
    party_organization = models.ForeignKey(
        PartyOrganization, verbose_name="联系党组织", on_delete=models.CASCADE, related_name="liaison_points"
    )
    started_on = models.DateField("建立日期")

    objects = PartyOrgChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "联系点"
        verbose_name_plural = "联系点"
        ordering = ["cadre_name"]

    def __str__(self) -> str:
        return f"{self.cadre_name} → {self.party_organization}"


class LiaisonVisitQuerySet(ScopedQuerySet):
    scope_area = "point__party_organization__area"
    scope_org = "point__party_organization"


class LiaisonVisit(models.Model):
    """A visit by a leading cadre to the liaison point."""

    point = models.ForeignKey(LiaisonPoint, verbose_name="联系点", on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField("类型", max_length=20, choices=LiaisonVisitKind.choices)
    visited_on = models.DateField("日期")
    summary = models.CharField("内容", max_length=300, blank=True)

    objects = LiaisonVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "联系点活动"
        verbose_name_plural = "联系点活动"
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.point.cadre_name} {self.get_kind_display()} {self.visited_on}"


class StationedCadre(models.Model):
    """驻企干部 (助企干部): a young cadre posted to an enterprise as deputy Party secretary."""

    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("派出单位", max_length=100)
    entity = models.ForeignKey(
        Entity, verbose_name="驻在企业", on_delete=models.PROTECT, related_name="stationed_cadres"
    )
    post = models.CharField("任职", max_length=50, default="党组织副书记")
    started_on = models.DateField("派驻日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    objects = EntityChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "驻企干部"
        verbose_name_plural = "驻企干部"
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.name


class StationedActivityQuerySet(ScopedQuerySet):
    scope_area = "cadre__entity__area"
    scope_org = "cadre__entity__party_organization"


class StationedActivity(models.Model):
    """What a stationed cadre did: 送政策上门, a project helped onto an official list, …"""

    cadre = models.ForeignKey(
        StationedCadre, verbose_name="驻企干部", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField("类型", max_length=20, choices=StationedActivityKind.choices)
    done_on = models.DateField("日期")
    title = models.CharField("内容", max_length=200)
    listed_as = models.CharField("列入名单", max_length=100, blank=True, help_text="项目列入的省、市重点名单")

    objects = StationedActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "驻企干部工作"
        verbose_name_plural = "驻企干部工作"
        ordering = ["-done_on"]

    def __str__(self) -> str:
        return self.title


# The venue standard 六有: 有场所、有设施、有标志、有党旗、有书报、有制度.
SIX_HAVES = (
    ("has_space", "有场所"),
    ("has_facilities", "有设施"),
    ("has_sign", "有标志"),
    ("has_flag", "有党旗"),
    ("has_books", "有书报"),
    ("has_rules", "有制度"),
)


class VenueQuerySet(PartyOrgChildQuerySet):
    def compliant(self):
        """Venues meeting all six of 六有."""
        return self.filter(**{field: True for field, _label in SIX_HAVES})


class Venue(models.Model):
    """A Party activity venue (党群服务阵地) checked against 六有."""

    party_organization = models.ForeignKey(
        PartyOrganization, verbose_name="党组织", on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField("阵地名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    has_space = models.BooleanField("有场所", default=False)
    has_facilities = models.BooleanField("有设施", default=False)
    has_sign = models.BooleanField("有标志", default=False)
    has_flag = models.BooleanField("有党旗", default=False)
    has_books = models.BooleanField("有书报", default=False)
    has_rules = models.BooleanField("有制度", default=False)

    objects = VenueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动阵地"
        verbose_name_plural = "活动阵地"
        ordering = ["party_organization__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_compliant(self) -> bool:
        return all(getattr(self, field) for field, _label in SIX_HAVES)


class FundEntry(models.Model):
    """One line of a Party organisation's work-funds ledger: money in (income) or out (spending)."""

    party_organization = models.ForeignKey(
        PartyOrganization, verbose_name="党组织", on_delete=models.PROTECT, related_name="fund_entries"
    )
    source = models.CharField("经费来源", max_length=20, choices=FundSource.choices)
    # Positive for income, negative for spending; the balance of a source is the sum of its lines.
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    purpose = models.CharField("用途", max_length=30, choices=FundPurpose.choices, blank=True)
    occurred_on = models.DateField("日期")
    note = models.CharField("摘要", max_length=200, blank=True)
    # A correction is a new line reversing an old one; one-to-one, so a line is reversed at most once.
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_by = models.ForeignKey(
        "core.User", verbose_name="经办人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PartyOrgChildQuerySet.as_manager()

    class Meta:
        verbose_name = "党建工作经费"
        verbose_name_plural = "党建工作经费"
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="fund_amount_not_zero", condition=~models.Q(amount=0)),
            models.CheckConstraint(
                name="fund_spending_has_purpose",
                condition=models.Q(amount__gt=0) | ~models.Q(purpose=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"
