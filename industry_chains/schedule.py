"""Beat entries of the industry-chains area, merged into config/celery.py (times are Asia/Shanghai)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # 00:20 every day: tickets whose deadline was yesterday or earlier go under supervision (督办).
    "industry-chains-supervise-overdue": {
        "task": "industry_chains.supervise_overdue_tickets",
        "schedule": crontab(hour=0, minute=20),
    },
    # 08:30 every day: lead departments hear about tickets due within the reminder window.
    "industry-chains-remind-due": {
        "task": "industry_chains.remind_due_tickets",
        "schedule": crontab(hour=8, minute=30),
    },
}
