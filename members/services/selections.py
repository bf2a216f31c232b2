"""Writes and rules of the 红色头雁 selections (four steps, each by its owner) and of entrepreneurs."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import update_change_reason

from core.choices import Role
from core.models import User
from members.choices import NominationStep, SelectionKind, SelectionStatus
from members.models import (
    AssociationMembership,
    Entrepreneur,
    EntrepreneurHonour,
    EntrepreneurTraining,
    Nomination,
    Person,
    SelectionCampaign,
    Studio,
)
from organizations.choices import EntityKind
from organizations.models import Entity, Instructor, PartyOrganization

CLOSED_MESSAGE = "本次评选已结束，不能再办理。"
# A returned nomination is back at the application step: it may be recommended again.
WAITING_FOR_RECOMMENDATION = (NominationStep.APPLIED, NominationStep.RETURNED)
RETURNABLE = (NominationStep.APPLIED, NominationStep.RECOMMENDED, NominationStep.REVIEWED)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _require_county_admin(by: User, action: str) -> None:
    if not (_active(by) and by.is_county_admin):
        raise ValidationError(f"只有县级管理员可以{action}。")


def _locked_open_campaign(campaign_id: int) -> SelectionCampaign:
    """Lock the campaign row: a close or another evaluation waits, so the quota and status hold."""
    campaign = SelectionCampaign.objects.select_for_update().get(pk=campaign_id)
    if campaign.status != SelectionStatus.OPEN:
        raise ValidationError(CLOSED_MESSAGE)
    return campaign


# --- who owns which step -------------------------------------------------------------------------


def may_apply_for_person(user: User, person: Person) -> bool:
    """The nominee's organisation secretary (or above) and county/area staff enter the application."""
    return (
        _active(user) and PartyOrganization.objects.editable_by(user).filter(pk=person.party_organization_id).exists()
    )


def may_apply_for_instructor(user: User, instructor: Instructor) -> bool:
    """Instructors are put forward by the area reviewer of their area or by the county."""
    if not _active(user):
        return False
    return user.is_county_admin or (user.role == Role.AREA_REVIEWER and user.area_id == instructor.area_id)


def may_recommend(user: User, nomination: Nomination) -> bool:
    """The secretary of the nominee's organisation (or of one above it), or the county."""
    if not _active(user):
        return False
    if user.is_county_admin:
        return True
    if user.role != Role.ORG_SECRETARY or nomination.party_organization_id is None:
        return False
    path = PartyOrganization.objects.filter(pk=nomination.party_organization_id).values_list("path", flat=True)
    return bool(user.scope_org_path) and path.first().startswith(user.scope_org_path)


def may_review(user: User, nomination: Nomination) -> bool:
    """The reviewer of the nomination's area (department or town/park committee), or the county."""
    if not _active(user):
        return False
    return user.is_county_admin or (user.role == Role.AREA_REVIEWER and user.area_id == nomination.area_id)


def may_evaluate(user: User) -> bool:
    """County evaluation (县委社会工作部): county administrators only."""
    return _active(user) and user.is_county_admin


def may_return(user: User, nomination: Nomination) -> bool:
    """Whoever owns the step the nomination waits at may send it back."""
    if nomination.step in WAITING_FOR_RECOMMENDATION:
        return nomination.step == NominationStep.APPLIED and may_recommend(user, nomination)
    if nomination.step == NominationStep.RECOMMENDED:
        return may_review(user, nomination)
    if nomination.step == NominationStep.REVIEWED:
        return may_evaluate(user)
    return False


# --- campaigns ------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, by: User, kind: str, year: int, quota: int) -> SelectionCampaign:
    """Open a selection for one kind and year (county staff)."""
    _require_county_admin(by, "发起评选")
    if SelectionCampaign.objects.filter(kind=kind, year=year).exists():
        label = dict(SelectionKind.choices).get(kind, kind)
        raise ValidationError({"year": f"{year}年{label}评选已经发起过，每年只能发起一次。"})
    campaign = SelectionCampaign(kind=kind, year=year, quota=quota, status=SelectionStatus.OPEN)
    if quota is None or quota < 1:
        raise ValidationError({"quota": "名额至少为 1 名。"})
    campaign.full_clean(validate_constraints=False, validate_unique=False)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_close(*, by: User, campaign: SelectionCampaign) -> SelectionCampaign:
    """End a selection: nothing changes afterwards (county staff)."""
    _require_county_admin(by, "结束评选")
    locked = SelectionCampaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status == SelectionStatus.OPEN:
        locked.status = SelectionStatus.CLOSED
        locked.full_clean()
        locked.save()
    campaign.status = locked.status
    return locked


