"""Permission-matrix rows for the entity and coverage pages and endpoints (see tests/test_permission_matrix.py)."""

from datetime import date

from tests.factories import make_entity
from tests.permissions import ALL_STAFF, ORG_A, only

# Entities are registered by county staff and the area's own reviewer; others are refused (403).
REGISTRARS = only({"county_admin": 200, "area_reviewer": 200}, default=403)


def entity_a(world):
    """An entity in area A covered by org A's branch, once per test."""
    if not hasattr(world, "entity_a"):
        world.entity_a = make_entity(world.area_a, "甲公司", org=world.org_a_child, members=5)
    return world.entity_a


def mass_org_a(world):
    from organizations.models import MassOrganization

    return MassOrganization.objects.create(entity=entity_a(world), kind="union", name="甲公司工会")


def instructor_a(world):
    from organizations.models import Instructor, InstructorAssignment

    instructor = Instructor.objects.create(name="甲指导员", area=world.area_a)
    InstructorAssignment.objects.create(instructor=instructor, entity=entity_a(world), started_on=date(2024, 1, 1))
    return instructor


ROWS = {
    "organizations:coverage": (None, ALL_STAFF, "page"),
    "organizations:entity_list": (None, ALL_STAFF, "page"),
    "organizations:should_have_list": (None, ALL_STAFF, "page"),
    "organizations:entity_create": (None, REGISTRARS, "page"),
    "organizations:entity_detail": (lambda w: [entity_a(w).pk], ORG_A, "page"),
    "organizations:entity_update": (lambda w: [entity_a(w).pk], ORG_A, "page"),
    "organizations:massorganization_list": (None, ALL_STAFF, "page"),
    "organizations:instructor_list": (None, ALL_STAFF, "page"),
    "organizations:instructor_create": (None, REGISTRARS, "page"),
    "api:entity-list": (None, ALL_STAFF, "api"),
    "api:entity-detail": (lambda w: [entity_a(w).pk], ORG_A, "api"),
    "api:massorganization-list": (None, ALL_STAFF, "api"),
    "api:massorganization-detail": (lambda w: [mass_org_a(w).pk], ORG_A, "api"),
    "api:instructor-list": (None, ALL_STAFF, "api"),
    "api:instructor-detail": (lambda w: [instructor_a(w).pk], ORG_A, "api"),
    "api:coverage-list": (None, ALL_STAFF, "api"),
}

POST_ONLY = {
    "organizations:entity_cover",
    "organizations:entity_mass_org_add",
    "organizations:entity_instructor_assign",
    "organizations:instructor_assignment_end",
}
