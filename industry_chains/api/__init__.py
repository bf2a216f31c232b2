"""api of the industry-chains area, one module per part; ROUTES is registered by config/api.py."""

from industry_chains.api import committees, service, tickets

ROUTES: list = [*committees.ROUTES, *tickets.ROUTES, *service.ROUTES]
