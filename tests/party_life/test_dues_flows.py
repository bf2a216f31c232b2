"""党费上缴 and 返还党费: what each organisation collected, passed up and holds; refunds entering the work-funds
ledger through its own service, and reversed in both places at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.figures import Scope
from organizations.choices import FundPurpose, FundSource
from organizations.models import FundEntry, PartyOrganization
from organizations.selectors.support import fund_source_balance
from organizations.services.support import fund_entry_reverse, fund_spend
from party_life.choices import DuesCategory
from party_life.models import DuesRefund, DuesRemittance
from party_life.selectors import dues as selectors
from party_life.selectors.figures import section
from party_life.services import dues as services
from tests.factories import make_org
from tests.scoring.factories import make_person

pytestmark = pytest.mark.usefixtures("_today")
APRIL = date(2025, 4, 1)


@pytest.fixture
def collected_child(world, secretary):
    """Two members of org A's branch paid April's dues: 15 元 and 30 元."""
    for name, income in (("支部党员一", "3000"), ("支部党员二", "3000.01")):
        person = make_person(world.org_a_child, name)
        services.dues_base_set(
            by=secretary, person=person, year=2025, category=DuesCategory.EMPLOYED, monthly_income=Decimal(income)
        )
        services.dues_payment_record(by=secretary, person=person, month=APRIL)
    return world.org_a_child


def flows(org):
    return selectors.with_dues_flows(PartyOrganization.objects.filter(pk=org.pk), year=2025).get()


def test_dues_pass_up_the_tree_and_each_organisation_shows_collected_passed_up_and_held(
    world, secretary, collected_child
):
    line = services.dues_remittance_record(by=secretary, organization=collected_child, month=APRIL, amount="45.00")
    assert line.recipient == world.org_a
    services.dues_remittance_record(by=secretary, organization=world.org_a, month=APRIL, amount="40.00")
    child, parent = flows(collected_child), flows(world.org_a)
    assert (child.dues_collected, child.dues_received, child.dues_remitted, child.dues_balance) == (
        Decimal("45.00"),
        0,
        Decimal("45.00"),
        0,
    )
    assert (parent.dues_collected, parent.dues_received, parent.dues_remitted, parent.dues_balance) == (
        0,
        Decimal("45.00"),
        Decimal("40.00"),
        Decimal("5.00"),
    )


def test_it_refuses_passing_up_more_than_the_month_holds(secretary, collected_child):
    services.dues_remittance_record(by=secretary, organization=collected_child, month=APRIL, amount="40.00")
    with pytest.raises(ValidationError) as caught:
        services.dues_remittance_record(by=secretary, organization=collected_child, month=APRIL, amount="5.01")
    assert "上缴不能超过结存" in caught.value.message_dict["amount"][0]
    with pytest.raises(ValidationError, match=r"党费结存 0\.00 元"):
        services.dues_remittance_record(by=secretary, organization=collected_child, month=date(2025, 3, 1), amount=1)
    assert DuesRemittance.objects.count() == 1


def test_another_secretary_cannot_pass_up_our_dues(other_secretary, collected_child):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.dues_remittance_record(by=other_secretary, organization=collected_child, month=APRIL, amount=1)


def test_a_remittance_is_reversed_by_a_line_and_not_once_the_parent_passed_it_on(world, secretary, collected_child):
    line = services.dues_remittance_record(by=secretary, organization=collected_child, month=APRIL, amount="45.00")
    onward = services.dues_remittance_record(by=secretary, organization=world.org_a, month=APRIL, amount="45.00")
    with pytest.raises(ValidationError, match="已将该月党费继续上缴"):
        services.dues_remittance_reverse(by=secretary, remittance=line, reason="金额有误")
    services.dues_remittance_reverse(by=secretary, remittance=onward, reason="金额有误")
    reversal = services.dues_remittance_reverse(by=secretary, remittance=line, reason="金额有误")
    assert reversal.amount == Decimal("-45.00") and reversal.recipient == world.org_a
    with pytest.raises(ValidationError, match="已冲销"):
        services.dues_remittance_reverse(by=secretary, remittance=line, reason="再次")
    # Append-only: the four lines stand and every balance is back where it started.
    assert DuesRemittance.objects.count() == 4
    assert flows(collected_child).dues_balance == Decimal("45.00") and flows(world.org_a).dues_balance == 0


def test_a_refund_is_a_refunded_dues_line_of_the_funds_ledger_and_its_use_is_restricted(world, secretary):
    refund = services.dues_refund_record(
        by=secretary, organization=world.org_a, year=2024, amount="300.00", received_on=date(2025, 3, 2)
    )
    entry = refund.fund_entry
    assert (entry.source, entry.amount, entry.occurred_on) == (
        FundSource.REFUNDED_DUES,
        Decimal("300.00"),
        date(2025, 3, 2),
    )
    assert fund_source_balance(organization=world.org_a, source=FundSource.REFUNDED_DUES) == Decimal("300.00")
    assert flows(world.org_a).dues_refunded == 0  # refunded for 2024, not 2025
    with pytest.raises(ValidationError, match="党费返还只能用于"):
        fund_spend(
            by=secretary,
            organization=world.org_a,
            source=FundSource.REFUNDED_DUES,
            amount=10,
            purpose=FundPurpose.VENUE,
            occurred_on=date(2025, 4, 1),
        )


def test_a_bad_refund_is_refused_by_the_funds_service_and_nothing_is_written(world, secretary, other_secretary):
    with pytest.raises(ValidationError, match="金额必须大于零"):
        services.dues_refund_record(by=secretary, organization=world.org_a, year=2025, amount=0, received_on=APRIL)
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.dues_refund_record(
            by=other_secretary, organization=world.org_a, year=2025, amount=1, received_on=APRIL
        )
    assert not DuesRefund.objects.exists() and not FundEntry.objects.exists()


def test_reversing_a_refund_reverses_its_funds_line_and_not_once_it_is_spent(world, secretary):
    refund = services.dues_refund_record(
        by=secretary, organization=world.org_a, year=2025, amount=100, received_on=APRIL
    )
    spent = fund_spend(
        by=secretary,
        organization=world.org_a,
        source=FundSource.REFUNDED_DUES,
        amount=60,
        purpose=FundPurpose.ACTIVITIES,
        occurred_on=APRIL,
    )
    with pytest.raises(ValidationError, match="余额不足"):
        services.dues_refund_reverse(by=secretary, refund=refund, reason="重复登记")
    fund_entry_reverse(by=secretary, entry=spent, reason="活动取消")
    services.dues_refund_reverse(by=secretary, refund=refund, reason="重复登记")
    refund.refresh_from_db()
    assert refund.fund_entry.reversal.amount == Decimal("-100.00")
    assert fund_source_balance(organization=world.org_a, source=FundSource.REFUNDED_DUES) == 0
    assert flows(world.org_a).dues_refunded == 0


def test_the_flow_pages_record_and_reverse_through_the_services(world, secretary, collected_child, as_user):
    client = as_user(secretary)
    response = client.post(
        reverse("party_life:duesremittance_create", args=[collected_child.pk]),
        {"month": "2025-04", "amount": "99.00", "remitted_on": "2025-05-10", "note": ""},
    )
    assert "上缴不能超过结存" in response.content.decode()
    response = client.post(
        reverse("party_life:duesremittance_create", args=[collected_child.pk]),
        {"month": "2025-04", "amount": "45.00", "remitted_on": "2025-05-10", "note": ""},
    )
    assert response.status_code == 302
    line = DuesRemittance.objects.get()
    client.post(
        reverse("party_life:duesrefund_create", args=[world.org_a.pk]),
        {"year": 2025, "amount": "12.50", "received_on": "2025-05-10", "note": "一季度"},
    )
    refund = DuesRefund.objects.get()
    page = client.get(reverse("party_life:dues_flows") + "?year=2025").content.decode()
    assert "45.00" in page and "12.50" in page
    client.post(reverse("party_life:duesremittance_reverse", args=[line.pk]), {"reason": "金额有误"})
    client.post(reverse("party_life:duesrefund_reverse", args=[refund.pk]), {"reason": "重复"})
    assert DuesRemittance.objects.filter(reverses=line).exists()
    assert FundEntry.objects.filter(reverses=refund.fund_entry).exists()
    for name in ("dues_flows", "duesremittance_list", "duesrefund_list"):
        assert client.get(reverse(f"party_life:{name}") + "?format=xlsx").status_code == 200


def test_the_flow_page_costs_the_same_queries_for_more_organisations(world, secretary, as_user):
    client = as_user(secretary)
    url = reverse("party_life:dues_flows")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        branch = make_org(world.org_a, f"甲公司第{i + 2}党支部")
        services.dues_refund_record(by=secretary, organization=branch, year=2025, amount=i + 1, received_on=APRIL)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "甲公司第6党支部" in page
    assert len(many) == len(few)


def test_the_figure_counts_dues_once_when_they_reach_the_county(
    world, secretary, county_admin, collected_child, area_reviewer
):
    services.dues_remittance_record(by=secretary, organization=collected_child, month=APRIL, amount="45.00")
    services.dues_remittance_record(by=secretary, organization=world.org_a, month=APRIL, amount="45.00")
    scope = Scope(user=area_reviewer, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert str(section(scope).value("上缴县委党费（扣除冲销）")) == "0"  # still inside the area's committee
    services.dues_remittance_record(by=county_admin, organization=world.committee_a, month=APRIL, amount="45.00")
    assert str(section(scope).value("上缴县委党费（扣除冲销）")) == "45.00"
