"""Writes and rules of Party dues (党费): the yearly base and rate by the official bands, and the payments
ledger, append-only (a mistake is undone by a reversal line, as in the work-funds ledger)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core.models import User
from members.models import Person
from party_life.choices import EMPLOYED_BANDS, FIXED_CATEGORIES, FIXED_MONTHLY, RETIRED_BANDS, DuesCategory
from party_life.models import DuesBase, DuesPayment
from scoring.services.stars import MEMBER_STAGES

CENT = Decimal("0.01")


def _money(value, field: str, label: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"请填写有效的{label}。"}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: f"{label}不能为负数。"})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: f"{label}最多保留两位小数（分）。"})
    return amount


def dues_rate(*, category: str, monthly_income: Decimal | None) -> tuple[Decimal, Decimal]:
    """(rate, monthly amount) by the official bands; the amount is rounded to the fen (half up)."""
    if category in FIXED_CATEGORIES:
        return Decimal("0"), FIXED_MONTHLY
    if category not in (DuesCategory.EMPLOYED, DuesCategory.RETIRED):
        raise ValidationError({"category": "请选择人员类别。"})
    if monthly_income is None:
        raise ValidationError({"monthly_income": "在职和离退休党员请填写月税后工资收入。"})
    income = _money(monthly_income, "monthly_income", "月税后工资收入")
    bands = EMPLOYED_BANDS if category == DuesCategory.EMPLOYED else RETIRED_BANDS
    rate = next(rate for bound, rate in bands if bound is None or income <= bound)
    amount = (income * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    # A tiny pay still owes something: never less than the fixed small amount.
    return rate, max(amount, FIXED_MONTHLY)


def _require_member(by: User, person: Person) -> None:
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError("该党员不在您的管理范围内。")
    if person.stage not in MEMBER_STAGES:
        raise ValidationError(f"{person.name}不是党员（含预备党员），不缴纳党费。")


@transaction.atomic
def dues_base_set(
    *, by: User, person: Person, year: int, category: str, monthly_income: Decimal | None = None
) -> DuesBase:
    """Set (or reset) a member's dues base for a year; the rate and monthly amount follow from the bands."""
    _require_member(by, person)
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise ValidationError({"year": "年度不正确。"})
    if category in FIXED_CATEGORIES:
        monthly_income = None
    rate, amount = dues_rate(category=category, monthly_income=monthly_income)
    base = DuesBase.objects.select_for_update().filter(person=person, year=year).first() or DuesBase(
        person=person, year=year
    )
    base.category, base.monthly_income, base.rate, base.monthly_amount, base.set_by = (
        category,
        monthly_income,
        rate,
        amount,
        by,
    )
    base.full_clean()
    base._history_user = by
    base.save()
    return base


def month_paid(*, person: Person, month: date) -> Decimal:
    return DuesPayment.objects.filter(person=person, month=month).aggregate(s=Sum("amount"))["s"] or Decimal("0")


@transaction.atomic
def dues_payment_record(
    *, by: User, person: Person, month: date, months: int = 1, paid_on: date | None = None, amount=None, note: str = ""
) -> list[DuesPayment]:
    """Record a member's dues for ``months`` months from ``month``: one ledger line per month.

    The amount per month is the year's base unless given; a month already paid is refused.
    """
    _require_member(by, person)
    today = timezone.localdate()
    paid_on = paid_on or today
    if paid_on > today:
        raise ValidationError({"paid_on": "缴纳日期不能晚于今天。"})
    if not 1 <= int(months) <= 12:
        raise ValidationError({"months": "一次最多缴纳 12 个月。"})
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    first = month.replace(day=1)
    targets = []
    for offset in range(int(months)):
        index = first.month - 1 + offset
        targets.append(date(first.year + index // 12, index % 12 + 1, 1))
    bases = dict(DuesBase.objects.filter(person=person).values_list("year", "monthly_amount"))
    paid = set(
        DuesPayment.objects.filter(person=person, month__in=targets)
        .values("month")
        .annotate(net=Sum("amount"))
        .filter(net__gt=0)
        .values_list("month", flat=True)
    )
    lines = []
    for target in targets:
        if target in paid:
            raise ValidationError({"month": f"{person.name}{target:%Y年%m月}的党费已缴纳；如有差错请先冲销原记录。"})
        value = amount if amount not in (None, "") else bases.get(target.year)
        if value is None:
            raise ValidationError({"month": f"请先核定{person.name}{target.year}年的党费基数。"})
        value = _money(value, "amount", "金额")
        if value <= 0:
            raise ValidationError({"amount": "金额必须大于零。"})
        line = DuesPayment(
            person=person,
            party_organization_id=person.party_organization_id,
            month=target,
            amount=value,
            paid_on=paid_on,
            note=(note or "").strip()[:200],
            created_by=by,
        )
        line.full_clean(exclude=["created_by"])
        lines.append(line)
    return DuesPayment.objects.bulk_create(lines)


@transaction.atomic
def dues_payment_reverse(*, by: User, payment: DuesPayment, reason: str) -> DuesPayment:
    """Undo a ledger line by appending its reversal (with the reason); a line is reversed at most once."""
    if not DuesPayment.objects.editable_by(by).filter(pk=payment.pk).exists():
        raise ValidationError("该党费记录不在您的管理范围内。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写冲销原因。"})
    payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.reverses_id is not None:
        raise ValidationError("冲销记录不能再冲销。")
    if DuesPayment.objects.filter(reverses=payment).exists():
        raise ValidationError("该党费记录已冲销。")
    reversal = DuesPayment(
        person_id=payment.person_id,
        party_organization_id=payment.party_organization_id,
        month=payment.month,
        amount=-payment.amount,
        paid_on=timezone.localdate(),
        note=f"冲销：{reason}"[:200],
        reverses=payment,
        created_by=by,
    )
    reversal.full_clean(exclude=["created_by"])
    reversal.save()
    return reversal
