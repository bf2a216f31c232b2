"""Permission-matrix rows for the members people pages and endpoints (see tests/test_permission_matrix.py)."""

from datetime import date

from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A


def person_a(world):
    """A person in org A's branch (an activist), once per test."""
    if not hasattr(world, "person_a"):
        from members.models import Person
        from members.validators import id_check_char

        first17 = "370830199001011231"[:17]
        world.person_a = Person.objects.create(
            name="甲积极分子",
            gender="M",
            birth_date=date(1990, 1, 1),
            id_number=first17 + id_check_char(first17),
            party_organization=world.org_a_child,
            stage="activist",
            applied_on=date(2022, 1, 1),
            activist_on=date(2022, 6, 1),
        )
    return world.person_a


def _pk(world):
    return [person_a(world).pk]


ROWS = {
    "members:person_list": (None, ALL_STAFF, "page"),
    "members:person_create": (None, CAN_ADD, "page"),
    "members:person_due": (None, ALL_STAFF, "page"),
    "members:talent_report": (None, ALL_STAFF, "page"),
    "members:person_detail": (_pk, ORG_A, "page"),
    "members:person_update": (_pk, ORG_A, "page"),
    "members:person_advance": (_pk, ORG_A, "page"),
    "api:person-list": (None, ALL_STAFF, "api"),
    "api:person-detail": (_pk, ORG_A, "api"),
}

POST_ONLY = {"members:person_extend_probation", "members:person_talent_add"}