# --- the four steps -------------------------------------------------------------------------------


def _save_step(nomination: Nomination, step: str, reason: str = "") -> Nomination:
    nomination.step = step
    nomination.full_clean(validate_unique=False, validate_constraints=False)
    nomination.save()
    if reason:
        update_change_reason(nomination, reason)
    return nomination


def _locked_nomination(nomination: Nomination) -> tuple[Nomination, SelectionCampaign]:
    campaign = _locked_open_campaign(nomination.campaign_id)
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    return locked, campaign


@transaction.atomic
def nomination_apply(
    *,
    by: User,
    campaign: SelectionCampaign,
    statement: str,
    person: Person | None = None,
    instructor: Instructor | None = None,
) -> Nomination:
    """Step 1, the personal application, entered for a secretary or an instructor by its owner."""
    campaign = _locked_open_campaign(campaign.pk)
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": "请填写个人申请事迹。"})
    if campaign.kind == SelectionKind.SECRETARY:
        if person is None or instructor is not None:
            raise ValidationError({"person": "优秀党组织书记评选请选择一名党组织书记。"})
        if not may_apply_for_person(by, person):
            raise ValidationError("只有该党组织的书记或县、街镇（园区）工作人员可以代为提交申请。")
        if Nomination.objects.filter(campaign=campaign, person=person).exists():
            raise ValidationError({"person": f"{person.name}已申报本次评选。"})
        org = person.party_organization
        nomination = Nomination(
            campaign=campaign, person=person, party_organization=org, area_id=org.area_id, statement=statement
        )
    else:
        if instructor is None or person is not None:
            raise ValidationError({"instructor": "“红帆”党建指导员评选请选择一名党建工作指导员。"})
        if not may_apply_for_instructor(by, instructor):
            raise ValidationError("只有指导员所在街镇（园区）的审核员或县级管理员可以代为提交申请。")
        if Nomination.objects.filter(campaign=campaign, instructor=instructor).exists():
            raise ValidationError({"instructor": f"{instructor.name}已申报本次评选。"})
        # The recommending organisation: the one covering the entity the instructor currently serves.
        assignment = (
            instructor.assignments.filter(ended_on__isnull=True, entity__party_organization__isnull=False)
            .select_related("entity")
            .order_by("-started_on")
            .first()
        )
        nomination = Nomination(
            campaign=campaign,
            instructor=instructor,
            party_organization_id=assignment.entity.party_organization_id if assignment else None,
            area_id=instructor.area_id,
            statement=statement,
        )
    nomination.full_clean(validate_unique=False, validate_constraints=False)
    nomination.save()
    return nomination


@transaction.atomic
def nomination_recommend(*, by: User, nomination: Nomination) -> Nomination:
    """Step 2: the nominee's own organisation recommends."""
    nomination, _campaign = _locked_nomination(nomination)
    if nomination.step not in WAITING_FOR_RECOMMENDATION:
        raise ValidationError(f"当前进度为“{nomination.get_step_display()}”，不能再推荐。")
    if not may_recommend(by, nomination):
        raise ValidationError("只有候选人所在党组织的书记或县级管理员可以推荐。")
    return _save_step(nomination, NominationStep.RECOMMENDED)


@transaction.atomic
def nomination_review(*, by: User, nomination: Nomination) -> Nomination:
    """Step 3: the department or town/park committee reviews."""
    nomination, _campaign = _locked_nomination(nomination)
    if nomination.step != NominationStep.RECOMMENDED:
        raise ValidationError(f"当前进度为“{nomination.get_step_display()}”，须先经党组织推荐才能审核。")
    if not may_review(by, nomination):
        raise ValidationError("只有候选人所在街镇（园区）的审核员或县级管理员可以审核。")
    return _save_step(nomination, NominationStep.REVIEWED)


@transaction.atomic
def nomination_evaluate(*, by: User, nomination: Nomination, selected: bool) -> Nomination:
    """Step 4: the county evaluates; no more are selected than the quota allows."""
    nomination, campaign = _locked_nomination(nomination)
    if nomination.step != NominationStep.REVIEWED:
        raise ValidationError(f"当前进度为“{nomination.get_step_display()}”，须先经部门/街镇审核才能评定。")
    if not may_evaluate(by):
        raise ValidationError("只有县级管理员（县委社会工作部）可以评定。")
    if selected:
        chosen = campaign.nominations.filter(step=NominationStep.SELECTED).count()
        if chosen >= campaign.quota:
            raise ValidationError(f"已评定入选 {chosen} 名，达到名额 {campaign.quota} 名，不能再入选。")
    return _save_step(nomination, NominationStep.SELECTED if selected else NominationStep.NOT_SELECTED)


