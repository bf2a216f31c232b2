"""Reminders of the members area, sent through the in-app inbox: probation ending, certificates due for review."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse

from core.choices import Role
from core.models import User
from core.notifications import notify
from members.choices import CertStatus
from members.models import Certificate, Person
from members.selectors.people import probation_ending
from organizations.models import PartyOrganization

REVIEW_NOTICE_DAYS = 30  # county staff hear of a certificate's two-year review a month ahead


def _secretaries_by_org(org_ids: list[int]) -> dict[int, list[User]]:
    """Each organisation's secretaries: accounts bound to it or to an organisation above it."""
    paths = dict(PartyOrganization.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    step = PartyOrganization.steplen
    prefixes = {path[:end] for path in paths.values() for end in range(step, len(path) + 1, step)}
    secretaries = list(
        User.objects.filter(
            is_active=True, role=Role.ORG_SECRETARY, party_organization__path__in=prefixes
        ).select_related("party_organization")
    )
    return {
        org_id: [user for user in secretaries if path.startswith(user.party_organization.path)]
        for org_id, path in paths.items()
    }


def probation_reminders_send(*, today: date) -> int:
    """Tell secretaries how many of their probationary members' probation ends this month (once a month)."""
    due = (
        probation_ending(Person.objects.all(), today=today)
        .values("party_organization")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["party_organization"]: row["count"] for row in due}
    if not counts:
        return 0
    sent = 0
    url = reverse("members:person_due")
    for org_id, secretaries in _secretaries_by_org(list(counts)).items():
        sent += notify(
            recipients=secretaries,
            kind="probation_ending",
            title=f"{today.year}年{today.month}月有 {counts[org_id]} 名预备党员预备期满，请按期讨论转正",
            url=url,
            key=f"probation-ending:{today:%Y-%m}:org{org_id}",
        )
    return sent


def certificate_review_reminders_send(*, today: date) -> int:
    """Tell county staff which 红领党务 certificates reach their two-year review within a month (once each)."""
    due = Certificate.objects.filter(
        status=CertStatus.VALID, review_due_on__range=(today, today + timedelta(days=REVIEW_NOTICE_DAYS))
    )
    total = due.count()
    if not total:
        return 0
    staff = User.objects.filter(is_active=True, role=Role.COUNTY_ADMIN)
    first = due.order_by("review_due_on").values_list("review_due_on", flat=True).first()
    return notify(
        recipients=staff,
        kind="certificate_review",
        title=f"{total} 本红领党务证书将在 {REVIEW_NOTICE_DAYS} 天内到两年动态调整期（最早 {first:%Y-%m-%d}）",
        url=reverse("members:certificate_list"),
        key=f"certificate-review:{today:%Y-%m}",
    )


def reminders_send(*, today: date) -> int:
    """Every reminder of the members area; safe to run any number of times a month."""
    return probation_reminders_send(today=today) + certificate_review_reminders_send(today=today)
