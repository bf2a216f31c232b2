"""Request middleware of the portal: a page read while PostgreSQL restarts is answered, not a 500; an account
signed in with a one-time password changes it first; where no beat runs, the day's state-moving jobs still run."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
# Pages an account with a one-time password may still open: changing it, and leaving.
_ALLOWED = ("password_change", "password_change_done", "logout")


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


class PasswordChangeRequiredMiddleware:
    """An account signed in with a one-time password is sent to change it before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # Nobody is signed in. Reading the user would open the session, and the response would then say it
            # varies by cookie: a public page or PDF could not be shared by a cache (docs/nginx/public-pdfs.conf).
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in _ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/api/")):
                messages.info(request, "这是初始密码，请先设置您自己的新密码。")
                return redirect("password_change")
        return self.get_response(request)


class CatchUpJobsMiddleware:
    """The embedded default runs no beat: the first request of each day runs the scheduled jobs that move states by
    the date (``CATCH_UP_JOBS``: postings whose period ended close and their scorecards become final, last month
    closes, last quarter is selected), so no page shows a state its dates contradict. Each job is safe to run
    twice; the cache's atomic ``add`` lets one request a day do it, in every process."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        today = timezone.localdate()
        if cache.add(f"catch-up-jobs:{today.isoformat()}", True, timeout=2 * 24 * 3600):
            for path in getattr(settings, "CATCH_UP_JOBS", ()):
                try:
                    import_string(path)()
                except Exception:
                    logger.exception("catch-up job %s failed; it runs again tomorrow", path)
        return self.get_response(request)
