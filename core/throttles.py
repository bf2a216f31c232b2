"""Rate limits per client address for the pages anyone may open without signing in."""

import math
from functools import wraps

from axes.helpers import get_client_ip_address
from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class AddressRateThrottle(SimpleRateThrottle):
    """DRF's cache-backed rate limit, keyed by the client address as django-axes resolves it.

    DRF's own ``get_ident`` trusts any X-Forwarded-For unless NUM_PROXIES is set; axes follows the
    project's AXES_PROXY_COUNT, so a visitor cannot pose as a new address on every request. The rate is
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], else ``default_rate``.
    """

    scope = ""
    default_rate = "60/minute"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": get_client_ip_address(request) or "unknown"}

    def retry_after(self) -> int:
        """Seconds until the address may ask again."""
        return math.ceil(self.wait() or 60)


class NoticeBoardThrottle(AddressRateThrottle):
    """The public notice board: its list, each posting and each posting's PDF."""

    scope = "notice_board"


def throttled(throttle_class: type[AddressRateThrottle]):
    """A view decorator: past the address's limit, a 429 page saying how long to wait (and Retry-After)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                seconds = throttle.retry_after()
                response = render(request, "429.html", {"seconds": seconds}, status=429)
                response["Retry-After"] = str(seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
