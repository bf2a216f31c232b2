"""Permission-matrix rows for the accounts import's password slips: the county admin's own job only."""

from core.choices import ImportStatus, Role
from core.models import ImportJob, User
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


def target_account(world) -> list[int]:
    account, _ = User.objects.get_or_create(
        username="matrix_target",
        defaults={"name": "被管理账号", "role": Role.ORG_SECRETARY, "party_organization": world.org_a},
    )
    return [account.pk]


COUNTY_ONLY = only({"county_admin": 200}, default=403)
ROWS.update(
    {
        # 用户管理 is the county's: everyone else is refused outright (nothing to find or not find).
        "core:account_list": (None, COUNTY_ONLY, "page"),
        "core:account_detail": (target_account, COUNTY_ONLY, "page"),
        "core:account_reset": (target_account, COUNTY_ONLY, "page"),
        "core:account_deactivate": (target_account, COUNTY_ONLY, "page"),
        "core:account_activate": (target_account, COUNTY_ONLY, "page"),
        # The new password is shown once, from the session of who reset it: without it, back to the account.
        "core:account_reset_done": (target_account, only({"county_admin": 302}, default=403), "page"),
    }
)

# 上线检查: the county's own preparation list.
ROWS["core:golive"] = (None, COUNTY_ONLY, "page")
