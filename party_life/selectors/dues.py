"""Reads of Party dues and membership in good standing: arrears per member, what each organisation collected,
and the members with six consecutive months without dues or without organisational life (Constitution art. 9:
listed for the secretary and the reviewer, never acted on automatically)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from party_life.choices import TAKES_PART
from party_life.models import Attendance, DuesBase, DuesPayment, DuesRefund, DuesRemittance
from scoring.services.stars import MEMBER_STAGES

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
LAPSE_MONTHS = 6


def months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def due_months(year: int, today: date) -> int:
    """Months of the year whose dues are due by now: every month of a past year, the ended months of this one."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def with_dues(people, *, year: int):
    """Members annotated with the year's monthly amount, the net paid and the months paid (each a subquery)."""
    base = DuesBase.objects.filter(person=OuterRef("pk"), year=year)
    payments = DuesPayment.objects.filter(person=OuterRef("pk"), month__year=year).values("person")
    paid = payments.annotate(total=Sum("amount")).values("total")
    paid_months = payments.filter(amount__gt=0, reversal__isnull=True).annotate(n=Count("pk")).values("n")
    return people.filter(stage__in=MEMBER_STAGES).annotate(
        monthly_amount=Subquery(base.values("monthly_amount")[:1]),
        dues_category=Subquery(base.values("category")[:1]),
        paid_total=Coalesce(Subquery(paid, output_field=DecimalField(max_digits=12, decimal_places=2)), ZERO),
        paid_months=Coalesce(Subquery(paid_months, output_field=IntegerField()), Value(0)),
    )


def arrears(person, *, year: int, today: date) -> tuple[int, Decimal | None]:
    """(months unpaid, amount owed) for a member annotated by ``with_dues``; the amount is None without a base."""
    unpaid = max(due_months(year, today) - person.paid_months, 0)
    if person.monthly_amount is None:
        return unpaid, None
    return unpaid, max(person.monthly_amount * due_months(year, today) - person.paid_total, Decimal("0"))


def lapse_window(today: date) -> tuple[date, date]:
    """The six ended months before this one: [start, end)."""
    end = today.replace(day=1)
    return months_back(end, LAPSE_MONTHS), end


def lapsed_members(people, *, today: date):
    """Members of at least six months' standing who in each of the last six ended months paid no dues, or took
    no part in organisational life (neither present nor on leave with a reason); annotated with which."""
    start, end = lapse_window(today)
    took_part = Attendance.objects.filter(
        person=OuterRef("pk"), status__in=TAKES_PART, meeting__held_on__gte=start, meeting__held_on__lt=end
    )
    paid = DuesPayment.objects.filter(
        person=OuterRef("pk"), month__gte=start, month__lt=end, amount__gt=0, reversal__isnull=True
    )
    since = Q(admitted_on__lte=start) | Q(admitted_on__isnull=True, full_on__lte=start)
    return (
        people.filter(stage__in=MEMBER_STAGES)
        .filter(since)
        .annotate(no_life=~Exists(took_part), no_dues=~Exists(paid))
        .filter(Q(no_life=True) | Q(no_dues=True))
    )


MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum(queryset, group: str):
    """A correlated SUM(amount) of ``queryset`` grouped by ``group`` (0 when there is none)."""
    total = queryset.values(group).annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), ZERO)


def with_dues_flows(organizations, *, year: int):
    """Organisations annotated with the year's dues (by 所属月份) collected from their members, passed up to them by
    the organisations below, passed up by them, the balance they hold, and the dues refunded to them (net of
    reversals): one query with four subqueries, whatever the number of rows."""
    org = OuterRef("pk")
    refunds = (
        DuesRefund.objects.filter(party_organization=org, year=year, fund_entry__reversal__isnull=True)
        .values("party_organization")
        .annotate(total=Sum("fund_entry__amount"))
        .values("total")
    )
    return organizations.annotate(
        dues_collected=_sum(DuesPayment.objects.filter(party_organization=org, month__year=year), "party_organization"),
        dues_received=_sum(DuesRemittance.objects.filter(recipient=org, month__year=year), "recipient"),
        dues_remitted=_sum(
            DuesRemittance.objects.filter(party_organization=org, month__year=year), "party_organization"
        ),
        dues_refunded=Coalesce(Subquery(refunds, output_field=MONEY), ZERO),
    ).annotate(dues_balance=F("dues_collected") + F("dues_received") - F("dues_remitted"))
