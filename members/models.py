from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.scope import CountyManagedQuerySet, ScopedQuerySet
from members.choices import (
    CertLevel,
    CertStatus,
    Education,
    EntrepreneurHonourLevel,
    Gender,
    NominationStep,
    Post,
    SelectionKind,
    SelectionStatus,
    Stage,
    TalentRecordKind,
    TrainingKind,
)
from members.validators import validate_id_number


class PersonQuerySet(ScopedQuerySet):
    scope_area = "party_organization__area"
    scope_org = "party_organization"


class Person(models.Model):
    """A member, probationary member, activist or applicant, and where they are in the pipeline."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    id_number = models.CharField(
        "身份证号",
        max_length=18,
        unique=True,
        validators=[validate_id_number],
        error_messages={"unique": "该身份证号已登记。"},
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    entity = models.ForeignKey(
        "organizations.Entity",
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    post = models.CharField("岗位", max_length=20, choices=Post.choices, default=Post.STAFF)
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="people"
    )
    # 双向培养: the talent pool of management and technical backbones.
    is_management_talent = models.BooleanField("管理人才", default=False)
    is_technical_talent = models.BooleanField("技术人才", default=False)
    stage = models.CharField("发展阶段", max_length=20, choices=Stage.choices, default=Stage.APPLICANT)
    applied_on = models.DateField("递交入党申请日期", null=True, blank=True)
    activist_on = models.DateField("确定为入党积极分子日期", null=True, blank=True)
    candidate_on = models.DateField("确定为发展对象日期", null=True, blank=True)
    admitted_on = models.DateField("支部大会接收为预备党员日期", null=True, blank=True)
    probation_ends_on = models.DateField("预备期满日期", null=True, blank=True)
    probation_extended = models.BooleanField("延长预备期", default=False)
    full_on = models.DateField("转为正式党员日期", null=True, blank=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["party_organization__path", "name", "pk"]
        indexes = [models.Index(fields=["party_organization", "stage"], name="person_org_stage")]
        constraints = [
            models.CheckConstraint(name="person_id_number_18", condition=Q(id_number__regex=r"^[0-9]{17}[0-9X]$")),
            # A second line under members.services.people.check_pipeline: the stages' dates never run backwards.
            models.CheckConstraint(
                name="person_stage_dates_in_order",
                condition=Q(activist_on__gte=F("applied_on"))
                & Q(candidate_on__gte=F("activist_on"))
                & Q(admitted_on__gte=F("candidate_on"))
                & Q(full_on__gte=F("admitted_on"))
                & Q(probation_ends_on__gt=F("admitted_on")),
                violation_error_message="发展党员各阶段的日期不能早于上一阶段。",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonChildQuerySet(ScopedQuerySet):
    scope_area = "person__party_organization__area"
    scope_org = "person__party_organization"


class TalentRecord(models.Model):
    """A contest result or honour of a person in the talent pool (双向培养)."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="talent_records")
    kind = models.CharField("类别", max_length=20, choices=TalentRecordKind.choices)
    title = models.CharField("名称", max_length=200)
    awarded_on = models.DateField("日期")

    objects = PersonChildQuerySet.as_manager()

    class Meta:
        verbose_name = "竞赛成绩与荣誉"
        verbose_name_plural = "竞赛成绩与荣誉"
        ordering = ["-awarded_on"]

    def __str__(self) -> str:
        return self.title


class Certificate(models.Model):
    """A 红领党务 certificate at one level; a promotion, demotion or revocation ends it."""

    person = models.ForeignKey(Person, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates")
    level = models.CharField("等级", max_length=20, choices=CertLevel.choices)
    serial = models.CharField("证书编号", max_length=20, unique=True)
    # Printed in the QR code; random, so a guessed URL reveals nothing.
    token = models.CharField("核验码", max_length=32, unique=True)
    status = models.CharField("状态", max_length=20, choices=CertStatus.choices, default=CertStatus.VALID)
    issued_on = models.DateField("发证日期")
    review_due_on = models.DateField("动态调整截止日期")
    annual_score = models.PositiveSmallIntegerField("年度考核得分")
    demo_point_work = models.CharField("示范点创建", max_length=200, blank=True)
    results = models.CharField("工作成效", max_length=300, blank=True)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发证人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PersonChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "红领党务证书"
        verbose_name_plural = "红领党务证书"
        ordering = ["-issued_on", "serial"]
        constraints = [
            # One valid certificate per person at a time.
            models.UniqueConstraint(fields=["person"], condition=Q(status="valid"), name="certificate_one_valid"),
            models.CheckConstraint(name="certificate_score_0_100", condition=Q(annual_score__lte=100)),
        ]

    def __str__(self) -> str:
        return self.serial


class SelectionCampaign(models.Model):
    """A 红色头雁 selection: 优秀党组织书记 or “红帆”党建指导员 for one year."""

    kind = models.CharField("评选类别", max_length=20, choices=SelectionKind.choices)
    year = models.PositiveIntegerField("年度")
    quota = models.PositiveIntegerField("名额")
    status = models.CharField("状态", max_length=10, choices=SelectionStatus.choices, default=SelectionStatus.OPEN)

    objects = CountyManagedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "红色头雁评选"
        verbose_name_plural = "红色头雁评选"
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="selection_one_per_kind_year")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_kind_display()}评选"


