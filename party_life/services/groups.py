"""Writes of Party groups (党小组): an organisation's groups and their members, kept by its secretary. A group's
members are who a 党小组会 expects (see ``party_life.services.meetings.required_attendees``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import User
from members.models import Person
from organizations.models import PartyOrganization
from party_life.models import PartyGroup
from scoring.services.stars import MEMBER_STAGES


def _check_members(organization: PartyOrganization, members) -> list[Person]:
    members = list(members)
    allowed = set(
        Person.objects.filter(party_organization=organization, stage__in=MEMBER_STAGES).values_list("pk", flat=True)
    )
    strangers = [person.name for person in members if person.pk not in allowed]
    if strangers:
        raise ValidationError({"members": f"组员须是本党组织的党员（含预备党员）：{'、'.join(strangers[:5])}。"})
    return members


def _check_name(group: PartyGroup) -> None:
    group.name = (group.name or "").strip()
    if not group.name:
        raise ValidationError({"name": "请填写党小组名称。"})
    clash = PartyGroup.objects.filter(party_organization_id=group.party_organization_id, name=group.name)
    if clash.exclude(pk=group.pk).exists():
        raise ValidationError({"name": f"本党组织已有“{group.name}”。"})


@transaction.atomic
def party_group_create(*, by: User, organization: PartyOrganization, name: str, members=()) -> PartyGroup:
    """Add a Party group to an organisation the user may edit, with members of that organisation."""
    if not PartyOrganization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise ValidationError("该党组织不在您的管理范围内。")
    group = PartyGroup(party_organization=organization, name=name)
    _check_name(group)
    members = _check_members(organization, members)
    group.full_clean()
    group._history_user = by
    group.save()
    group.members.set(members)
    return group


@transaction.atomic
def party_group_update(*, by: User, group: PartyGroup, name: str, members=(), is_active: bool = True) -> PartyGroup:
    """Rename a group, change its members, or mark it dissolved (its past meetings stay as recorded)."""
    if not PartyGroup.objects.editable_by(by).filter(pk=group.pk).exists():
        raise ValidationError("该党小组不在您的管理范围内。")
    group = PartyGroup.objects.select_for_update().get(pk=group.pk)
    group.name, group.is_active = name, is_active
    _check_name(group)
    members = _check_members(group.party_organization, members)
    group.full_clean()
    group._history_user = by
    group.save()
    group.members.set(members)
    return group
