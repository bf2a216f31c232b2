"""Settings for the test suite: real PostgreSQL and Redis from the environment (scripts/test.sh)."""

import dj_database_url

from .base import *  # noqa: F403
from .base import STORAGES, env_required

DATABASES = {"default": dj_database_url.parse(env_required("DATABASE_URL"))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Every test comes from 127.0.0.1: the notice board's limit is tested where it is set low on purpose.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "notice_board": "100000/minute"},
}
