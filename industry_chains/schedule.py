"""Beat entries of the industry-chains area, merged into config/celery.py (times are Asia/Shanghai)."""

BEAT_SCHEDULE: dict = {}
