"""Permission-matrix rows for the generated work report (see tests/test_permission_matrix.py).

County staff and area reviewers generate reports; a report belongs to the user who started it, so everybody
else gets a 404 on its pages (whatever their role).
"""

from core import reports
from core.models import User
from tests.permissions import only

REPORTERS = only({"county_admin": 200, "area_reviewer": 200}, default=403)
OWNER_ONLY = only({"county_admin": 200})


def finished_report(world) -> str:
    """A finished report of the county admin (alice)."""
    job_id = reports.report_start(by=User.objects.get(username="alice"))
    reports.work_report_build(job_id=job_id)
    return job_id


ROWS: dict = {
    "core:report_start": (None, REPORTERS, "page"),
    "core:report_job_detail": (lambda w: [finished_report(w)], OWNER_ONLY, "page"),
    "core:report_job_status": (lambda w: [finished_report(w)], OWNER_ONLY, "page"),
    "core:report_job_download": (lambda w: [finished_report(w), "xlsx"], OWNER_ONLY, "page"),
}
