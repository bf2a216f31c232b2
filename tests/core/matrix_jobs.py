"""Permission-matrix rows for the background jobs page (see tests/test_permission_matrix.py).

Everybody signed in sees their own jobs there (county staff also the scheduled closes); re-running is a POST,
tried in tests/core/test_jobs.py.
"""

from tests.permissions import ALL_STAFF

ROWS: dict = {
    "core:job_list": (None, ALL_STAFF, "page"),
}
POST_ONLY = ["core:job_rerun"]
