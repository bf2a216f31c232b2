"""党小组: the secretary keeps the organisation's groups and members; a 党小组会 expects the group's members."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from party_life.choices import MeetingKind
from party_life.models import Attendance, PartyGroup
from party_life.services import groups as services
from tests.party_life.conftest import record

pytestmark = pytest.mark.usefixtures("_today")


def test_the_secretary_adds_a_group_on_its_page_and_a_group_meeting_expects_its_members(
    world, secretary, members_a, as_user
):
    client = as_user(secretary)
    a, b, c = members_a
    response = client.post(
        reverse("party_life:partygroup_create", args=[world.org_a.pk]), {"name": "第一党小组", "members": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    group = PartyGroup.objects.get()
    assert set(group.members.all()) == {a, b}
    assert "第一党小组" in client.get(reverse("party_life:partygroup_list")).content.decode()
    meeting = record(secretary, world.org_a, [a, b], kind=MeetingKind.GROUP, group=group)
    assert set(Attendance.objects.filter(meeting=meeting).values_list("person", flat=True)) == {a.pk, b.pk}
    with pytest.raises(ValidationError, match="应到党员"):
        record(secretary, world.org_a, [a, b, c], kind=MeetingKind.GROUP, group=group)
    response = client.post(
        reverse("party_life:partygroup_update", args=[group.pk]), {"name": "第一党小组", "members": [c.pk]}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert list(group.members.all()) == [c] and not group.is_active  # the box left unticked dissolves it


def test_a_group_takes_only_members_of_its_organisation_and_a_name_once(world, secretary, members_a, member_b):
    services.party_group_create(by=secretary, organization=world.org_a, name="第一党小组", members=members_a[:1])
    with pytest.raises(ValidationError) as caught:
        services.party_group_create(by=secretary, organization=world.org_a, name="第二党小组", members=[member_b])
    assert "组员须是本党组织的党员" in caught.value.message_dict["members"][0]
    with pytest.raises(ValidationError) as caught:
        services.party_group_create(by=secretary, organization=world.org_a, name=" 第一党小组 ")
    assert "已有" in caught.value.message_dict["name"][0]
    assert PartyGroup.objects.count() == 1


def test_another_secretary_cannot_see_or_change_our_groups(world, secretary, other_secretary, members_a, as_user):
    group = services.party_group_create(by=secretary, organization=world.org_a, name="第一党小组")
    client = as_user(other_secretary)
    assert client.get(reverse("party_life:partygroup_update", args=[group.pk])).status_code == 404
    assert client.get(reverse("party_life:partygroup_create", args=[world.org_a.pk])).status_code == 404
    assert "第一党小组" not in client.get(reverse("party_life:partygroup_list")).content.decode()
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.party_group_update(by=other_secretary, group=group, name="改名")
