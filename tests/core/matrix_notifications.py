"""Permission-matrix rows for the inbox: everyone has one; a notification is seen by its recipient only."""

from core.models import Notification, User
from tests.permissions import ALL_STAFF, only


def alices_notification(world) -> list[int]:
    alice = User.objects.get(username="alice")
    return [Notification.objects.create(recipient=alice, kind="test", title="待办").pk]


ROWS = {
    "core:notification_list": (None, ALL_STAFF, "page"),
    "api:notification-list": (None, ALL_STAFF, "api"),
    "api:notification-detail": (alices_notification, only({"county_admin": 200}), "api"),
}
POST_ONLY = {
    "core:notification_read",
    "core:notification_read_all",
    "api:notification-read",
    "api:notification-read-all",
}
