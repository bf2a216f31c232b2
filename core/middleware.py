"""A page read while PostgreSQL restarts (or fails over) is answered, not a 500."""

import logging

from django.db import connection

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})


class RetryReadOnLostDatabaseMiddleware:
    """A GET or HEAD that failed because its database connection died mid-request is tried once more on a fresh
    connection. ``CONN_HEALTH_CHECKS`` covers a connection that died between requests; this covers the request in
    flight. Writes are never repeated: a POST that lost its connection was rolled back and says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500 and request.method in SAFE_METHODS and _connection_lost():
            logger.warning("database connection lost during %s %s: trying once more", request.method, request.path)
            connection.close()
            response = self.get_response(request)
        return response


def _connection_lost() -> bool:
    return connection.connection is not None and not connection.is_usable()
