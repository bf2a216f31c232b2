"""The one Celery app; the beat schedule lives here, in code."""

import os

from celery import Celery
from celery.schedules import crontab

from industry_chains.schedule import BEAT_SCHEDULE as INDUSTRY_CHAIN_BEAT
from members.schedule import BEAT_SCHEDULE as MEMBERS_BEAT
from scoring.schedule import BEAT_SCHEDULE as SCORING_BEAT

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("red_engine")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # 03:30 every day (Asia/Shanghai): drop finished import jobs, report and export jobs and their files after a
    # week (the scheduled closes stay listed).
    "purge-old-import-jobs": {
        "task": "core.tasks.import_jobs_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every minute: re-send background jobs the broker did not take, requeue those whose worker died.
    "sweep-jobs": {
        "task": "core.tasks.jobs_sweep",
        "schedule": crontab(),
    },
    # 09:00 on the 1st and 15th of December: ask county staff for next year's holiday schedule while unknown
    # (once per year and person: the notification's key).
    "remind-holiday-schedule": {
        "task": "core.tasks.holiday_schedule_remind",
        "schedule": crontab(hour=9, minute=0, day_of_month="1,15", month_of_year=12),
    },
    **MEMBERS_BEAT,
    **SCORING_BEAT,
    **INDUSTRY_CHAIN_BEAT,
}
