"""API endpoints of the members area: certification."""

# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = []
