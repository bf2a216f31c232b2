"""In-app notifications: the one way the areas' reminders reach a user (and, if enabled, their email).

A notification is read when its recipient opens it (``notification_read`` marks it and goes to its page) or when
the work it asked for is done: ``notifications_settle`` asks each area which of the user's unread notifications
(by their ``key``) no longer wait for anything, and marks those read. Each area's ``selectors/todos.py`` says so in
its ``SETTLED``: key prefix → ``function(user, keys) -> keys settled``; core's own (the holiday schedule) is here.
"""

import importlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from core.models import Notification, User
from core.todos import SOURCES as AREAS


def notify(*, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = "", key: str = "") -> int:
    """Put a notification in each recipient's inbox; with a ``key``, each recipient gets it only once.

    Returns how many inbox entries are new. Three queries whatever the number of recipients.
    """
    users = {user.pk: user for user in recipients if user is not None}
    if not users:
        return 0
    if key:
        already = set(
            Notification.objects.filter(recipient_id__in=users, key=key).values_list("recipient_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk not in already}
    new = [
        Notification(recipient_id=pk, kind=kind, title=title[:200], body=body, url=url[:300], key=key) for pk in users
    ]
    # ignore_conflicts: a concurrent run that got there first wins; the unique constraint keeps one entry.
    Notification.objects.bulk_create(new, ignore_conflicts=bool(key))
    if settings.NOTIFICATION_EMAIL_ENABLED:
        addresses = [user.email for user in users.values() if user.email]
        if addresses:
            link = f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url
            text = "\n\n".join(part for part in (body, link) if part)
            messages = [(f"[红色引擎] {title}", text, None, [address]) for address in addresses]
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(new)


def notification_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or, without ``pk``, all of them) as read; returns how many."""
    unread = Notification.objects.visible_to(user).unread()
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    """How many unread notifications the user has (shown in the page header)."""
    return Notification.objects.visible_to(user).unread().count()


def _holiday_schedules_entered(user: User, keys: list[str]) -> set[str]:
    from core.workdays import calendar_covers

    return {key for key in keys if calendar_covers(int(key.rsplit(":", 1)[1]))}


def _settlers() -> dict[str, Callable[[User, list[str]], set[str]]]:
    settlers = {"holiday-schedule:": _holiday_schedules_entered}
    for name in AREAS:
        settlers.update(getattr(importlib.import_module(name), "SETTLED", {}))
    return settlers


def notifications_settle(*, user: User) -> int:
    """Mark read the user's unread notifications whose work is done (the points entered, the ticket accepted, the
    posting over); returns how many. One query when nothing is unread, a few more per kind that is."""
    unread = list(Notification.objects.visible_to(user).unread().exclude(key="").values_list("pk", "key"))
    if not unread:
        return 0
    settled: set[str] = set()
    for prefix, settle in _settlers().items():
        keys = [key for _pk, key in unread if key.startswith(prefix)]
        if keys:
            settled |= settle(user, keys)
    done = [pk for pk, key in unread if key in settled]
    if not done:
        return 0
    return Notification.objects.filter(pk__in=done, read_at__isnull=True).update(read_at=timezone.now())
