"""API endpoints of the organisations area: entities."""

# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = []
