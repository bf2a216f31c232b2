"""Import of 红领党务 certificates a county already issued: all or nothing, each bad row named with its reason, a
serial repeated in the file reported as a repeat, and the service's rules on every row (county staff only, one valid
certificate per person, members only). The template and header checks are in tests/core/test_import_messages.py."""

from datetime import date

import pytest
import time_machine

from core import imports
from core.choices import ImportStatus
from members.choices import CertLevel, CertStatus, Stage
from members.models import Certificate
from tests.core.test_import_messages import messages, validate, workbook
from tests.scoring.factories import make_person

HEADERS = ["身份证号", "等级", "证书编号", "发证日期", "年度考核得分"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-15 09:00 +0800", tick=False):
        yield


def test_existing_certificates_import_all_or_nothing_keeping_their_serials(world, county_admin):
    holder = make_person(world.org_a_child, "王红")
    applicant = make_person(world.org_a_child, "李申请", stage=Stage.APPLICANT)
    good = [holder.id_number.lower(), "中级", "hl 2023 0001", "2023/5/1", 82]
    rows = [
        good,
        [applicant.id_number, "初级", "HL20230002", "2023-05-01", 80],
        ["370830198501019999", "特级", "HL20230003", "2027-01-01", 90],
        [holder.id_number, "初级", "HL20230001", "2023-05-01", 88],
    ]
    job = validate(county_admin, "certificates", workbook(HEADERS, rows))
    by_row = messages(job)
    assert "该人员尚未入党" in by_row[3]
    assert "找不到身份证号为“370830198501019999”的人员" in by_row[4] and "“特级”不是有效选项" in by_row[4]
    assert by_row[5].startswith("与第 2 行重复")
    assert not Certificate.objects.exists()

    # An intermediate certificate on a score of 82 (below today's 85) was granted under the rules of its time.
    job = validate(county_admin, "certificates", workbook(HEADERS, [good]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    certificate = Certificate.objects.get()
    assert (certificate.person, certificate.level, certificate.serial, certificate.status) == (
        holder,
        CertLevel.INTERMEDIATE,
        "HL20230001",
        CertStatus.VALID,
    )
    assert (certificate.issued_on, certificate.review_due_on) == (date(2023, 5, 1), date(2025, 5, 1))


def test_the_import_keeps_the_grants_rules_one_valid_certificate_and_a_free_serial(world, county_admin):
    holder = make_person(world.org_a_child, "王红")
    other = make_person(world.org_a_child, "赵刚")
    first = [holder.id_number, "初级", "HL1", "2024-01-01", 80]
    job = validate(county_admin, "certificates", workbook(HEADERS, [first]))
    imports.import_job_commit(job_id=job.pk)
    rows = [
        [holder.id_number, "高级", "HL2", "2025-01-01", 95],
        [other.id_number, "初级", "HL1", "2025-01-01", 120],
    ]
    job = validate(county_admin, "certificates", workbook(HEADERS, rows))
    by_row = messages(job)
    assert "已持有有效的红领党务证书" in by_row[2]
    assert "年度考核得分应在 0 到 100 之间" in by_row[3]
    rows[1][4] = 90
    by_row = messages(validate(county_admin, "certificates", workbook(HEADERS, rows[1:])))
    assert "证书编号：证书编号“HL1”已登记" in by_row[2]
    assert Certificate.objects.count() == 1


def test_only_county_staff_record_existing_certificates(world, secretary):
    holder = make_person(world.org_a_child, "王红")
    job = validate(secretary, "certificates", workbook(HEADERS, [[holder.id_number, "初级", "HL1", "2024-01-01", 80]]))
    assert job.status == ImportStatus.INVALID
    assert "由县委社会工作部办理" in messages(job)[2]
    assert not Certificate.objects.exists()


def test_the_certificate_list_offers_the_import_to_county_staff_only(world, county_admin, secretary, as_user):
    from django.urls import reverse

    link = reverse("core:import_start", args=["certificates"])
    assert link in as_user(county_admin).get(reverse("members:certificate_list")).content.decode()
    assert link not in as_user(secretary).get(reverse("members:certificate_list")).content.decode()
