"""Demo dues: a base for every member for last year and this one (by the official bands), and a year of
payments; most members are paid up, some owe a few months, the members who took part in nothing paid nothing
for over six months (listed, as the Constitution requires), and a few payments were reversed and paid again."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from members.models import Person
from party_life.choices import DuesCategory
from party_life.demo.meetings import months_until
from party_life.models import DuesBase, DuesPayment
from party_life.services import dues as services
from scoring.services.stars import MEMBER_STAGES

CATEGORIES = [
    (DuesCategory.EMPLOYED, 0.82),
    (DuesCategory.RETIRED, 0.08),
    (DuesCategory.STUDENT, 0.04),
    (DuesCategory.UNEMPLOYED, 0.03),
    (DuesCategory.SUBSISTENCE, 0.03),
]


def _category(rng) -> str:
    roll, total = rng.random(), 0.0
    for category, share in CATEGORIES:
        total += share
        if roll < total:
            return category
    return DuesCategory.EMPLOYED


def load(*, admin, stdout, silent: set[int]) -> None:
    rng = random.Random(2026_1203)  # noqa: S311 - a fixed seed makes the demo reproducible
    today = timezone.localdate()
    if DuesPayment.objects.exists():
        stdout.write(f"党费：已有 {DuesPayment.objects.count()} 笔记录，跳过。")
        return
    people = list(
        Person.objects.filter(stage__in=MEMBER_STAGES).order_by("pk").values_list("pk", "party_organization_id")
    )
    bases = []
    amounts: dict[tuple[int, int], Decimal] = {}
    for pk, _org in people:
        category = _category(rng)
        income = None
        if category == DuesCategory.EMPLOYED:
            income = Decimal(rng.choice([2800, 3000, 3600, 4500, 5000, 6200, 7800, 9500, 10000, 12800, 16000]))
        elif category == DuesCategory.RETIRED:
            income = Decimal(rng.choice([3200, 4800, 5000, 5600, 7000]))
        for year in (today.year - 1, today.year):
            rate, amount = services.dues_rate(category=category, monthly_income=income)
            bases.append(
                DuesBase(
                    person_id=pk,
                    year=year,
                    category=category,
                    monthly_income=income,
                    rate=rate,
                    monthly_amount=amount,
                    set_by=admin,
                )
            )
            amounts[(pk, year)] = amount
    DuesBase.objects.bulk_create(bases, batch_size=5000, ignore_conflicts=True)
    months = months_until(today)[:-1]  # the ended months
    payments = []
    for pk, org_id in people:
        if pk in silent:
            continue
        owing = rng.choice([0] * 8 + [1, 2, 3])  # the last months not yet paid
        for month in months[: len(months) - owing]:
            payments.append(
                DuesPayment(
                    person_id=pk,
                    party_organization_id=org_id,
                    month=month,
                    amount=amounts[(pk, month.year)],
                    paid_on=month.replace(day=25),
                    note="按月收缴",
                    created_by=admin,
                )
            )
    DuesPayment.objects.bulk_create(payments, batch_size=5000)
    for payment in rng.sample(payments, k=min(5, len(payments))):
        services.dues_payment_reverse(by=admin, payment=payment, reason="金额登记有误")
        DuesPayment.objects.create(
            person_id=payment.person_id,
            party_organization_id=payment.party_organization_id,
            month=payment.month,
            amount=payment.amount,
            paid_on=payment.paid_on,
            note="冲销后重新登记",
            created_by=admin,
        )
    total = sum(p.amount for p in payments)
    stdout.write(f"党费：{len(people)} 名党员核定基数，近一年收缴 {len(payments)} 笔，合计 {total} 元。")