class NominationQuerySet(ScopedQuerySet):
    scope_area = "area"
    scope_org = "party_organization"


class Nomination(models.Model):
    """One candidate in a selection, moving through the four steps; a return carries its reason."""

    campaign = models.ForeignKey(
        SelectionCampaign, verbose_name="评选", on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        Person, verbose_name="党组织书记", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    instructor = models.ForeignKey(
        "organizations.Instructor",
        verbose_name="指导员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # Who recommends and who reviews: the nominee's organisation and its area.
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="推荐党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    area = models.ForeignKey(
        "organizations.Area", verbose_name="审核街镇/园区", on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField("进度", max_length=20, choices=NominationStep.choices, default=NominationStep.APPLIED)
    statement = models.TextField("个人申请事迹")
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "红色头雁候选人"
        verbose_name_plural = "红色头雁候选人"
        ordering = ["campaign", "area", "pk"]
        constraints = [
            models.CheckConstraint(
                name="nomination_one_nominee",
                condition=Q(person__isnull=False, instructor__isnull=True)
                | Q(person__isnull=True, instructor__isnull=False),
            ),
            models.UniqueConstraint(fields=["campaign", "person"], name="nomination_person_once"),
            models.UniqueConstraint(fields=["campaign", "instructor"], name="nomination_instructor_once"),
        ]

    def __str__(self) -> str:
        return str(self.person or self.instructor)


class StudioQuerySet(CountyManagedQuerySet):
    """Named studios are public honours: every staff member reads them; the county names them."""


class Studio(models.Model):
    """A named studio (工作室) of a 红色头雁."""

    name = models.CharField("工作室名称", max_length=100, unique=True)
    nomination = models.OneToOneField(Nomination, verbose_name="头雁", on_delete=models.PROTECT, related_name="studio")
    founded_on = models.DateField("命名日期")

    objects = StudioQuerySet.as_manager()

    class Meta:
        verbose_name = "头雁工作室"
        verbose_name_plural = "头雁工作室"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EntrepreneurQuerySet(ScopedQuerySet):
    scope_area = "entity__area"
    scope_org = "entity__party_organization"


class Entrepreneur(models.Model):
    """An entrepreneur of an entity: training, honours and associations."""

    name = models.CharField("姓名", max_length=50)
    entity = models.ForeignKey(
        "organizations.Entity", verbose_name="企业", on_delete=models.PROTECT, related_name="entrepreneurs"
    )
    title = models.CharField("职务", max_length=50, default="董事长")
    person = models.OneToOneField(
        Person, verbose_name="人员档案", null=True, blank=True, on_delete=models.SET_NULL, related_name="entrepreneur"
    )

    objects = EntrepreneurQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业家"
        verbose_name_plural = "企业家"
        ordering = ["entity__area__sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class EntrepreneurChildQuerySet(ScopedQuerySet):
    scope_area = "entrepreneur__entity__area"
    scope_org = "entrepreneur__entity__party_organization"


class EntrepreneurTraining(models.Model):
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name="企业家", on_delete=models.CASCADE, related_name="trainings"
    )
    kind = models.CharField("类别", max_length=20, choices=TrainingKind.choices)
    program = models.CharField("项目", max_length=200)
    year = models.PositiveIntegerField("年度")
    graduated = models.BooleanField("已结业/毕业", default=False)

    objects = EntrepreneurChildQuerySet.as_manager()

    class Meta:
        verbose_name = "企业家培训"
        verbose_name_plural = "企业家培训"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.program


class EntrepreneurHonour(models.Model):
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name="企业家", on_delete=models.CASCADE, related_name="honours"
    )
    level = models.CharField("称号", max_length=20, choices=EntrepreneurHonourLevel.choices)
    year = models.PositiveIntegerField("年度")

    objects = EntrepreneurChildQuerySet.as_manager()

    class Meta:
        verbose_name = "企业家荣誉"
        verbose_name_plural = "企业家荣誉"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["entrepreneur", "level", "year"], name="honour_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_level_display()}"


class AssociationMembership(models.Model):
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name="企业家", on_delete=models.CASCADE, related_name="associations"
    )
    association = models.ForeignKey(
        "organizations.Entity",
        verbose_name="行业协会商会",
        on_delete=models.PROTECT,
        related_name="member_entrepreneurs",
    )
    role = models.CharField("职务", max_length=50, default="会员")

    objects = EntrepreneurChildQuerySet.as_manager()

    class Meta:
        verbose_name = "协会商会任职"
        verbose_name_plural = "协会商会任职"
        constraints = [models.UniqueConstraint(fields=["entrepreneur", "association"], name="association_once")]

    def __str__(self) -> str:
        return f"{self.entrepreneur} · {self.association}"
