"""积分超市: redemptions debit balance and stock together, never below zero (also at once), and reverse."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from scoring.choices import LedgerKind, RedemptionStatus
from scoring.models import LedgerEntry, PointAccount, Redemption, RewardItem
from scoring.services import market as services
from tests.scoring.factories import make_person


def funded(person, balance):
    PointAccount.objects.create(person=person, balance=balance)
    return person


@pytest.fixture
def book(db):
    return RewardItem.objects.create(name="党建书籍", price=10, stock=5)


def balance(person):
    return PointAccount.objects.get(person=person).balance


def test_a_redemption_debits_balance_and_stock_and_writes_the_ledger(world, secretary, book):
    person = funded(make_person(world.org_a), 35)
    redemption = services.redemption_create(by=secretary, person=person, item=book, quantity=2)
    book.refresh_from_db()
    assert (balance(person), book.stock, redemption.points) == (15, 3, 20)
    assert LedgerEntry.objects.get(person=person, kind=LedgerKind.REDEEM).amount == -20


def test_it_refuses_a_redemption_beyond_the_balance_and_saves_nothing(world, secretary, book):
    person = funded(make_person(world.org_a), 15)
    with pytest.raises(ValidationError, match=r"积分余额不足：.*当前余额 15 分，本次兑换需 20 分"):
        services.redemption_create(by=secretary, person=person, item=book, quantity=2)
    book.refresh_from_db()
    assert (balance(person), book.stock, Redemption.objects.count()) == (15, 5, 0)


def test_it_refuses_a_redemption_beyond_the_stock_and_gives_the_points_back(world, secretary, book):
    person = funded(make_person(world.org_a), 100)
    with pytest.raises(ValidationError, match="库存不足：“党建书籍”剩余 5 件"):
        services.redemption_create(by=secretary, person=person, item=book, quantity=6)
    book.refresh_from_db()
    assert (balance(person), book.stock, LedgerEntry.objects.count()) == (100, 5, 0)


def test_a_member_without_an_account_has_nothing_to_redeem(world, secretary, book):
    person = make_person(world.org_a)
    with pytest.raises(ValidationError, match="当前余额 0 分"):
        services.redemption_create(by=secretary, person=person, item=book)


def test_another_organisations_member_cannot_be_debited(world, secretary, book):
    person = funded(make_person(world.org_b), 100)
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.redemption_create(by=secretary, person=person, item=book)
    assert balance(person) == 100


def test_a_reversal_returns_points_and_stock_once(world, secretary, book):
    person = funded(make_person(world.org_a), 30)
    redemption = services.redemption_create(by=secretary, person=person, item=book, quantity=3)
    with pytest.raises(ValidationError, match="冲销原因"):
        services.redemption_reverse(by=secretary, redemption=redemption, reason="")
    services.redemption_reverse(by=secretary, redemption=redemption, reason="登记错误")
    book.refresh_from_db()
    assert (balance(person), book.stock) == (30, 5)
    assert Redemption.objects.get().status == RedemptionStatus.REVERSED
    with pytest.raises(ValidationError, match="已冲销"):
        services.redemption_reverse(by=secretary, redemption=redemption, reason="再来一次")
    assert balance(person) == 30


def _run_at_once(jobs):
    start = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job):
        try:
            start.wait()
            job()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_many_redemptions_at_once_never_overdraw_the_balance(world, secretary):
    item = RewardItem.objects.create(name="纪念徽章", price=10, stock=100)
    person = funded(make_person(world.org_a), 25)
    outcomes = _run_at_once(
        [lambda: services.redemption_create(by=secretary, person=person, item=item) for _ in range(6)]
    )
    assert outcomes.count("ok") == 2
    assert all(o.startswith("积分余额不足") for o in outcomes if o != "ok")
    item.refresh_from_db()
    assert (balance(person), item.stock, Redemption.objects.count()) == (5, 98, 2)


@pytest.mark.django_db(transaction=True)
def test_many_redemptions_at_once_never_take_the_stock_below_zero(world, secretary):
    item = RewardItem.objects.create(name="定制笔记本", price=10, stock=2)
    people = [funded(make_person(world.org_a, f"党员{i}"), 50) for i in range(6)]
    outcomes = _run_at_once([lambda p=p: services.redemption_create(by=secretary, person=p, item=item) for p in people])
    assert outcomes.count("ok") == 2
    assert all(o.startswith("库存不足") for o in outcomes if o != "ok")
    item.refresh_from_db()
    assert item.stock == 0
    # The refused ones keep every point: their debit was undone with the transaction.
    assert sorted(balance(p) for p in people) == [40, 40, 50, 50, 50, 50]


def test_the_member_page_shows_balance_and_ledger(world, secretary, book, as_user):
    person = funded(make_person(world.org_a, "王积分"), 30)
    services.redemption_create(by=secretary, person=person, item=book)
    page = as_user(secretary).get(reverse("scoring:pointaccount_detail", args=[person.pk])).content.decode()
    assert 'data-testid="balance">20<' in page and "兑换“党建书籍”×1" in page


def test_the_redeem_page_refuses_with_a_chinese_reason(world, secretary, book, as_user):
    person = funded(make_person(world.org_a, "王积分"), 5)
    response = as_user(secretary).post(
        reverse("scoring:redemption_create"), {"person": person.pk, "item": book.pk, "quantity": 1}
    )
    assert response.status_code == 200 and "积分余额不足" in response.content.decode()
    assert Redemption.objects.count() == 0


def test_the_redeem_page_offers_each_reward_with_its_price_and_stock(world, secretary, book, as_user):
    funded(make_person(world.org_a, "王积分"), 30)
    RewardItem.objects.create(name="售罄的杯子", price=5, stock=0)
    page = as_user(secretary).get(reverse("scoring:redemption_create")).content.decode()
    assert f'<option value="{book.pk}">党建书籍（10 分，库存 5）</option>' in page
    assert "售罄的杯子" not in page


def test_reversing_another_organisations_redemption_is_a_404(world, secretary, other_secretary, book, as_user):
    person = funded(make_person(world.org_a), 30)
    redemption = services.redemption_create(by=secretary, person=person, item=book)
    url = reverse("scoring:redemption_reverse", args=[redemption.pk])
    assert as_user(other_secretary).post(url, {"reason": "x"}).status_code == 404
    assert as_user(secretary).get(url).status_code == 405


def test_the_ledger_shows_each_closed_months_credit(world, secretary, as_user):
    from datetime import date

    from scoring.models import MonthlyResult

    person = funded(make_person(world.org_a, "王积分"), 24)
    MonthlyResult.objects.create(month=date(2025, 4, 1), person=person, party_organization=world.org_a, total=24)
    page = as_user(secretary).get(reverse("scoring:pointaccount_detail", args=[person.pk])).content.decode()
    assert "月度积分入账" in page and "2025年04月积分" in page


def test_a_county_with_many_members_picks_the_member_by_id_number(world, county_admin, book, as_user, monkeypatch):
    from scoring.forms import people

    monkeypatch.setattr(people, "DROPDOWN_LIMIT", 0)
    person = funded(make_person(world.org_b, "乙党员"), 30)
    url = reverse("scoring:redemption_create")
    form_page = as_user(county_admin).get(url + f"?person={person.pk}").content.decode()
    assert person.id_number in form_page
    missing = as_user(county_admin).post(url, {"person": "370830199001019999", "item": book.pk, "quantity": 1})
    assert "未找到该身份证号的人员" in missing.content.decode()
    response = as_user(county_admin).post(url, {"person": person.id_number, "item": book.pk, "quantity": 1})
    assert response.status_code == 302 and balance(person) == 20
