"""Writes and rules of entities, their coverage, mass organisations and instructors."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from core.models import User
from organizations.choices import EstablishmentMethod
from organizations.models import (
    Area,
    Entity,
    Instructor,
    InstructorAssignment,
    MassOrganization,
    PartyOrganization,
)

JOINT_MAX_ENTITIES = 5
JOINT_MAX_MEMBERS = 50

ENTITY_FIELDS = {
    "kind",
    "name",
    "credit_code",
    "area",
    "industry",
    "staff_count",
    "full_member_count",
    "is_key_enterprise",
    "is_operating",
}


def _normalise(entity: Entity) -> None:
    # Spreadsheets give None for an empty cell and codes in any case.
    entity.name = (entity.name or "").strip()
    entity.industry = (entity.industry or "").strip()
    entity.credit_code = (entity.credit_code or "").strip().upper()


def _check_area(by: User, area: Area) -> None:
    # Entities are registered by county staff or the area's own committee.
    if not (by.is_county_admin or by.area_id == area.pk):
        raise ValidationError({"area": "只有县级管理员或本街镇/园区审核员可以在该街镇/园区登记经营主体。"})


@transaction.atomic
def entity_create(*, by: User, **fields) -> Entity:
    """Register an entity; its credit code must pass the GB 32100 check and be new."""
    unknown = set(fields) - ENTITY_FIELDS
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}")
    entity = Entity(**fields)
    _normalise(entity)
    if entity.area_id is None:
        raise ValidationError({"area": "请选择所属街镇/园区。"})
    _check_area(by, entity.area)
    entity.full_clean()
    entity.save()
    return entity


@transaction.atomic
def entity_update(*, by: User, entity: Entity, **changes) -> Entity:
    """Change an entity's own facts; coverage changes go through ``entity_cover``."""
    unknown = set(changes) - ENTITY_FIELDS
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if not Entity.objects.editable_by(by).filter(pk=entity.pk).exists():
        raise ValidationError("该经营主体不在您的管理范围内。")
    stored_members = Entity.objects.filter(pk=entity.pk).values_list("full_member_count", flat=True).get()
    for field, value in changes.items():
        setattr(entity, field, value)
    _normalise(entity)
    if "area" in changes:
        _check_area(by, entity.area)
    if entity.party_organization_id and entity.party_organization.area_id != entity.area_id:
        raise ValidationError({"area": "经营主体已由其他街镇/园区的党组织覆盖，请先解除覆盖再变更所属街镇/园区。"})
    check_raised_member_count(entity, stored_members)
    entity.full_clean()
    entity.save()
    return entity


def check_coverage_limits(
    organization: PartyOrganization, entity: Entity | None = None, *, field: str = "party_organization"
) -> None:
    """The coverage limits of ``organization`` as it is about to be saved, with ``entity`` (and its member count
    as about to be saved) among the entities it covers: a standalone organisation covers one entity; a joint one
    at most five entities with at most fifty full members between them. Call with the organisation row locked
    (``select_for_update``) so two writes at once cannot both pass."""
    covered = Entity.objects.filter(party_organization=organization)
    if entity is not None:
        covered = covered.exclude(pk=entity.pk)
    totals = covered.aggregate(count=Count("pk"), members=Sum("full_member_count"))
    count, members = totals["count"], totals["members"] or 0
    if entity is not None:
        count, members = count + 1, members + (entity.full_member_count or 0)
    method = organization.establishment_method
    if method == EstablishmentMethod.STANDALONE and count > 1:
        raise ValidationError({field: "单独建立的党组织只能覆盖一个经营主体。"})
    if method == EstablishmentMethod.JOINT:
        if count > JOINT_MAX_ENTITIES:
            raise ValidationError({field: f"联合党组织覆盖的经营主体不能超过 {JOINT_MAX_ENTITIES} 个。"})
        if members > JOINT_MAX_MEMBERS:
            message = f"联合党组织覆盖的正式党员不能超过 {JOINT_MAX_MEMBERS} 名（将达 {members} 名）。"
            raise ValidationError({field: message})


def check_raised_member_count(entity: Entity, stored_members: int) -> None:
    """A covered entity's member count raised above ``stored_members`` (on its page, by an import update or by
    a survey record) must not take its organisation past the coverage limits."""
    if entity.party_organization_id and (entity.full_member_count or 0) > (stored_members or 0):
        organization = PartyOrganization.objects.select_for_update().get(pk=entity.party_organization_id)
        check_coverage_limits(organization, entity, field="full_member_count")


