"""Beat entries of the members area, merged into config/celery.py (times are Asia/Shanghai)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # 08:00 every day: probation ending this month, certificates due for review within a month. Each
    # reminder carries a key per month, so only the first run of a month reaches anyone.
    "members-reminders": {
        "task": "members.tasks.reminders_send",
        "schedule": crontab(hour=8, minute=0),
    },
}
