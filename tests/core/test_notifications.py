"""The in-app inbox: notify() with and without a key, the unread count, reading, and privacy."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notification
from core.notifications import notification_mark_read, notify, unread_count


def test_notify_puts_one_entry_in_each_inbox(county_admin, secretary, other_secretary):
    created = notify(recipients=[secretary, other_secretary], kind="points", title="十月积分未录入", url="/scoring/")
    assert created == 2
    assert unread_count(secretary) == 1
    assert unread_count(other_secretary) == 1
    assert unread_count(county_admin) == 0


def test_a_keyed_notification_reaches_each_recipient_once_however_often_the_job_runs(secretary, other_secretary):
    assert notify(recipients=[secretary], kind="points", title="十月积分未录入", key="points:2026-10") == 1
    assert (
        notify(recipients=[secretary, other_secretary], kind="points", title="十月积分未录入", key="points:2026-10")
        == 1
    )
    assert (
        notify(recipients=[secretary, other_secretary], kind="points", title="十月积分未录入", key="points:2026-10")
        == 0
    )
    assert Notification.objects.filter(key="points:2026-10").count() == 2


def test_unkeyed_notifications_are_not_deduplicated(secretary):
    notify(recipients=[secretary], kind="msg", title="通知")
    notify(recipients=[secretary], kind="msg", title="通知")
    assert unread_count(secretary) == 2


def test_notify_costs_the_same_queries_for_many_recipients(django_assert_num_queries, world):
    from tests.factories import UserFactory

    users = [UserFactory(username=f"u{i}", role="county_admin") for i in range(30)]
    with django_assert_num_queries(2):  # which already have the key, one bulk insert
        notify(recipients=users, kind="x", title="t", key="k")


def test_email_is_off_by_default_and_sent_when_enabled(settings, secretary, django_capture_on_commit_callbacks):
    secretary.email = "charlie@example.com"
    secretary.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[secretary], kind="x", title="默认不发邮件")
    assert mail.outbox == []
    settings.NOTIFICATION_EMAIL_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[secretary], kind="x", title="开启后发邮件", url="/scoring/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[红色引擎] 开启后发邮件"
    assert "/scoring/" in mail.outbox[0].body


def test_the_header_shows_the_unread_count_and_the_inbox_lists_only_own_entries(secretary, other_secretary, as_user):
    notify(recipients=[secretary], kind="x", title="甲的通知")
    notify(recipients=[other_secretary], kind="x", title="乙的通知")
    page = as_user(secretary).get(reverse("core:notification_list")).content.decode()
    assert "甲的通知" in page
    assert "乙的通知" not in page
    assert 'aria-label="未读 1 条"' in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(secretary, as_user):
    notify(recipients=[secretary], kind="x", title="去看看", url=reverse("members:index"))
    notification = Notification.objects.get()
    response = as_user(secretary).post(reverse("core:notification_read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:index")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_in_a_notification_is_not_followed(secretary, as_user):
    notify(recipients=[secretary], kind="x", title="外链", url="https://evil.example/")
    notification = Notification.objects.get()
    response = as_user(secretary).post(reverse("core:notification_read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == reverse("core:notification_list")


def test_someone_elses_notification_is_a_404_and_stays_unread(secretary, other_secretary, as_user):
    notify(recipients=[other_secretary], kind="x", title="乙的通知")
    notification = Notification.objects.get()
    assert as_user(secretary).post(reverse("core:notification_read", args=[notification.pk])).status_code == 404
    assert as_user(secretary).post(reverse("api:notification-read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_only_own_notifications(secretary, other_secretary, as_user):
    notify(recipients=[secretary, other_secretary], kind="x", title="全体")
    notify(recipients=[secretary], kind="x", title="第二条")
    as_user(secretary).post(reverse("core:notification_read_all"))
    assert unread_count(secretary) == 0
    assert unread_count(other_secretary) == 1
    assert notification_mark_read(user=other_secretary) == 1


def test_the_api_lists_own_unread_notifications_and_marks_them_read(secretary, other_secretary, as_user):
    notify(recipients=[secretary], kind="x", title="一")
    notify(recipients=[secretary], kind="x", title="二")
    notify(recipients=[other_secretary], kind="x", title="别人的")
    client = as_user(secretary)
    data = client.get(reverse("api:notification-list"), {"unread": "true"}).json()
    assert sorted(item["title"] for item in data["results"]) == ["一", "二"]
    first = data["results"][0]["id"]
    assert client.post(reverse("api:notification-read", args=[first])).json()["unread"] is False
    assert client.post(reverse("api:notification-read-all")).json() == {"marked": 1}
    assert client.get(reverse("api:notification-list"), {"unread": "true"}).json()["count"] == 0


@pytest.mark.parametrize("name", ["core:notification_read_all"])
def test_inbox_actions_refuse_get(name, secretary, as_user):
    assert as_user(secretary).get(reverse(name)).status_code == 405
