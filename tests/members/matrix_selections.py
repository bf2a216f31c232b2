"""Permission-matrix rows for the members selections pages and endpoints (see tests/test_permission_matrix.py)."""

from datetime import date

from tests.factories import make_entity
from tests.permissions import ALL_STAFF, ORG_A

_serial = iter(range(1, 10**6))


def make_person(org, name: str = "王书记"):
    """A Person with a valid, unique 身份证号 (born 1980-01-01, male: an odd sequence number)."""
    from members.models import Person
    from members.validators import id_check_char

    first17 = f"37083019800101{(2 * next(_serial) + 1) % 1000:03d}"
    return Person.objects.create(
        name=name,
        gender="M",
        birth_date=date(1980, 1, 1),
        id_number=first17 + id_check_char(first17),
        party_organization=org,
    )


def campaign(world, kind="secretary"):
    from members.models import SelectionCampaign

    key = f"campaign_{kind}"
    if not hasattr(world, key):
        setattr(world, key, SelectionCampaign.objects.create(kind=kind, year=2024, quota=2))
    return getattr(world, key)


def nomination_a(world):
    """A secretary nomination from org A's branch (area A)."""
    if not hasattr(world, "nomination_a"):
        from members.models import Nomination

        person = make_person(world.org_a_child)
        world.nomination_a = Nomination.objects.create(
            campaign=campaign(world),
            person=person,
            party_organization=world.org_a_child,
            area=world.area_a,
            statement="事迹",
        )
    return world.nomination_a


def studio_a(world):
    from members.models import Studio

    nomination = nomination_a(world)
    nomination.step = "selected"
    nomination.save()
    return Studio.objects.create(name="甲书记工作室", nomination=nomination, founded_on=date(2024, 12, 1))


def entrepreneur_a(world):
    from members.models import Entrepreneur

    if not hasattr(world, "entrepreneur_a"):
        entity = make_entity(world.area_a, "甲企业", org=world.org_a_child)
        world.entrepreneur_a = Entrepreneur.objects.create(name="甲老板", entity=entity)
    return world.entrepreneur_a


ROWS = {
    "members:selectioncampaign_list": (None, ALL_STAFF, "page"),
    "members:selectioncampaign_detail": (lambda w: [campaign(w).pk], ALL_STAFF, "page"),
    "members:selectioncampaign_winners": (lambda w: [campaign(w).pk], ALL_STAFF, "page"),
    "members:nomination_create": (lambda w: [campaign(w).pk], ALL_STAFF, "page"),
    "members:nomination_detail": (lambda w: [nomination_a(w).pk], ORG_A, "page"),
    "members:studio_list": (None, ALL_STAFF, "page"),
    "members:entrepreneur_list": (None, ALL_STAFF, "page"),
    "members:entrepreneur_detail": (lambda w: [entrepreneur_a(w).pk], ORG_A, "page"),
    "api:selectioncampaign-list": (None, ALL_STAFF, "api"),
    "api:selectioncampaign-detail": (lambda w: [campaign(w).pk], ALL_STAFF, "api"),
    "api:nomination-list": (None, ALL_STAFF, "api"),
    "api:nomination-detail": (lambda w: [nomination_a(w).pk], ORG_A, "api"),
    "api:studio-list": (None, ALL_STAFF, "api"),
    "api:studio-detail": (lambda w: [studio_a(w).pk], ALL_STAFF, "api"),
    "api:entrepreneur-list": (None, ALL_STAFF, "api"),
    "api:entrepreneur-detail": (lambda w: [entrepreneur_a(w).pk], ORG_A, "api"),
}

POST_ONLY = {
    "members:selectioncampaign_create",
    "members:selectioncampaign_close",
    "members:nomination_recommend",
    "members:nomination_review",
    "members:nomination_evaluate",
    "members:nomination_return",
    "members:studio_create",
    "members:entrepreneur_training_add",
    "members:entrepreneur_honour_add",
    "members:entrepreneur_association_add",
}
