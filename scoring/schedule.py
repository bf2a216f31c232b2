"""Beat entries of the scoring area, merged into config/celery.py (times are Asia/Shanghai)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # 01:00 on the 1st of every month: lock last month, compute totals, select its star members.
    "scoring-month-close": {
        "task": "scoring.tasks.month_close_previous",
        "schedule": crontab(minute=0, hour=1, day_of_month=1),
    },
    # 01:30 on the 1st of January, April, July and October: last quarter's selection (after the month close).
    "scoring-quarter-select": {
        "task": "scoring.tasks.quarter_select_previous",
        "schedule": crontab(minute=30, hour=1, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # 02:00 every day: close postings whose working-day period has ended.
    "scoring-postings-close": {
        "task": "scoring.tasks.postings_close_ended",
        "schedule": crontab(minute=0, hour=2),
    },
    # 08:30 every day: tell the staff of postings whose period ends by the next working day.
    "scoring-remind-postings-ending": {
        "task": "scoring.tasks.remind_postings_ending",
        "schedule": crontab(minute=30, hour=8),
    },
    # 09:00 on the 25th: remind secretaries whose members have no points this month yet.
    "scoring-remind-monthly-entries": {
        "task": "scoring.tasks.remind_missing_monthly_entries",
        "schedule": crontab(minute=0, hour=9, day_of_month=25),
    },
    # 09:00 on the 20th of the quarter's last month: remind secretaries of missing scorecards.
    "scoring-remind-scorecards": {
        "task": "scoring.tasks.remind_missing_scorecards",
        "schedule": crontab(minute=0, hour=9, day_of_month=20, month_of_year="3,6,9,12"),
    },
}
