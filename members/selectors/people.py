"""Reads of people: who is due, counts by stage per area, and the 双向培养 report."""

from __future__ import annotations

import calendar
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from members.choices import Post, Stage
from members.models import Person, TalentRecord
from members.services.people import add_years

# Management and technical staff, by post or by an explicit talent tag.
TALENT = Q(post__in=[Post.MANAGEMENT, Post.TECHNICAL]) | Q(is_management_talent=True) | Q(is_technical_talent=True)


def month_bounds(day: date, *, months_ahead: int = 0) -> tuple[date, date]:
    """The first and last day of the month ``months_ahead`` after ``day``'s month."""
    month_index = day.year * 12 + day.month - 1 + months_ahead
    year, month = divmod(month_index, 12)
    first = date(year, month + 1, 1)
    return first, first.replace(day=calendar.monthrange(year, month + 1)[1])


def probation_ending(people: QuerySet[Person], *, today: date, months_ahead: int = 0) -> QuerySet[Person]:
    """Probationary members whose probation ends in this month (0) or the next (1)."""
    first, last = month_bounds(today, months_ahead=months_ahead)
    return people.filter(stage=Stage.PROBATIONARY, probation_ends_on__range=(first, last))


def activists_reaching_one_year(people: QuerySet[Person], *, today: date) -> QuerySet[Person]:
    """Activists whose first year of training ends this month: they may be made 发展对象 then."""
    first, last = month_bounds(today)
    return people.filter(stage=Stage.ACTIVIST, activist_on__range=(add_years(first, -1), add_years(last, -1)))


def due_lists(people: QuerySet[Person], *, today: date) -> dict[str, QuerySet[Person]]:
    related = people.select_related("party_organization", "party_organization__area")
    return {
        "probation_this_month": probation_ending(related, today=today).order_by("probation_ends_on", "name"),
        "probation_next_month": probation_ending(related, today=today, months_ahead=1).order_by(
            "probation_ends_on", "name"
        ),
        "activists_one_year": activists_reaching_one_year(related, today=today).order_by("activist_on", "name"),
    }


def _stage_counts() -> dict:
    return {stage: Count("pk", filter=Q(stage=stage)) for stage in Stage.values}


def stage_counts_by_area(people: QuerySet[Person]) -> list[dict]:
    """One row per area with a count per stage and a total, in one GROUP BY."""
    return list(
        people.order_by()
        .values("party_organization__area_id", "party_organization__area__name", "party_organization__area__sort_order")
        .annotate(total=Count("pk"), **_stage_counts())
        .order_by("party_organization__area__sort_order", "party_organization__area__name")
    )


def _as_of_today(end: date | None) -> bool:
    return end is None or end >= timezone.localdate()


def in_training_at(end: date | None = None) -> Q:
    """入党积极分子 (incl. 发展对象) at the end of a period: made an activist by then and not yet admitted as a
    probationary member; with no end (or one not yet passed) those at that stage today."""
    if _as_of_today(end):
        return Q(stage__in=[Stage.ACTIVIST, Stage.CANDIDATE])
    return Q(activist_on__lte=end) & (Q(admitted_on__isnull=True) | Q(admitted_on__gt=end))


def candidate_at(end: date | None = None) -> Q:
    """发展对象 at the end of a period (today when it has none or ends later)."""
    if _as_of_today(end):
        return Q(stage=Stage.CANDIDATE)
    return Q(candidate_on__lte=end) & (Q(admitted_on__isnull=True) | Q(admitted_on__gt=end))


def probationary_at(end: date | None = None) -> Q:
    """预备党员 at the end of a period (today when it has none or ends later)."""
    if _as_of_today(end):
        return Q(stage=Stage.PROBATIONARY)
    return Q(admitted_on__lte=end) & (Q(full_on__isnull=True) | Q(full_on__gt=end))


def admitted_within(start: date | None = None, end: date | None = None) -> Q:
    """Admitted as a probationary member (发展党员: the branch meeting's date) inside the period."""
    condition = Q(admitted_on__isnull=False)
    if start is not None:
        condition &= Q(admitted_on__gte=start)
    if end is not None:
        condition &= Q(admitted_on__lte=end)
    return condition


def two_way_aggregates(*, start: date | None = None, end: date | None = None) -> dict:
    """The figures of 双向培养 as aggregate expressions (both directions), for a period (all time when none)."""
    members = Q(stage__in=[Stage.PROBATIONARY, Stage.FULL])
    return {
        "talent": Count("pk", filter=TALENT),
        # Backbones grown into members: activists in training at the period's end and members admitted in it.
        "activists": Count("pk", filter=TALENT & in_training_at(end)),
        "candidates": Count("pk", filter=TALENT & candidate_at(end)),
        "new_members": Count("pk", filter=TALENT & admitted_within(start, end)),
        # Members grown into backbones: members in the talent pool with contest results or honours.
        "members_in_pool": Count("pk", filter=TALENT & members),
        "members_with_records": Count("pk", filter=TALENT & members & Q(has_records=True)),
    }


def two_way_report(people: QuerySet[Person], *, start: date | None = None, end: date | None = None) -> dict:
    """The 双向培养 report for a period (all time when none): totals and one row per area, two queries in all."""
    annotated = people.order_by().alias(has_records=Exists(TalentRecord.objects.filter(person=OuterRef("pk"))))
    aggregates = two_way_aggregates(start=start, end=end)
    totals = annotated.aggregate(**aggregates)
    rows = list(
        annotated.values("party_organization__area__name", "party_organization__area__sort_order")
        .annotate(**aggregates)
        .order_by("party_organization__area__sort_order", "party_organization__area__name")
    )
    return {"totals": totals, "rows": rows}
