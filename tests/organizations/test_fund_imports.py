"""Import of 党建工作经费台账 lines: rows applied in file order through the page's services, so a spending row sees
the income above it, no source goes below zero and refunded dues pay only for their uses; all or nothing, each bad
row named with its reason. The template and header checks are in tests/core/test_import_messages.py."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from core import imports
from core.choices import ImportStatus
from organizations.choices import FundPurpose, FundSource
from organizations.models import FundEntry
from organizations.services.support import fund_source_balance
from tests.core.test_import_messages import messages, validate, workbook

HEADERS = ["所属街镇/园区", "党组织", "日期", "收支", "经费来源", "金额（元）", "用途", "摘要"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-15 09:00 +0800", tick=False):
        yield


def line(direction, source, amount, purpose=None, day="2026-03-01", org="甲公司党委"):
    return ["甲镇", org, day, direction, source, amount, purpose, "台账"]


def test_fund_lines_are_applied_in_file_order_with_amounts_as_typed(world, county_admin):
    rows = [
        line("收入", "党费返还", "¥1,000.50"),
        line("支出", "党费返还", 400, "组织活动"),
        line("收入", "捐赠", "２００元"),
        line("支出", "党费返还", "600.50", "学习资料", day="2026/3/2"),
    ]
    job = validate(county_admin, "fund-entries", workbook(HEADERS, rows))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    assert list(FundEntry.objects.order_by("pk").values_list("source", "amount", "purpose")) == [
        (FundSource.REFUNDED_DUES, Decimal("1000.50"), ""),
        (FundSource.REFUNDED_DUES, Decimal("-400.00"), FundPurpose.ACTIVITIES),
        (FundSource.DONATION, Decimal("200.00"), ""),
        (FundSource.REFUNDED_DUES, Decimal("-600.50"), FundPurpose.STUDY_MATERIALS),
    ]
    assert fund_source_balance(organization=world.org_a, source=FundSource.REFUNDED_DUES) == 0
    assert FundEntry.objects.get(amount=Decimal("-600.50")).occurred_on == date(2026, 3, 2)


def test_a_spend_beyond_the_balance_so_far_refuses_the_whole_file(world, county_admin):
    # The income arrives after the spending in the file: in file order the source is still empty.
    rows = [
        line("支出", "税前列支", "300", "阵地建设"),
        line("收入", "税前列支", "1000"),
    ]
    job = validate(county_admin, "fund-entries", workbook(HEADERS, rows))
    assert job.status == ImportStatus.INVALID
    assert "余额不足：税前列支余额 0.00 元，本次支出 300.00 元" in messages(job)[2]
    assert not FundEntry.objects.exists()
    job = validate(county_admin, "fund-entries", workbook(HEADERS, rows[::-1]))
    assert job.status == ImportStatus.VALIDATED, job.errors


def test_each_bad_row_is_named_with_its_reason_and_nothing_is_written(world, county_admin):
    rows = [
        line("收入", "党费返还", "5000"),
        line("支出", "党费返还", "100", "阵地建设"),
        line("支出", "党费留存", "一百", "其他"),
        line("收入", "捐赠", "-20", "其他"),
        line("支出", "捐赠", "10", None, org="乙公司党委"),
        line("收入", "捐赠", "10", day="2027-01-01"),
    ]
    job = validate(county_admin, "fund-entries", workbook(HEADERS, rows))
    by_row = messages(job)
    assert "党费返还只能用于开展组织活动、购买学习资料、慰问困难党员" in by_row[3]
    assert "金额（元）：应为金额（元），如 1000.50，不能填写“一百”" in by_row[4]
    assert "收入不填用途" in by_row[5]
    assert "找不到党组织“乙公司党委”" in by_row[6]
    assert "日期不能晚于今天" in by_row[7]
    assert 2 not in by_row
    assert not FundEntry.objects.exists()


def test_a_secretary_imports_only_into_ledgers_in_reach(world, secretary, other_secretary):
    rows = [line("收入", "党费返还", "100")]
    job = validate(other_secretary, "fund-entries", workbook(HEADERS, rows))
    assert job.status == ImportStatus.INVALID and "找不到党组织“甲公司党委”" in messages(job)[2]
    job = validate(secretary, "fund-entries", workbook(HEADERS, rows))
    assert job.status == ImportStatus.VALIDATED, job.errors


def test_the_ledger_offers_the_import_beside_its_add_buttons_to_those_who_may_add(world, secretary, as_user):
    from django.urls import reverse

    url = reverse("organizations:fund_ledger", args=[world.org_a.pk])
    page = as_user(secretary).get(url).content.decode()
    assert reverse("core:import_start", args=["fund-entries"]) in page and "登记支出" in page