@transaction.atomic
def nomination_return(*, by: User, nomination: Nomination, reason: str) -> Nomination:
    """Send a nomination back to the application step, by the owner of the step it waits at, with a reason."""
    nomination, _campaign = _locked_nomination(nomination)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": "退回时必须填写退回原因。"})
    if nomination.step not in RETURNABLE:
        raise ValidationError(f"当前进度为“{nomination.get_step_display()}”，不能退回。")
    if not may_return(by, nomination):
        raise ValidationError("只有当前环节的办理人可以退回。")
    nomination.return_reason = reason
    return _save_step(nomination, NominationStep.RETURNED, reason=f"退回：{reason}")


@transaction.atomic
def studio_name(*, by: User, nomination: Nomination, name: str, founded_on: date) -> Studio:
    """Name a studio (工作室) after a selected 头雁 (county staff)."""
    _require_county_admin(by, "命名头雁工作室")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.step != NominationStep.SELECTED:
        raise ValidationError("只有评定入选的头雁才能命名工作室。")
    if Studio.objects.filter(nomination=nomination).exists():
        raise ValidationError("该头雁已命名工作室。")
    name = (name or "").strip()
    if Studio.objects.filter(name=name).exists():
        raise ValidationError({"name": f"工作室名称“{name}”已被使用。"})
    studio = Studio(nomination=nomination, name=name, founded_on=founded_on)
    studio.full_clean(validate_unique=False, validate_constraints=False)
    studio.save()
    return studio


# --- entrepreneurs --------------------------------------------------------------------------------


def _require_editable_entrepreneur(by: User, entrepreneur: Entrepreneur) -> None:
    if not Entrepreneur.objects.editable_by(by).filter(pk=entrepreneur.pk).exists():
        raise ValidationError("该企业家不在您的管理范围内。")


@transaction.atomic
def entrepreneur_create(*, by: User, name: str, entity: Entity, title: str = "董事长") -> Entrepreneur:
    """Register an entrepreneur of an entity the user may edit."""
    if not Entity.objects.editable_by(by).filter(pk=entity.pk).exists():
        raise ValidationError({"entity": "该企业不在您的管理范围内。"})
    entrepreneur = Entrepreneur(name=(name or "").strip(), entity=entity, title=(title or "").strip() or "董事长")
    entrepreneur.full_clean()
    entrepreneur.save()
    return entrepreneur


@transaction.atomic
def training_add(
    *, by: User, entrepreneur: Entrepreneur, kind: str, program: str, year: int, graduated: bool = False
) -> EntrepreneurTraining:
    """Record a training (EMBA, MBA, benchmark study …) of an entrepreneur."""
    _require_editable_entrepreneur(by, entrepreneur)
    training = EntrepreneurTraining(
        entrepreneur=entrepreneur, kind=kind, program=(program or "").strip(), year=year, graduated=graduated
    )
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def honour_add(*, by: User, entrepreneur: Entrepreneur, level: str, year: int) -> EntrepreneurHonour:
    """Record an honour (功勋/杰出/优秀企业家); once per level and year (county staff)."""
    _require_county_admin(by, "授予企业家荣誉")
    if EntrepreneurHonour.objects.filter(entrepreneur=entrepreneur, level=level, year=year).exists():
        raise ValidationError({"level": f"{entrepreneur.name}已获得{year}年该称号。"})
    honour = EntrepreneurHonour(entrepreneur=entrepreneur, level=level, year=year)
    honour.full_clean(validate_unique=False, validate_constraints=False)
    honour.save()
    return honour


@transaction.atomic
def association_join(
    *, by: User, entrepreneur: Entrepreneur, association: Entity, role: str = "会员"
) -> AssociationMembership:
    """Record an entrepreneur's post in an industry association or chamber of commerce."""
    _require_editable_entrepreneur(by, entrepreneur)
    if association.kind != EntityKind.ASSOCIATION:
        raise ValidationError({"association": f"“{association.name}”不是行业协会商会。"})
    if AssociationMembership.objects.filter(entrepreneur=entrepreneur, association=association).exists():
        raise ValidationError({"association": f"{entrepreneur.name}已在“{association.name}”登记。"})
    membership = AssociationMembership(
        entrepreneur=entrepreneur, association=association, role=(role or "").strip() or "会员"
    )
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership.save()
    return membership
