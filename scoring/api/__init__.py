"""api of the scoring area, one module per part; ROUTES is registered by config/api.py."""

ROUTES: list = []
