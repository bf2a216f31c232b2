"""Permission-matrix rows for the accounts import's password slips: the county admin's own job only."""

from core.choices import ImportStatus
from core.models import ImportJob
from tests.permissions import only


def accounts_job(world) -> ImportJob:
    owner = ImportJob.objects.get(original_name="a.xlsx").created_by
    job = ImportJob.objects.create(
        resource_key="accounts",
        original_name="b.xlsx",
        file="imports/b.xlsx",
        created_by=owner,
        status=ImportStatus.DONE,
    )
    return job


ROWS = {
    # The slips are kept a day in the cache: past that (as here) the owner is sent back to the job page.
    "core:import_job_slips": (lambda w: [accounts_job(w).pk], only({"county_admin": 302}), "page"),
}
