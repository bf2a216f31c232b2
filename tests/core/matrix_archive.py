"""Permission-matrix rows for the whole-county export (see tests/test_permission_matrix.py).

Only the county admin starts an export; a job belongs to the user who started it, so everybody else gets a 404
on its pages (whatever their role).
"""

from core import archive
from core.models import User
from tests.permissions import only

COUNTY_PAGE = only({"county_admin": 200}, default=403)
OWNER_ONLY = only({"county_admin": 200})


def finished_job(world) -> str:
    """A finished export of the county admin (alice)."""
    job_id = archive.archive_start(by=User.objects.get(username="alice"))
    archive.archive_build(job_id=job_id)
    return job_id


ROWS: dict = {
    "core:archive_start": (None, COUNTY_PAGE, "page"),
    "core:archive_job_detail": (lambda w: [finished_job(w)], OWNER_ONLY, "page"),
    "core:archive_job_status": (lambda w: [finished_job(w)], OWNER_ONLY, "page"),
    "core:archive_job_download": (lambda w: [finished_job(w)], OWNER_ONLY, "page"),
}
