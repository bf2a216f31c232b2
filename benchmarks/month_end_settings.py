"""Settings of the portal that bench_month_end.py serves with gunicorn: the test settings (PostgreSQL, Redis and
the media folder from the environment), with what production does that the load depends on."""

from config.settings.base import REST_FRAMEWORK as BASE_REST_FRAMEWORK
from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, REST_FRAMEWORK

# Persistent connections, as production's DATABASE_CONN_MAX_AGE (60) gives.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Production's rate limits for the public pages: every public visitor comes through the proxy with an address of
# their own (AXES_PROXY_COUNT=1 in the environment, X-Forwarded-For), as behind the county's nginx.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": BASE_REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
# Static files are not part of the load; no look-up of every request's path in the app folders.
WHITENOISE_AUTOREFRESH = False
