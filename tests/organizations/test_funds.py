"""The Party work funds ledger: each refusal with its Chinese reason and nothing saved, balances and
yearly totals, reversals, real concurrent spending, and the ledger and summary pages."""

import io
import re
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.choices import FundPurpose, FundSource
from organizations.models import FundEntry, PartyOrganization
from organizations.selectors import support as selectors
from organizations.services import support as services
from tests.factories import make_org

REFUNDED = FundSource.REFUNDED_DUES
PRETAX = FundSource.PRETAX_EXPENSE
DAY = date(2024, 3, 1)


def income(by, org, amount, *, source=REFUNDED, occurred_on=DAY, note="党费返还"):
    return services.fund_income_record(
        by=by, organization=org, source=source, amount=Decimal(amount), occurred_on=occurred_on, note=note
    )


def spend(by, org, amount, *, source=REFUNDED, purpose=FundPurpose.ACTIVITIES, occurred_on=DAY, note=""):
    return services.fund_spend(
        by=by,
        organization=org,
        source=source,
        amount=Decimal(amount),
        purpose=purpose,
        occurred_on=occurred_on,
        note=note,
    )


def balance(org, source=REFUNDED) -> Decimal:
    return selectors.fund_source_balance(organization=org, source=source)


# --- recording ----------------------------------------------------------------------------------


def test_income_is_stored_positive_and_spending_negative(world, secretary):
    received = income(secretary, world.org_a, "1000.00")
    spent = spend(secretary, world.org_a, "250.50", purpose=FundPurpose.STUDY_MATERIALS)
    assert received.amount == Decimal("1000.00") and received.created_by == secretary
    assert spent.amount == Decimal("-250.50") and spent.purpose == FundPurpose.STUDY_MATERIALS
    assert balance(world.org_a) == Decimal("749.50")


@pytest.mark.parametrize(
    "purpose", [FundPurpose.ACTIVITIES, FundPurpose.STUDY_MATERIALS, FundPurpose.VISITING_DIFFICULTY]
)
def test_refunded_dues_pay_for_each_of_their_three_uses(world, secretary, purpose):
    income(secretary, world.org_a, "300.00")
    spend(secretary, world.org_a, "100.00", purpose=purpose)
    assert balance(world.org_a) == Decimal("200.00")


@pytest.mark.parametrize("purpose", [FundPurpose.VENUE, FundPurpose.OTHER])
def test_it_refuses_spending_refunded_dues_on_any_other_use(world, secretary, purpose):
    income(secretary, world.org_a, "1000.00")
    with pytest.raises(ValidationError, match="党费返还只能用于开展组织活动、购买学习资料、慰问困难党员") as caught:
        spend(secretary, world.org_a, "100.00", purpose=purpose)
    assert "purpose" in caught.value.message_dict
    assert FundEntry.objects.count() == 1
    assert balance(world.org_a) == Decimal("1000.00")


def test_other_sources_may_pay_for_venue_building(world, secretary):
    income(secretary, world.org_a, "5000.00", source=PRETAX)
    spend(secretary, world.org_a, "3000.00", source=PRETAX, purpose=FundPurpose.VENUE)
    assert balance(world.org_a, PRETAX) == Decimal("2000.00")


def test_it_refuses_spending_beyond_the_balance_of_the_source(world, secretary):
    income(secretary, world.org_a, "1000.00")
    with pytest.raises(ValidationError) as caught:
        spend(secretary, world.org_a, "1000.01")
    assert caught.value.message_dict["amount"] == ["余额不足：党费返还余额 1000.00 元，本次支出 1000.01 元。"]
    assert FundEntry.objects.count() == 1
    spend(secretary, world.org_a, "1000.00")
    assert balance(world.org_a) == Decimal("0.00")


def test_one_sources_money_does_not_pay_for_another(world, secretary):
    income(secretary, world.org_a, "5000.00", source=PRETAX)
    with pytest.raises(ValidationError, match=re.escape("余额不足：党费返还余额 0.00 元，本次支出 10.00 元")):
        spend(secretary, world.org_a, "10.00")
    assert FundEntry.objects.count() == 1


