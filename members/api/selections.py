"""API endpoints of the members area: selections."""

# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = []
