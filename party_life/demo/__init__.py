"""demo of the organisational-life area; load_demo calls ``load`` (safe to run twice)."""

from party_life.demo import dues, meetings


def load(*, admin, stdout) -> None:
    """Meetings first (the six-month list reads both), then dues."""
    silent = meetings.load(admin=admin, stdout=stdout)
    dues.load(admin=admin, stdout=stdout, silent=silent)