def test_a_parent_organisations_funds_do_not_pay_for_its_branch(world, secretary):
    income(secretary, world.org_a, "5000.00")
    with pytest.raises(ValidationError, match="余额不足"):
        spend(secretary, world.org_a_child, "10.00")


@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_it_refuses_amounts_that_are_not_positive(world, secretary, amount):
    with pytest.raises(ValidationError, match="金额必须大于零"):
        income(secretary, world.org_a, amount)
    income(secretary, world.org_a, "100.00")
    with pytest.raises(ValidationError, match="金额必须大于零"):
        spend(secretary, world.org_a, amount)
    assert FundEntry.objects.count() == 1


def test_it_refuses_fractions_of_a_fen(world, secretary):
    with pytest.raises(ValidationError, match="最多保留两位小数"):
        income(secretary, world.org_a, "10.005")
    assert not FundEntry.objects.exists()


def test_it_refuses_a_date_in_the_future(world, secretary):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        income(secretary, world.org_a, "10.00", occurred_on=tomorrow)
    assert not FundEntry.objects.exists()


def test_it_refuses_spending_without_a_purpose(world, secretary):
    income(secretary, world.org_a, "100.00", source=PRETAX)
    with pytest.raises(ValidationError, match="请选择用途"):
        spend(secretary, world.org_a, "10.00", source=PRETAX, purpose="")
    assert FundEntry.objects.count() == 1


def test_it_refuses_an_organisation_outside_the_users_scope(world, secretary, county_admin):
    income(county_admin, world.org_b, "1000.00")
    with pytest.raises(ValidationError, match="该党组织不在您的管理范围内"):
        income(secretary, world.org_b, "10.00")
    with pytest.raises(ValidationError, match="该党组织不在您的管理范围内"):
        spend(secretary, world.org_b, "10.00")
    assert FundEntry.objects.count() == 1


def test_an_area_reviewer_keeps_the_ledgers_of_the_area_only(world, area_reviewer):
    income(area_reviewer, world.org_a_child, "10.00")
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        income(area_reviewer, world.org_b, "10.00")


# --- reversals ----------------------------------------------------------------------------------


def test_a_reversal_adds_an_opposite_line_and_keeps_the_original(world, secretary):
    income(secretary, world.org_a, "1000.00")
    wrong = spend(secretary, world.org_a, "800.00", purpose=FundPurpose.STUDY_MATERIALS)
    reversal = services.fund_entry_reverse(by=secretary, entry=wrong, reason="金额录入错误")
    assert reversal.amount == Decimal("800.00")
    assert reversal.source == REFUNDED and reversal.occurred_on == timezone.localdate()
    assert reversal.reverses == wrong and reversal.note == "金额录入错误"
    wrong.refresh_from_db()
    assert wrong.amount == Decimal("-800.00")
    assert FundEntry.objects.count() == 3
    assert balance(world.org_a) == Decimal("1000.00")


def test_it_refuses_reversing_the_same_line_twice(world, secretary):
    income(secretary, world.org_a, "1000.00")
    wrong = spend(secretary, world.org_a, "100.00")
    services.fund_entry_reverse(by=secretary, entry=wrong, reason="重复登记")
    with pytest.raises(ValidationError, match=f"第 {wrong.pk} 号记录已冲销，不能重复冲销"):
        services.fund_entry_reverse(by=secretary, entry=wrong, reason="再来一次")
    assert FundEntry.objects.count() == 3
    assert balance(world.org_a) == Decimal("1000.00")


def test_reversing_line_900001_does_not_mark_line_9000012_as_reversed(world, secretary):
    # The reversal marker ends with “号：”, so one line number that is a prefix of another never clashes.
    first, second = (
        FundEntry.objects.create(
            pk=pk, party_organization=world.org_a, source=REFUNDED, amount=Decimal("10.00"), occurred_on=DAY
        )
        for pk in (900001, 9000012)
    )
    services.fund_entry_reverse(by=secretary, entry=first, reason="错账")
    flags = dict(selectors.fund_entries_for_ledger(FundEntry.objects.all()).values_list("pk", "is_reversed"))
    assert flags[first.pk] is True and flags[second.pk] is False
    services.fund_entry_reverse(by=secretary, entry=second, reason="错账")
    assert balance(world.org_a) == Decimal("0.00")


