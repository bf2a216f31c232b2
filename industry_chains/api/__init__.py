"""api of the industry-chains area, one module per part; ROUTES is registered by config/api.py."""

ROUTES: list = []