@transaction.atomic
def entity_cover(*, by: User, entity: Entity, organization: PartyOrganization | None) -> Entity:
    """Put an entity under a Party organisation's coverage (or take it out with ``None``).

    A standalone organisation covers exactly one entity; a joint one at most five entities with at most
    fifty full members between them; a fallback one any number in its area.
    """
    if not Entity.objects.editable_by(by).filter(pk=entity.pk).exists():
        raise ValidationError("该经营主体不在您的管理范围内。")
    if organization is None:
        entity.party_organization = None
        entity.save(update_fields=["party_organization"])
        return entity
    # Lock the organisation so two coverings at once cannot both pass the counts below.
    organization = PartyOrganization.objects.select_for_update().get(pk=organization.pk)
    if not PartyOrganization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise ValidationError({"party_organization": "该党组织不在您的管理范围内。"})
    if organization.depth == 1:
        raise ValidationError({"party_organization": "街镇/园区党（工）委不直接覆盖经营主体，请选择其下的党组织。"})
    if not organization.is_active:
        raise ValidationError({"party_organization": "该党组织已撤销。"})
    if organization.area_id != entity.area_id:
        raise ValidationError({"party_organization": "党组织与经营主体不属于同一街镇/园区。"})
    check_coverage_limits(organization, entity)
    entity.party_organization = organization
    entity.save(update_fields=["party_organization"])
    return entity


def mass_organization_create(*, by: User, entity: Entity, kind: str, name: str, founded_on: date | None = None):
    """Record a mass organisation (工会、共青团、妇联…) in an entity."""
    if not Entity.objects.editable_by(by).filter(pk=entity.pk).exists():
        raise ValidationError("该经营主体不在您的管理范围内。")
    if founded_on and founded_on > timezone.localdate():
        raise ValidationError({"founded_on": "成立日期不能晚于今天。"})
    mass_org = MassOrganization(entity=entity, kind=kind, name=name.strip(), founded_on=founded_on)
    mass_org.full_clean()
    mass_org.save()
    return mass_org


def instructor_create(*, by: User, name: str, area: Area, unit: str = "", phone: str = "", is_red_sail=False):
    """Register a Party-building instructor in an area (county staff, or the area's own reviewer)."""
    if not (by.is_county_admin or by.area_id == area.pk):
        raise ValidationError({"area": "只能在您管理的街镇/园区登记指导员。"})
    instructor = Instructor(name=name.strip(), area=area, unit=unit, phone=phone, is_red_sail=is_red_sail)
    instructor.full_clean()
    instructor.save()
    return instructor


def can_assign_instructors(user: User, area_id: int) -> bool:
    """Instructors are sent by the county or by the area's own committee."""
    return user.is_county_admin or user.area_id == area_id


@transaction.atomic
def instructor_assign(*, by: User, instructor: Instructor, entity: Entity, started_on: date) -> InstructorAssignment:
    """Assign an instructor to an entity from a date; the history keeps every assignment."""
    if not can_assign_instructors(by, entity.area_id):
        raise ValidationError("只有县级管理员或本街镇/园区审核员可以选派指导员。")
    if instructor.area_id != entity.area_id:
        raise ValidationError({"instructor": "指导员与经营主体不属于同一街镇/园区。"})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "开始日期不能晚于今天。"})
    if InstructorAssignment.objects.filter(instructor=instructor, entity=entity, ended_on__isnull=True).exists():
        raise ValidationError("该指导员已在指导这个经营主体。")
    assignment = InstructorAssignment(instructor=instructor, entity=entity, started_on=started_on)
    assignment.full_clean()
    assignment.save()
    return assignment


def instructor_unassign(*, by: User, assignment: InstructorAssignment, ended_on: date) -> InstructorAssignment:
    """End an assignment on a date not before it started."""
    if not can_assign_instructors(by, assignment.entity.area_id):
        raise ValidationError("只有县级管理员或本街镇/园区审核员可以结束指导员选派。")
    if assignment.ended_on is not None:
        raise ValidationError("该选派已经结束。")
    if ended_on < assignment.started_on:
        raise ValidationError({"ended_on": "结束日期不能早于开始日期。"})
    assignment.ended_on = ended_on
    assignment.full_clean()
    assignment.save(update_fields=["ended_on"])
    return assignment
