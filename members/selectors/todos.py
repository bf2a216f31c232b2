"""What the members area has waiting for a user (see core.todos)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from members.choices import CertStatus, NominationStep, SelectionKind, SelectionStatus
from members.models import Certificate, Nomination, Person
from members.selectors.people import activists_reaching_one_year, probation_ending
from members.services.reminders import REVIEW_NOTICE_DAYS


def certificates_due_for_review(certificates, *, today):
    """Valid 红领党务 certificates reaching their two-year review within the notice window (the to-do and the
    certificate list's ``review_due`` filter)."""
    return certificates.filter(
        status=CertStatus.VALID, review_due_on__range=(today, today + timedelta(days=REVIEW_NOTICE_DAYS))
    )


def todos(user) -> list[Todo]:
    """Probation ending and activists reaching a year (secretaries and area staff), selection steps by
    role and campaign, certificates due for review (county staff); each opens the list of exactly what it counts.
    A fixed handful of queries."""
    today = timezone.localdate()
    items: list[Todo] = []
    if user.role in {Role.ORG_SECRETARY, Role.AREA_REVIEWER} or user.is_county_admin:
        people = Person.objects.visible_to(user)
        due = people.aggregate(
            probation=Count("pk", filter=Q(pk__in=probation_ending(people, today=today).values("pk"))),
            one_year=Count("pk", filter=Q(pk__in=activists_reaching_one_year(people, today=today).values("pk"))),
        )
        url = reverse("members:person_list")
        items += [
            Todo("本月预备期满、待讨论转正的预备党员", due["probation"], f"{url}?due=probation", urgent=True),
            Todo("本月培养满一年、可确定为发展对象的入党积极分子", due["one_year"], f"{url}?due=one_year"),
        ]
    step = {
        Role.ORG_SECRETARY: (NominationStep.APPLIED, "待本党组织推荐的头雁评选申请"),
        Role.AREA_REVIEWER: (NominationStep.RECOMMENDED, "待街镇/园区审核的头雁评选推荐"),
    }.get(user.role)
    if user.is_county_admin:
        step = (NominationStep.REVIEWED, "待县级评定的头雁评选人选")
    if step is not None:
        # One to-do per open campaign: each opens that campaign's nominations at the step.
        waiting = (
            Nomination.objects.visible_to(user)
            .filter(step=step[0], campaign__status=SelectionStatus.OPEN)
            .order_by()
            .values("campaign", "campaign__year", "campaign__kind")
            .annotate(count=Count("pk"))
            .order_by("campaign__year", "campaign")
        )
        kinds = dict(SelectionKind.choices)
        items += [
            Todo(
                f"{step[1]}（{row['campaign__year']}年{kinds.get(row['campaign__kind'], '')}）",
                row["count"],
                reverse("members:selectioncampaign_detail", args=[row["campaign"]]) + f"?step={step[0]}",
            )
            for row in waiting
        ]
    if user.is_county_admin:
        reviews = certificates_due_for_review(Certificate.objects.visible_to(user), today=today).count()
        items.append(
            Todo(
                f"{REVIEW_NOTICE_DAYS} 天内到两年动态调整期的红领党务证书",
                reviews,
                reverse("members:certificate_list") + "?review_due=true",
            )
        )
    return items


def _probation_discussed(user, keys: list[str]) -> set[str]:
    """``probation-ending:YYYY-MM:org<id>``: settled once none of the organisation's members whose probation ends
    that month is still probationary."""
    settled = set()
    for key in keys:
        _prefix, month, org = key.split(":")
        first = date.fromisoformat(f"{month}-01")
        people = Person.objects.visible_to(user).filter(party_organization_id=int(org.removeprefix("org")))
        if not probation_ending(people, today=first).exists():
            settled.add(key)
    return settled


def _certificates_reviewed(user, keys: list[str]) -> set[str]:
    """``certificate-review:YYYY-MM``: settled when no certificate is due for review any more."""
    today = timezone.localdate()
    waiting = certificates_due_for_review(Certificate.objects.visible_to(user), today=today).exists()
    return set() if waiting else set(keys)


SETTLED = {"probation-ending:": _probation_discussed, "certificate-review:": _certificates_reviewed}
