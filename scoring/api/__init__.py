"""api of the scoring area, one module per part; ROUTES is registered by config/api.py."""

from scoring.api import results, stars

ROUTES: list = [*stars.ROUTES, *results.ROUTES]