def test_it_refuses_reversing_a_reversal(world, secretary):
    income(secretary, world.org_a, "1000.00")
    reversal = services.fund_entry_reverse(by=secretary, entry=spend(secretary, world.org_a, "100.00"), reason="错")
    with pytest.raises(ValidationError, match="冲销记录，不能再冲销"):
        services.fund_entry_reverse(by=secretary, entry=reversal, reason="撤销冲销")
    assert FundEntry.objects.count() == 3


def test_a_reversal_is_dated_today_unless_given_and_never_before_the_line_it_corrects(world, secretary):
    income(secretary, world.org_a, "1000.00")
    wrong = spend(secretary, world.org_a, "100.00", occurred_on=date(2024, 3, 1))
    with pytest.raises(ValidationError, match=re.escape("冲销日期不能早于原记录日期（2024-03-01）")):
        services.fund_entry_reverse(by=secretary, entry=wrong, reason="错账", occurred_on=date(2024, 2, 29))
    assert FundEntry.objects.count() == 2
    reversal = services.fund_entry_reverse(by=secretary, entry=wrong, reason="错账", occurred_on=date(2024, 3, 5))
    assert reversal.occurred_on == date(2024, 3, 5)


def test_it_refuses_a_reversal_without_a_reason(world, secretary):
    entry = income(secretary, world.org_a, "1000.00")
    with pytest.raises(ValidationError, match="请填写冲销原因"):
        services.fund_entry_reverse(by=secretary, entry=entry, reason="  ")
    assert FundEntry.objects.count() == 1


def test_reversing_income_already_spent_is_refused_as_it_would_overdraw(world, secretary):
    received = income(secretary, world.org_a, "1000.00")
    spend(secretary, world.org_a, "800.00")
    with pytest.raises(
        ValidationError, match=re.escape("余额不足：党费返还余额 200.00 元，冲销这笔收入需扣减 1000.00 元")
    ):
        services.fund_entry_reverse(by=secretary, entry=received, reason="返还金额有误")
    assert FundEntry.objects.count() == 2


def test_reversing_income_takes_it_out_with_a_purpose_the_database_accepts(world, secretary):
    received = income(secretary, world.org_a, "1000.00")
    reversal = services.fund_entry_reverse(by=secretary, entry=received, reason="返还到错账户")
    assert reversal.amount == Decimal("-1000.00") and reversal.purpose == FundPurpose.OTHER
    assert balance(world.org_a) == Decimal("0.00")


def test_another_organisations_secretary_cannot_reverse_our_lines(world, secretary, other_secretary):
    entry = income(secretary, world.org_a, "1000.00")
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.fund_entry_reverse(by=other_secretary, entry=entry, reason="篡改")
    assert FundEntry.objects.count() == 1


# --- balances and totals ------------------------------------------------------------------------


def test_balances_per_source_are_read_in_one_query_and_net_of_reversals(world, secretary, django_assert_num_queries):
    income(secretary, world.org_a, "1000.00")
    wrong = spend(secretary, world.org_a, "300.00")
    services.fund_entry_reverse(by=secretary, entry=wrong, reason="错账")
    spend(secretary, world.org_a, "30.00")
    income(secretary, world.org_a, "500.00", source=PRETAX)
    with django_assert_num_queries(1):
        balances = selectors.fund_balances(entries=FundEntry.objects.filter(party_organization=world.org_a))
    by_source = {b.source: b for b in balances}
    assert list(by_source) == list(FundSource.values)
    assert by_source[REFUNDED].income == Decimal("1000.00")
    assert by_source[REFUNDED].spending == Decimal("30.00")
    assert by_source[REFUNDED].balance == Decimal("970.00")
    assert by_source[PRETAX].balance == Decimal("500.00")
    assert by_source[FundSource.DONATION].balance == Decimal("0.00")
    assert selectors.fund_balances_total(balances).balance == Decimal("1470.00")


