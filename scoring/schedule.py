"""Beat entries of the scoring area, merged into config/celery.py (times are Asia/Shanghai)."""

BEAT_SCHEDULE: dict = {}
