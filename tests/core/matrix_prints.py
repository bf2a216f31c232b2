"""Permission-matrix rows for a list printed in the background (see tests/test_permission_matrix.py).

A printing job belongs to the user who clicked 打印: everybody else gets a 404 on its pages, whatever their role.
"""

from django.test import RequestFactory
from django.urls import reverse

from core import prints
from core.models import User
from tests.permissions import only

OWNER_ONLY = only({"county_admin": 200})


def finished_print(world) -> str:
    """The party organisation list printed by the county admin (alice)."""
    request = RequestFactory().get(reverse("organizations:partyorganization_list"), {"format": "pdf"})
    request.user = User.objects.get(username="alice")
    job_id = prints.print_start(request=request, title="党组织", total=5)
    prints.list_print_build(job_id=job_id)
    return job_id


ROWS: dict = {
    "core:print_job_detail": (lambda w: [finished_print(w)], OWNER_ONLY, "page"),
    "core:print_job_status": (lambda w: [finished_print(w)], OWNER_ONLY, "page"),
    "core:print_job_download": (lambda w: [finished_print(w)], OWNER_ONLY, "page"),
}