def test_yearly_totals_give_refunds_received_per_year_in_the_scope(
    world, county_admin, area_reviewer, django_assert_num_queries
):
    income(county_admin, world.org_a, "394000.00", occurred_on=date(2023, 7, 1))
    income(county_admin, world.org_b, "300.00", occurred_on=date(2023, 8, 1))
    income(county_admin, world.org_a, "5000.00", occurred_on=date(2024, 7, 1))
    income(county_admin, world.org_a, "7777.00", source=PRETAX, occurred_on=date(2023, 7, 1))
    mistake = income(county_admin, world.org_a, "100.00", occurred_on=date(2024, 1, 2))
    with time_machine.travel(datetime(2024, 12, 30, 10, tzinfo=UTC), tick=False):
        services.fund_entry_reverse(by=county_admin, entry=mistake, reason="重复登记")
    spend(county_admin, world.org_a, "200.00", occurred_on=date(2024, 2, 1))
    with django_assert_num_queries(1):
        county = selectors.fund_yearly_totals(entries=FundEntry.objects.visible_to(county_admin), source=REFUNDED)
    assert [(y.year, y.income, y.spending) for y in county] == [
        (2024, Decimal("5000.00"), Decimal("200.00")),
        (2023, Decimal("394300.00"), Decimal("0.00")),
    ]
    assert county[-1].income_wan == Decimal("39.43")
    area = selectors.fund_yearly_totals(entries=FundEntry.objects.visible_to(area_reviewer), source=REFUNDED)
    assert [(y.year, y.income) for y in area] == [(2024, Decimal("5000.00")), (2023, Decimal("394000.00"))]


def test_the_summary_annotates_every_organisation_with_its_balances(world, county_admin, secretary):
    income(secretary, world.org_a, "1000.00")
    spend(secretary, world.org_a, "100.00")
    income(secretary, world.org_a, "50.00", source=FundSource.DONATION)
    rows = {o.pk: o for o in selectors.organizations_with_balances(PartyOrganization.objects.all())}
    assert rows[world.org_a.pk].balance_refunded_dues == Decimal("900.00")
    assert rows[world.org_a.pk].balance_donation == Decimal("50.00")
    assert rows[world.org_a.pk].balance_total == Decimal("950.00")
    assert rows[world.org_a.pk].has_funds
    assert rows[world.org_b.pk].balance_total == Decimal("0.00") and not rows[world.org_b.pk].has_funds


# --- concurrency --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_cannot_overdraw_the_source(world, secretary, monkeypatch):
    """Both payments exceed half the balance: exactly one goes through, the other is refused."""
    income(secretary, world.org_a, "1000.00")
    read_balance = services.fund_source_balance

    def slow_balance(**kwargs):
        # Widen the window between reading the balance and writing the line, as a busy server would.
        value = read_balance(**kwargs)
        threading.Event().wait(0.3)
        return value

    monkeypatch.setattr(services, "fund_source_balance", slow_balance)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def pay():
        try:
            start.wait()
            spend(secretary, world.org_a, "600.00", note="并发支出")
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append("；".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "余额不足：党费返还余额 400.00 元，本次支出 600.00 元。"]
    assert FundEntry.objects.filter(amount__lt=0).count() == 1
    assert balance(world.org_a) == Decimal("400.00")


# --- pages --------------------------------------------------------------------------------------


def test_the_ledger_shows_balances_on_top_and_lines_below(world, secretary, as_user):
    income(secretary, world.org_a_child, "1000.00", note="2024年党费返还")
    spend(secretary, world.org_a_child, "120.00", purpose=FundPurpose.VISITING_DIFFICULTY, note="慰问老党员")
    page = as_user(secretary).get(reverse("organizations:fund_ledger", args=[world.org_a_child.pk])).content.decode()
    assert page.index('data-testid="balances"') < page.index("慰问老党员")
    assert "880.00" in page and "120.00" in page and "2024年党费返还" in page
    assert "登记支出" in page and "冲销" in page


