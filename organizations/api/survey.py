"""API endpoints of the organisations area: survey."""

# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = []
