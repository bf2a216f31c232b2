"""Permission-matrix rows for the organisational-life and dues pages (see tests/test_permission_matrix.py)."""

from decimal import Decimal

from django.utils import timezone

from party_life.choices import MeetingKind
from party_life.models import DuesPayment, Meeting, MeetingPhoto, PartyGroup
from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A, only
from tests.scoring.factories import make_person

COUNTY_PAGE = only({"county_admin": 200}, default=403)


def member_args(world):
    return [make_person(world.org_a_child, "矩阵党员").pk]


def meeting_args(world):
    meeting = Meeting.objects.create(
        party_organization=world.org_a_child,
        kind=MeetingKind.THEME_DAY,
        held_on=timezone.localdate(),
        place="活动室",
        topic="主题党日",
    )
    return [meeting.pk]


def payment_args(world):
    person = make_person(world.org_a_child, "矩阵党员")
    payment = DuesPayment.objects.create(
        person=person,
        party_organization=world.org_a_child,
        month=timezone.localdate().replace(day=1),
        amount=Decimal("15.00"),
        paid_on=timezone.localdate(),
    )
    return [payment.pk]


def photo_args(world):
    from django.core.files.base import ContentFile

    photo = MeetingPhoto(meeting_id=meeting_args(world)[0])
    photo.image.save("matrix.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    photo.save()
    return [photo.pk]


def group_args(world):
    return [PartyGroup.objects.create(party_organization=world.org_a_child, name="矩阵党小组").pk]


ROWS: dict = {
    "party_life:index": (None, ALL_STAFF, "page"),
    "party_life:meeting_list": (None, ALL_STAFF, "page"),
    "party_life:meeting_start": (None, CAN_ADD, "page"),
    "party_life:meeting_create": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "party_life:meeting_detail": (meeting_args, ORG_A, "page"),
    "party_life:meeting_update": (meeting_args, ORG_A, "page"),
    "party_life:compliance": (None, ALL_STAFF, "page"),
    "party_life:point_rules": (None, COUNTY_PAGE, "page"),
    "party_life:member_dues": (None, ALL_STAFF, "page"),
    "party_life:duesbase_set": (member_args, ORG_A, "page"),
    "party_life:duespayment_create": (member_args, ORG_A, "page"),
    "party_life:duespayment_list": (None, ALL_STAFF, "page"),
    "party_life:lapsed": (None, ALL_STAFF, "page"),
    "party_life:dues_flows": (None, ALL_STAFF, "page"),
    "party_life:partygroup_list": (None, ALL_STAFF, "page"),
    "party_life:meetingphoto_file": (photo_args, ORG_A, "page"),
    "party_life:partygroup_create": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "party_life:partygroup_update": (group_args, ORG_A, "page"),
    "party_life:duesremittance_create": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "party_life:duesrefund_create": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "party_life:duesremittance_list": (None, ALL_STAFF, "page"),
    "party_life:duesrefund_list": (None, ALL_STAFF, "page"),
    "api:partylife-meeting-list": (None, ALL_STAFF, "api"),
    "api:partylife-meeting-detail": (meeting_args, ORG_A, "api"),
    "api:partylife-duespayment-list": (None, ALL_STAFF, "api"),
    "api:partylife-duespayment-detail": (payment_args, ORG_A, "api"),
}

POST_ONLY = {
    "party_life:duespayment_reverse",
    "party_life:duesremittance_reverse",
    "party_life:duesrefund_reverse",
    "party_life:meetingphoto_add",
    "party_life:meetingphoto_remove",
}