def test_the_spending_page_refuses_a_forbidden_use_with_its_reason_and_saves_nothing(world, secretary, as_user):
    income(secretary, world.org_a, "1000.00")
    response = as_user(secretary).post(
        reverse("organizations:fund_spend", args=[world.org_a.pk]),
        {"source": REFUNDED, "purpose": FundPurpose.VENUE, "amount": "100", "occurred_on": "2024-03-01"},
    )
    assert response.status_code == 200
    assert "党费返还只能用于开展组织活动、购买学习资料、慰问困难党员" in response.content.decode()
    assert FundEntry.objects.count() == 1


def test_the_spending_page_refuses_overdrawing_with_the_balance_in_the_reason(world, secretary, as_user):
    income(secretary, world.org_a, "50.00")
    response = as_user(secretary).post(
        reverse("organizations:fund_spend", args=[world.org_a.pk]),
        {"source": REFUNDED, "purpose": FundPurpose.ACTIVITIES, "amount": "60", "occurred_on": "2024-03-01"},
    )
    assert "余额不足：党费返还余额 50.00 元，本次支出 60.00 元" in response.content.decode()
    assert FundEntry.objects.count() == 1


def test_the_income_page_records_income_and_returns_to_the_ledger(world, secretary, as_user):
    response = as_user(secretary).post(
        reverse("organizations:fund_income", args=[world.org_a.pk]),
        {"source": FundSource.RETAINED_DUES, "amount": "320.50", "occurred_on": "2024-03-01", "note": "留存党费"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:fund_ledger", args=[world.org_a.pk])
    assert balance(world.org_a, FundSource.RETAINED_DUES) == Decimal("320.50")


@pytest.mark.parametrize("name", ["organizations:fund_income", "organizations:fund_spend"])
def test_another_secretary_posting_to_our_ledger_gets_a_404_and_nothing_is_saved(
    world, secretary, other_secretary, as_user, name
):
    income(secretary, world.org_a, "1000.00")
    data = {"source": REFUNDED, "purpose": FundPurpose.ACTIVITIES, "amount": "10", "occurred_on": "2024-03-01"}
    response = as_user(other_secretary).post(reverse(name, args=[world.org_a.pk]), data)
    assert response.status_code == 404
    assert FundEntry.objects.count() == 1


@pytest.mark.parametrize("name", ["organizations:fund_income", "organizations:fund_spend"])
def test_anonymous_posts_to_the_ledger_go_to_login(world, client, name):
    response = client.post(reverse(name, args=[world.org_a.pk]), {"source": REFUNDED, "amount": "10"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not FundEntry.objects.exists()


def test_the_reverse_page_reverses_once_and_then_says_so(world, secretary, other_secretary, as_user, client):
    income(secretary, world.org_a, "1000.00")
    entry = spend(secretary, world.org_a, "100.00")
    url = reverse("organizations:fundentry_reverse", args=[entry.pk])
    assert as_user(other_secretary).post(url, {"reason": "篡改"}).status_code == 404
    assert client.post(url, {"reason": "匿名"})["Location"].startswith(reverse("login"))
    assert as_user(secretary).post(url, {"reason": ""}).status_code == 200
    assert FundEntry.objects.count() == 2
    response = as_user(secretary).post(url, {"reason": "金额错误"})
    assert response.status_code == 302
    assert FundEntry.objects.count() == 3
    page = as_user(secretary).get(url).content.decode()
    assert "已经冲销过" in page
    again = as_user(secretary).post(url, {"reason": "再冲一次"})
    assert "不能重复冲销" in again.content.decode()
    assert FundEntry.objects.count() == 3


def test_the_ledger_exports_to_excel_with_chinese_headings(world, secretary, as_user):
    income(secretary, world.org_a, "1000.00", note="2024年党费返还")
    spend(secretary, world.org_a, "100.00")
    response = as_user(secretary).get(reverse("organizations:fund_ledger", args=[world.org_a.pk]), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(filename=io.BytesIO(response.content)).active
    rows = list(sheet.values)[2:]  # below the filter and export-time lines
    assert rows[0][:6] == ("编号", "日期", "党组织", "经费来源", "收入（元）", "支出（元）")
    assert len(rows) == 3
    assert {row[3] for row in rows[1:]} == {"党费返还"}


def test_the_summary_page_shows_the_refunds_of_each_year(world, county_admin, as_user):
    income(county_admin, world.org_a, "394300.00", occurred_on=date(2023, 7, 20))
    page = as_user(county_admin).get(reverse("organizations:fund_summary")).content.decode()
    assert "2023年" in page and "394300.00" in page and "39.43 万元" in page


def test_the_summary_page_lists_only_organisations_in_scope(world, county_admin, secretary, as_user):
    income(county_admin, world.org_b, "100.00")
    page = as_user(secretary).get(reverse("organizations:fund_summary")).content.decode()
    assert world.org_a.name in page and world.org_b.name not in page


def test_the_summary_page_costs_the_same_queries_with_many_organisations(
    world, county_admin, as_user, django_assert_max_num_queries
):
    client = as_user(county_admin)
    url = reverse("organizations:fund_summary")
    income(county_admin, world.org_a, "10.00")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(30):
        org = make_org(world.committee_a, f"新增支部{index}")
        income(county_admin, org, "10.00")
        spend(county_admin, org, "1.00")
    with django_assert_max_num_queries(len(few)):
        response = client.get(url, {"page_size": 50})
    assert response.content.decode().count("新增支部") >= 30


def test_the_ledger_costs_the_same_queries_with_many_lines(world, secretary, as_user, django_assert_max_num_queries):
    client = as_user(secretary)
    url = reverse("organizations:fund_ledger", args=[world.org_a.pk])
    income(secretary, world.org_a, "1000.00")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        services.fund_entry_reverse(by=secretary, entry=spend(secretary, world.org_a, "1.00"), reason="错账")
    with django_assert_max_num_queries(len(few)):
        response = client.get(url, {"page_size": 50})
    assert response.content.decode().count("已冲销") == 20


def test_the_api_lists_ledger_lines_in_scope_with_reversal_flags(world, secretary, other_secretary, as_user):
    income(secretary, world.org_a, "1000.00")
    wrong = spend(secretary, world.org_a, "100.00")
    services.fund_entry_reverse(by=secretary, entry=wrong, reason="错账")
    rows = as_user(secretary).get(reverse("api:fundentry-list"), {"direction": "spending"}).json()["results"]
    assert [(row["id"], row["amount"], row["is_reversed"]) for row in rows] == [(wrong.pk, "-100.00", True)]
    assert as_user(other_secretary).get(reverse("api:fundentry-list")).json()["count"] == 0
    assert as_user(secretary).post(reverse("api:fundentry-list"), {"amount": "1"}).status_code == 405


def test_the_summary_exports_balances_as_numbers_and_prints_under_its_own_title(world, county_admin, as_user):
    income(county_admin, world.org_a, "1234.50")
    client = as_user(county_admin)
    url = reverse("organizations:fund_summary")
    workbook = client.get(url, {"format": "xlsx", "has_funds": "true"})
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook.content)).active.values)[2:]
    assert rows[0][0] == "党组织" and rows[0][-1] == "余额合计（元）"
    assert rows[1][0] == world.org_a.name and rows[1][2] == 1234.5 and rows[1][-1] == 1234.5
    assert quote("党建工作经费余额") in workbook["Content-Disposition"]
    printout = client.get(reverse("organizations:fund_ledger", args=[world.org_a.pk]), {"format": "pdf"})
    assert printout["Content-Type"] == "application/pdf"
    assert quote(f"{world.org_a.name}经费台账") in printout["Content-Disposition"]
