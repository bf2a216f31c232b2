"""API endpoints of the members area: people."""

# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = []
