"""Permission-matrix rows for 党建惠企 (see tests/test_permission_matrix.py): everyone reads; departments keep
handlers and policies, county staff and chain staff keep experts, visits and results (others: 403)."""

from tests.permissions import ALL_STAFF, only

DEPARTMENT_KEEPERS = only({"county_admin": 200, "dept_handler": 200}, default=403)
CHAIN_KEEPERS = only({"county_admin": 200, "chain_staff": 200}, default=403)

ROWS: dict = {
    "industry_chains:departmenthandler_list": (None, ALL_STAFF, "page"),
    "industry_chains:departmenthandler_create": (None, DEPARTMENT_KEEPERS, "page"),
    "industry_chains:expert_list": (None, ALL_STAFF, "page"),
    "industry_chains:expert_create": (None, CHAIN_KEEPERS, "page"),
    "industry_chains:expertvisit_list": (None, ALL_STAFF, "page"),
    "industry_chains:expertvisit_create": (None, CHAIN_KEEPERS, "page"),
    "industry_chains:policy_list": (None, ALL_STAFF, "page"),
    "industry_chains:policy_create": (None, DEPARTMENT_KEEPERS, "page"),
    "industry_chains:enterpriseresult_list": (None, ALL_STAFF, "page"),
    "industry_chains:enterpriseresult_create": (None, CHAIN_KEEPERS, "page"),
}
