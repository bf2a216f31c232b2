"""Writes and rules of Party dues (党费): the yearly base and rate by the official bands, the payments ledger and
the 上缴 ledger, append-only (a mistake is undone by a reversal line, as in the work-funds ledger), and refunded
dues, which enter the work-funds ledger through its own service."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core.models import User
from members.models import Person
from organizations.choices import FundSource
from organizations.models import PartyOrganization
from organizations.services.support import fund_entry_reverse, fund_income_record
from party_life.choices import EMPLOYED_BANDS, FIXED_CATEGORIES, FIXED_MONTHLY, RETIRED_BANDS, DuesCategory
from party_life.models import DuesBase, DuesPayment, DuesRefund, DuesRemittance
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


# --- dues passed up (上缴) and refunded (返还) ------------------------------------------------------


def remittance_held(*, organization: PartyOrganization, month: date) -> Decimal:
    """What an organisation holds of a month's dues: collected from its members and passed up to it by the
    organisations below, less what it passed up itself (every amount net of reversals)."""
    collected = DuesPayment.objects.filter(party_organization=organization, month=month).aggregate(s=Sum("amount"))
    received = DuesRemittance.objects.filter(recipient=organization, month=month).aggregate(s=Sum("amount"))
    passed = DuesRemittance.objects.filter(party_organization=organization, month=month).aggregate(s=Sum("amount"))
    return (collected["s"] or 0) + (received["s"] or 0) - (passed["s"] or 0)


@transaction.atomic
def dues_remittance_record(
    *,
    by: User,
    organization: PartyOrganization,
    month: date,
    amount,
    remitted_on: date | None = None,
    note: str = "",
) -> DuesRemittance:
    """Record dues an organisation passed up to its parent (the county at the top) for a month: never more than it
    holds of that month's dues."""
    if not PartyOrganization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise ValidationError({"organization": "该党组织不在您的管理范围内。"})
    today = timezone.localdate()
    remitted_on = remitted_on or today
    if remitted_on > today:
        raise ValidationError({"remitted_on": "上缴日期不能晚于今天。"})
    month = month.replace(day=1)
    if month > today:
        raise ValidationError({"month": "所属月份不能晚于本月。"})
    amount = _money(amount, "amount", "金额")
    if amount <= 0:
        raise ValidationError({"amount": "金额必须大于零。"})
    # One writer at a time per organisation: two records at once cannot both pass the balance check.
    list(PartyOrganization.objects.select_for_update().filter(pk=organization.pk).values_list("pk", flat=True))
    held = remittance_held(organization=organization, month=month)
    if amount > held:
        raise ValidationError(
            {"amount": f"{organization.name}{month:%Y年%m月}的党费结存 {held:.2f} 元，上缴不能超过结存。"}
        )
    line = DuesRemittance(
        party_organization=organization,
        recipient=PartyOrganization.objects.get_parent(organization),
        month=month,
        amount=amount,
        remitted_on=remitted_on,
        note=(note or "").strip()[:200],
        created_by=by,
    )
    line.full_clean(exclude=["created_by"])
    line.save()
    return line


@transaction.atomic
def dues_remittance_reverse(*, by: User, remittance: DuesRemittance, reason: str) -> DuesRemittance:
    """Undo a 上缴 line by appending its reversal (with the reason); a line is reversed at most once, and not when
    the recipient has already passed the money further up."""
    if not DuesRemittance.objects.editable_by(by).filter(pk=remittance.pk).exists():
        raise ValidationError("该上缴记录不在您的管理范围内。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写冲销原因。"})
    remittance = DuesRemittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.reverses_id is not None:
        raise ValidationError("冲销记录不能再冲销。")
    if DuesRemittance.objects.filter(reverses=remittance).exists():
        raise ValidationError("该上缴记录已冲销。")
    if remittance.recipient_id is not None:
        recipient = PartyOrganization.objects.select_for_update().get(pk=remittance.recipient_id)
        held = remittance_held(organization=recipient, month=remittance.month)
        if held < remittance.amount:
            raise ValidationError(f"{recipient.name}已将该月党费继续上缴，请先冲销其上缴记录。")
    reversal = DuesRemittance(
        party_organization_id=remittance.party_organization_id,
        recipient_id=remittance.recipient_id,
        month=remittance.month,
        amount=-remittance.amount,
        remitted_on=timezone.localdate(),
        note=f"冲销：{reason}"[:200],
        reverses=remittance,
        created_by=by,
    )
    reversal.full_clean(exclude=["created_by"])
    reversal.save()
    return reversal


@transaction.atomic
def dues_refund_record(
    *, by: User, organization: PartyOrganization, year: int, amount, received_on: date, note: str = ""
) -> DuesRefund:
    """Record dues refunded to an organisation: the money enters its work-funds ledger as 党费返还 through the
    funds service (which checks the amount, the date and the scope, and later restricts its use)."""
    if not 2000 <= int(year) <= timezone.localdate().year:
        raise ValidationError({"year": "年度不正确。"})
    entry = fund_income_record(
        by=by,
        organization=organization,
        source=FundSource.REFUNDED_DUES,
        amount=amount,
        occurred_on=received_on,
        note=(f"返还{year}年党费" + (f"：{note.strip()}" if (note or "").strip() else ""))[:200],
    )
    refund = DuesRefund(party_organization=organization, year=year, fund_entry=entry, created_by=by)
    refund.full_clean(exclude=["created_by", "fund_entry"])
    refund.save()
    return refund


@transaction.atomic
def dues_refund_reverse(*, by: User, refund: DuesRefund, reason: str):
    """Undo a refund: its funds-ledger line is reversed by the funds service (refused when the refunded money has
    been spent), so the refund and the ledger never disagree."""
    if not DuesRefund.objects.editable_by(by).filter(pk=refund.pk).exists():
        raise ValidationError("该返还党费记录不在您的管理范围内。")
    return fund_entry_reverse(by=by, entry=refund.fund_entry, reason=reason)
