"""What the members area has waiting for a user (see core.todos)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from members.choices import CertStatus, NominationStep, SelectionStatus, Stage
from members.models import Certificate, Nomination, Person
from members.selectors.people import add_years, month_bounds
from members.services.reminders import REVIEW_NOTICE_DAYS


def todos(user) -> list[Todo]:
    """Probation ending and activists reaching a year (secretaries and area staff), selection steps by
    role, certificates due for review (county staff). A fixed handful of queries."""
    today = timezone.localdate()
    first, last = month_bounds(today)
    items: list[Todo] = []
    if user.role in {Role.ORG_SECRETARY, Role.AREA_REVIEWER} or user.is_county_admin:
        due = Person.objects.visible_to(user).aggregate(
            probation=Count("pk", filter=Q(stage=Stage.PROBATIONARY, probation_ends_on__range=(first, last))),
            one_year=Count(
                "pk",
                filter=Q(stage=Stage.ACTIVIST, activist_on__range=(add_years(first, -1), add_years(last, -1))),
            ),
        )
        url = reverse("members:person_due")
        items += [
            Todo("本月预备期满、待讨论转正的预备党员", due["probation"], url, urgent=True),
            Todo("本月培养满一年、可确定为发展对象的入党积极分子", due["one_year"], url),
        ]
    step = {
        Role.ORG_SECRETARY: (NominationStep.APPLIED, "待本党组织推荐的头雁评选申请"),
        Role.AREA_REVIEWER: (NominationStep.RECOMMENDED, "待街镇/园区审核的头雁评选推荐"),
    }.get(user.role)
    if user.is_county_admin:
        step = (NominationStep.REVIEWED, "待县级评定的头雁评选人选")
    if step is not None:
        waiting = (
            Nomination.objects.visible_to(user).filter(step=step[0], campaign__status=SelectionStatus.OPEN).count()
        )
        items.append(Todo(step[1], waiting, reverse("members:selectioncampaign_list")))
    if user.is_county_admin:
        reviews = Certificate.objects.filter(
            status=CertStatus.VALID, review_due_on__range=(today, today + timedelta(days=REVIEW_NOTICE_DAYS))
        ).count()
        items.append(
            Todo(
                f"{REVIEW_NOTICE_DAYS} 天内到两年动态调整期的红领党务证书", reviews, reverse("members:certificate_list")
            )
        )
    return items
