"""Permission-matrix rows for 督办考核: every staff member sees the figures of their own scope."""

from tests.permissions import ALL_STAFF

ROWS: dict = {"industry_chains:assessment": (None, ALL_STAFF, "page")}
