"""The embedded default: SQLite and in-process tasks unless the environment names real services.

Static files are served straight from the apps (no collectstatic step, no compression pass).
"""

import warnings

from .base import *  # noqa: F403
from .base import MIDDLEWARE, STORAGES

# Serve static files straight from the apps as well, so a forgotten collectstatic never breaks a page.
WHITENOISE_USE_FINDERS = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Static files come from the finders here; WhiteNoise's note that STATIC_ROOT does not exist is noise.
warnings.filterwarnings("ignore", message="No directory at: ")

# The demo county (load_demo) is modelled on 汶上县.
COUNTY_NAME = env("COUNTY_NAME", "汶上县")

# No beat here: the first request of each day runs the jobs that move states by the date (core.middleware).
CATCH_UP_JOBS = [
    "scoring.tasks.postings_close_ended",
    "scoring.tasks.month_close_previous",
    "scoring.tasks.quarter_select_previous",
]
MIDDLEWARE = [*MIDDLEWARE[:-1], "core.middleware.CatchUpJobsMiddleware", MIDDLEWARE[-1]]  # axes stays last
