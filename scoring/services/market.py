"""Writes and rules of the 积分超市: reward items, redemptions and their reversal.

A redemption debits the member's balance and the item's stock in one transaction, each through a
conditional UPDATE (``… WHERE balance >= price``), so concurrent redemptions can never overdraw either;
the database's CHECK constraints are the last line.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.models import User
from members.models import Person
from scoring.choices import LedgerKind, RedemptionStatus
from scoring.models import LedgerEntry, PointAccount, Redemption, RewardItem
from scoring.services.stars import MEMBER_STAGES

COUNTY_ONLY = "积分超市的商品由县委社会工作部维护，您没有权限。"


def reward_item_save(
    *, by: User, item: RewardItem | None = None, name: str, price: int, stock: int, is_active: bool = True
) -> RewardItem:
    """Add or change a reward item (county staff)."""
    if not by.is_county_admin:
        raise ValidationError(COUNTY_ONLY)
    item = item or RewardItem()
    item.name, item.price, item.stock, item.is_active = name.strip(), price, stock, is_active
    if price is None or price <= 0:
        raise ValidationError({"price": "所需积分应为正整数。"})
    if stock is None or stock < 0:
        raise ValidationError({"stock": "库存不能为负数。"})
    item.full_clean()
    item.save()
    return item


def balance_of(person: Person) -> int:
    return PointAccount.objects.filter(person=person).values_list("balance", flat=True).first() or 0


@transaction.atomic
def redemption_create(*, by: User, person: Person, item: RewardItem, quantity: int = 1) -> Redemption:
    """Redeem points for an item: balance and stock go down together, or neither does."""
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError({"person": "该党员不在您的管理范围内。"})
    if person.stage not in MEMBER_STAGES:
        raise ValidationError({"person": f"{person.name}不是党员，没有积分账户。"})
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": "兑换数量应为正整数。"})
    if not item.is_active:
        raise ValidationError({"item": f"“{item.name}”已下架。"})
    points = item.price * quantity
    # The account first, then the item: every redemption takes the two row locks in the same order.
    if not PointAccount.objects.filter(person=person, balance__gte=points).update(balance=F("balance") - points):
        raise ValidationError(
            {"quantity": f"积分余额不足：{person.name}当前余额 {balance_of(person)} 分，本次兑换需 {points} 分。"}
        )
    if not RewardItem.objects.filter(pk=item.pk, stock__gte=quantity).update(stock=F("stock") - quantity):
        stock = RewardItem.objects.filter(pk=item.pk).values_list("stock", flat=True).first() or 0
        # Raising inside the transaction also undoes the balance debit above.
        raise ValidationError({"quantity": f"库存不足：“{item.name}”剩余 {stock} 件，本次兑换 {quantity} 件。"})
    redemption = Redemption.objects.create(person=person, item=item, quantity=quantity, points=points, created_by=by)
    LedgerEntry.objects.create(
        person=person,
        kind=LedgerKind.REDEEM,
        amount=-points,
        redemption=redemption,
        note=f"兑换“{item.name}”×{quantity}",
    )
    return redemption


@transaction.atomic
def redemption_reverse(*, by: User, redemption: Redemption, reason: str) -> Redemption:
    """Undo a redemption: points and stock come back, once."""
    if not Redemption.objects.editable_by(by).filter(pk=redemption.pk).exists():
        raise ValidationError("该兑换记录不在您的管理范围内。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写冲销原因。"})
    done = Redemption.objects.filter(pk=redemption.pk, status=RedemptionStatus.DONE).update(
        status=RedemptionStatus.REVERSED, reverse_reason=reason[:200], reversed_at=timezone.now()
    )
    if not done:
        raise ValidationError("该兑换已冲销。")
    PointAccount.objects.filter(person_id=redemption.person_id).update(balance=F("balance") + redemption.points)
    RewardItem.objects.filter(pk=redemption.item_id).update(stock=F("stock") + redemption.quantity)
    LedgerEntry.objects.create(
        person_id=redemption.person_id,
        kind=LedgerKind.REFUND,
        amount=redemption.points,
        redemption=redemption,
        note=f"冲销兑换：{reason}"[:200],
    )
    redemption.refresh_from_db()
    return redemption
