"""Permission-matrix rows for the members certification pages and endpoints (see tests/test_permission_matrix.py).

Each builder hangs its certificate off org A's branch (area A): the county admin, area A's reviewer and org A's
secretary see it; only the county admin acts on it (others in scope get a 403, outside scope a 404).
"""

from datetime import date

from core.models import User
from members.choices import CertLevel, Gender, Stage
from members.models import Certificate, Person
from members.services import certification as services
from members.validators import id_check_char
from tests.permissions import ALL_STAFF, ORG_A, only

COUNTY_ONLY = only({"county_admin": 200, "area_reviewer": 403, "secretary": 403})
COUNTY_PAGE = only({"county_admin": 200}, default=403)


def person_a(world, name: str = "张红领", serial: str = "0001") -> Person:
    first17 = f"37083019850101{serial[-3:]}"
    return Person.objects.create(
        name=name,
        gender=Gender.MALE if int(first17[16]) % 2 else Gender.FEMALE,
        birth_date=date(1985, 1, 1),
        id_number=first17 + id_check_char(first17),
        party_organization=world.org_a_child,
        stage=Stage.FULL,
    )


def certificate_a(world) -> Certificate:
    return Certificate.objects.create(
        person=person_a(world),
        level=CertLevel.JUNIOR,
        serial="HL2025TESTAAAA",
        token="matrix-token-a",
        issued_on=date(2025, 1, 1),
        review_due_on=date(2027, 1, 1),
        annual_score=85,
    )


def batch_job(world) -> str:
    """A finished batch job of the county admin (alice)."""
    user = User.objects.get(username="alice")
    certificate_a(world)
    job_id = services.certificate_batch_start(by=user, level=CertLevel.JUNIOR)
    services.certificate_batch_render(job_id=job_id)
    return job_id


ROWS: dict = {
    "members:certificate_list": (None, ALL_STAFF, "page"),
    "members:certificate_create": (None, COUNTY_PAGE, "page"),
    "members:certificate_detail": (lambda w: [certificate_a(w).pk], ORG_A, "page"),
    "members:certificate_pdf": (lambda w: [certificate_a(w).pk], ORG_A, "page"),
    "members:certificate_promote": (lambda w: [certificate_a(w).pk], COUNTY_ONLY, "page"),
    "members:certificate_demote": (lambda w: [certificate_a(w).pk], COUNTY_ONLY, "page"),
    "members:certificate_revoke": (lambda w: [certificate_a(w).pk], COUNTY_ONLY, "page"),
    # Batch jobs belong to the user who started them.
    "members:certificate_batch_detail": (lambda w: [batch_job(w)], only({"county_admin": 200}), "page"),
    "members:certificate_batch_download": (lambda w: [batch_job(w)], only({"county_admin": 200}), "page"),
    # The 证书核验 box without a code: just the form.
    "members:certificate_lookup": (None, ALL_STAFF, "public"),
    "members:certificate_verify": (lambda w: [certificate_a(w).token], None, "public"),
    "api:certificate-list": (None, ALL_STAFF, "api"),
    "api:certificate-detail": (lambda w: [certificate_a(w).pk], ORG_A, "api"),
}

POST_ONLY = {"members:certificate_batch_start"}
