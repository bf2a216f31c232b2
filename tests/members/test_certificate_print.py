"""A printed 红领党务 certificate as a person sees it, and the public check of a demoted one.

The rendered page is saved to test-artifacts/screenshots/ for a person to look at.
"""

import subprocess
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from members.choices import CertLevel, CertStatus, Gender, Stage
from members.models import Person
from members.services import certification as services
from members.validators import id_check_char

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        yield


def run(*args: str) -> bytes:
    return subprocess.run(args, check=True, capture_output=True).stdout  # noqa: S603


@pytest.fixture
def holder(world):
    first17 = "37083019850101135"
    return Person.objects.create(
        name="欧阳红领",
        gender=Gender.MALE,
        birth_date=date(1985, 1, 1),
        id_number=first17 + id_check_char(first17),
        party_organization=world.org_a_child,
        stage=Stage.FULL,
    )


def senior(by, person):
    return services.certificate_grant(
        by=by,
        person=person,
        level=CertLevel.SENIOR,
        annual_score=95,
        demo_point_work="创建“红色引擎”党建示范点",
        results="所在企业获评市级党建示范企业",
        issued_on=date(2025, 6, 1),
    )


def test_the_verification_page_says_a_demoted_certificate_no_longer_holds_and_the_new_one_does(
    county_admin, holder, client
):
    old = senior(county_admin, holder)
    new = services.certificate_demote(
        by=county_admin,
        certificate=old,
        level=CertLevel.INTERMEDIATE,
        annual_score=88,
        reason="年度考核未达高级标准",
        changed_on=date(2026, 2, 1),
    )
    old_page = client.get(reverse("members:certificate_verify", args=[old.token]))
    assert old_page.status_code == 200
    text = old_page.content.decode()
    assert CertStatus.DEMOTED.label in text and "不再有效" in text and "2026年2月1日" in text
    assert "欧***" in text and "欧阳红领" not in text and "年度考核未达高级标准" not in text
    new_text = client.get(reverse("members:certificate_verify", args=[new.token])).content.decode()
    assert "该证书<strong>有效</strong>" in new_text and "红领党务中级" in new_text


def test_the_printed_certificate_renders_to_a_landscape_page_whose_qr_code_scans(
    county_admin, holder, as_user, tmp_path
):
    certificate = senior(county_admin, holder)
    response = as_user(county_admin).get(reverse("members:certificate_pdf", args=[certificate.pk]))
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = SCREENSHOTS / "members_certificate"
    run("pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(stem))
    png = stem.with_suffix(".png").read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1170, 827)  # A4 landscape (297 × 210 mm) at 100 dpi, rounded up
    scanned = run("zbarimg", "--raw", "-q", "-Sbinary", str(stem.with_suffix(".png"))).decode()
    assert scanned == settings.SITE_URL.rstrip("/") + reverse("members:certificate_verify", args=[certificate.token])
