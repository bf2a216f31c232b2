"""党费: the rate by the official bands at each boundary, the yearly base, the append-only ledger, arrears."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Person
from party_life.choices import DuesCategory
from party_life.models import DuesPayment
from party_life.selectors import dues as selectors
from party_life.services import dues as services

pytestmark = pytest.mark.usefixtures("_today")
EMPLOYED, RETIRED = DuesCategory.EMPLOYED, DuesCategory.RETIRED


@pytest.mark.parametrize(
    ("category", "income", "rate", "amount"),
    [
        (EMPLOYED, "0", "0.005", "0.20"),  # a tiny pay still owes the fixed small amount
        (EMPLOYED, "2000", "0.005", "10.00"),
        (EMPLOYED, "3000", "0.005", "15.00"),
        (EMPLOYED, "3000.01", "0.01", "30.00"),
        (EMPLOYED, "5000", "0.01", "50.00"),
        (EMPLOYED, "5000.01", "0.015", "75.00"),
        (EMPLOYED, "10000", "0.015", "150.00"),
        (EMPLOYED, "10000.01", "0.02", "200.00"),
        (EMPLOYED, "12345.67", "0.02", "246.91"),
        (RETIRED, "5000", "0.005", "25.00"),
        (RETIRED, "5000.01", "0.01", "50.00"),
        (RETIRED, "8000", "0.01", "80.00"),
        (DuesCategory.STUDENT, None, "0", "0.20"),
        (DuesCategory.UNEMPLOYED, None, "0", "0.20"),
        (DuesCategory.SUBSISTENCE, "9000", "0", "0.20"),
    ],
)
def test_the_rate_follows_the_official_bands(category, income, rate, amount):
    got_rate, got_amount = services.dues_rate(
        category=category, monthly_income=Decimal(income) if income is not None else None
    )
    assert (got_rate, got_amount) == (Decimal(rate), Decimal(amount))


@pytest.mark.parametrize("income", ["-1", "abc", "3000.001"])
def test_a_bad_income_is_refused_in_chinese(income):
    with pytest.raises(ValidationError) as caught:
        services.dues_rate(category=EMPLOYED, monthly_income=income)
    assert "monthly_income" in caught.value.message_dict


def test_an_employed_member_needs_an_income():
    with pytest.raises(ValidationError, match="请填写月税后工资收入"):
        services.dues_rate(category=EMPLOYED, monthly_income=None)


def test_the_base_is_set_once_a_year_and_reset_with_history(secretary, members_a):
    person = members_a[0]
    services.dues_base_set(by=secretary, person=person, year=2025, category=EMPLOYED, monthly_income=Decimal("4000"))
    base = services.dues_base_set(
        by=secretary, person=person, year=2025, category=RETIRED, monthly_income=Decimal("4000")
    )
    assert (base.rate, base.monthly_amount) == (Decimal("0.0050"), Decimal("20.00"))
    assert base.history.count() == 2
    assert person.dues_bases.count() == 1


def test_another_organisations_member_is_refused(secretary, member_b, activist_a):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.dues_base_set(by=secretary, person=member_b, year=2025, category=DuesCategory.STUDENT)
    with pytest.raises(ValidationError, match="不是党员"):
        services.dues_base_set(by=secretary, person=activist_a, year=2025, category=DuesCategory.STUDENT)


def test_payments_are_one_line_a_month_and_a_month_is_not_paid_twice(secretary, members_a):
    person = members_a[0]
    services.dues_base_set(by=secretary, person=person, year=2025, category=EMPLOYED, monthly_income=Decimal("6000"))
    lines = services.dues_payment_record(by=secretary, person=person, month=date(2025, 1, 1), months=3)
    assert [(line.month, line.amount) for line in lines] == [(date(2025, m, 1), Decimal("90.00")) for m in (1, 2, 3)]
    with pytest.raises(ValidationError, match="2025年03月的党费已缴纳"):
        services.dues_payment_record(by=secretary, person=person, month=date(2025, 3, 1), months=2)
    assert DuesPayment.objects.count() == 3


def test_a_payment_without_a_base_for_the_year_is_refused(secretary, members_a):
    with pytest.raises(ValidationError, match="请先核定"):
        services.dues_payment_record(by=secretary, person=members_a[0], month=date(2025, 1, 1))


def test_a_reversal_appends_a_line_and_the_month_can_be_paid_again(secretary, members_a):
    person = members_a[0]
    services.dues_base_set(by=secretary, person=person, year=2025, category=DuesCategory.STUDENT)
    (line,) = services.dues_payment_record(by=secretary, person=person, month=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="请填写冲销原因"):
        services.dues_payment_reverse(by=secretary, payment=line, reason=" ")
    reversal = services.dues_payment_reverse(by=secretary, payment=line, reason="重复登记")
    assert reversal.amount == Decimal("-0.20") and reversal.reverses == line
    with pytest.raises(ValidationError, match="已冲销"):
        services.dues_payment_reverse(by=secretary, payment=line, reason="再次")
    with pytest.raises(ValidationError, match="冲销记录不能再冲销"):
        services.dues_payment_reverse(by=secretary, payment=reversal, reason="再次")
    services.dues_payment_record(by=secretary, person=person, month=date(2025, 4, 1))
    # The ledger never loses a line: the original, its reversal and the new payment are all there.
    assert list(DuesPayment.objects.order_by("pk").values_list("amount", flat=True)) == [
        Decimal("0.20"),
        Decimal("-0.20"),
        Decimal("0.20"),
    ]


def test_arrears_count_the_ended_months_not_paid(secretary, members_a):
    person = members_a[0]
    services.dues_base_set(by=secretary, person=person, year=2025, category=EMPLOYED, monthly_income=Decimal("3000"))
    services.dues_payment_record(by=secretary, person=person, month=date(2025, 1, 1), months=2)
    (march,) = services.dues_payment_record(by=secretary, person=person, month=date(2025, 3, 1))
    services.dues_payment_reverse(by=secretary, payment=march, reason="误登")
    annotated = selectors.with_dues(Person.objects.filter(pk=person.pk), year=2025).get()
    # Today is 2025-05-20: January to April are due (4 × 15 元), January and February paid.
    assert (annotated.paid_months, annotated.paid_total) == (2, Decimal("30.00"))
    assert selectors.arrears(annotated, year=2025, today=date(2025, 5, 20)) == (2, Decimal("30.00"))


def test_the_dues_pages_record_and_reverse_through_the_services(secretary, members_a, as_user):
    client = as_user(secretary)
    person = members_a[0]
    response = client.post(
        reverse("party_life:duesbase_set", args=[person.pk]),
        {"year": 2025, "category": EMPLOYED, "monthly_income": "10000.01"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("party_life:duespayment_create", args=[person.pk]),
        {"month": "2025-05", "months": 1, "paid_on": "2025-05-20", "amount": "", "note": ""},
    )
    assert response.status_code == 302
    line = DuesPayment.objects.get()
    assert line.amount == Decimal("200.00")
    page = client.get(reverse("party_life:member_dues") + "?year=2025")
    assert "200.00" in page.content.decode()
    client.post(reverse("party_life:duespayment_reverse", args=[line.pk]), {"reason": "金额有误"})
    assert DuesPayment.objects.filter(reverses=line).exists()
    assert client.get(reverse("party_life:duespayment_list") + "?format=xlsx").status_code == 200


def test_another_secretary_cannot_reverse_or_pay_for_our_member(other_secretary, secretary, members_a, as_user):
    services.dues_base_set(by=secretary, person=members_a[0], year=2025, category=DuesCategory.STUDENT)
    (line,) = services.dues_payment_record(by=secretary, person=members_a[0], month=date(2025, 4, 1))
    client = as_user(other_secretary)
    assert client.post(reverse("party_life:duespayment_reverse", args=[line.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("party_life:duespayment_create", args=[members_a[0].pk])).status_code == 404
    assert not DuesPayment.objects.filter(reverses=line).exists()
