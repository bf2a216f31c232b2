"""api of the organisational-life area; ROUTES is registered by config/api.py."""

from party_life.api import views

ROUTES: list = views.ROUTES
