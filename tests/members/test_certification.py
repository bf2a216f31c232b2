"""红领党务 certification: who may act, each rule and refusal, the printed certificate and the public check."""

import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from members.choices import CertLevel, CertStatus, Stage
from members.models import Certificate
from members.services import certification as services
from tests.members.matrix_certification import person_a

CJK_FONT = re.compile(r"WenQuanYi|Noto-?Sans-?CJK", re.IGNORECASE)
TODAY = date(2026, 3, 1)
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        yield


def run(*args: str) -> bytes:
    return subprocess.run(args, check=True, capture_output=True).stdout  # noqa: S603


def grant(by, person, level=CertLevel.JUNIOR, score=85, issued_on=date(2025, 6, 1), **extra):
    return services.certificate_grant(
        by=by,
        person=person,
        level=level,
        annual_score=score,
        demo_point_work=extra.get("demo_point_work", "创建党建示范点"),
        results=extra.get("results", "获评市级先进党组织"),
        issued_on=issued_on,
    )


@pytest.fixture
def holder(world):
    return person_a(world)


# --- grant --------------------------------------------------------------------------------------


def test_the_county_grants_a_certificate_with_a_random_serial_and_token(county_admin, holder):
    certificate = grant(county_admin, holder)
    assert certificate.status == CertStatus.VALID
    assert re.fullmatch(r"HL2025[A-Z2-7]{8}", certificate.serial)
    assert len(certificate.token) >= 24
    assert certificate.review_due_on == date(2027, 6, 1)
    assert certificate.history.count() == 1


def test_a_secretary_may_not_grant_and_nothing_is_saved(secretary, holder):
    with pytest.raises(ValidationError, match="县委社会工作部"):
        grant(secretary, holder)
    assert not Certificate.objects.exists()


def test_an_area_reviewer_posting_the_grant_form_is_refused(area_reviewer, holder, as_user):
    data = {"person": holder.pk, "level": "junior", "annual_score": 90, "issued_on": "2025-06-01"}
    response = as_user(area_reviewer).post(reverse("members:certificate_create"), data)
    assert response.status_code == 403
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("level", "score", "extra", "message"),
    [
        (CertLevel.JUNIOR, 79, {}, "不低于 80 分"),
        (CertLevel.INTERMEDIATE, 84, {}, "不低于 85 分"),
        (CertLevel.INTERMEDIATE, 90, {"demo_point_work": ""}, "示范点创建"),
        (CertLevel.SENIOR, 89, {}, "不低于 90 分"),
        (CertLevel.SENIOR, 95, {"results": ""}, "工作成效"),
    ],
)
def test_it_refuses_a_grant_below_the_levels_requirements(county_admin, holder, level, score, extra, message):
    with pytest.raises(ValidationError, match=message):
        grant(county_admin, holder, level=level, score=score, **extra)
    assert not Certificate.objects.exists()


def test_it_refuses_a_second_valid_certificate(county_admin, holder):
    grant(county_admin, holder)
    with pytest.raises(ValidationError, match="已持有有效"):
        grant(county_admin, holder, level=CertLevel.SENIOR, score=95)
    assert Certificate.objects.count() == 1


def test_it_refuses_a_person_who_is_not_a_party_member(county_admin, holder):
    holder.stage = Stage.ACTIVIST
    holder.save()
    with pytest.raises(ValidationError, match="尚未入党"):
        grant(county_admin, holder)


def test_it_refuses_a_future_issue_date(county_admin, holder):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        grant(county_admin, holder, issued_on=TODAY + timedelta(days=1))


def test_the_grant_page_saves_through_the_service(county_admin, holder, as_user):
    data = {"person": holder.pk, "level": "junior", "annual_score": 88, "issued_on": "2025-06-01"}
    response = as_user(county_admin).post(reverse("members:certificate_create"), data)
    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:certificate_detail", args=[certificate.pk])


def test_the_grant_page_shows_a_refusal_as_a_form_error(county_admin, holder, as_user):
    data = {"person": holder.pk, "level": "senior", "annual_score": 88, "issued_on": "2025-06-01"}
    response = as_user(county_admin).post(reverse("members:certificate_create"), data)
    assert response.status_code == 200
    assert "不低于 90 分" in response.content.decode()
    assert not Certificate.objects.exists()


# --- promote, demote, revoke --------------------------------------------------------------------


def test_a_promotion_within_the_cycle_ends_the_old_certificate_and_issues_a_new_one(county_admin, holder):
    old = grant(county_admin, holder)
    new = services.certificate_promote(
        by=county_admin,
        certificate=old,
        level=CertLevel.INTERMEDIATE,
        annual_score=90,
        demo_point_work="示范点",
        changed_on=date(2026, 1, 10),
    )
    old.refresh_from_db()
    assert (old.status, old.ended_on) == (CertStatus.PROMOTED, date(2026, 1, 10))
    assert (new.level, new.status, new.issued_on) == (CertLevel.INTERMEDIATE, CertStatus.VALID, date(2026, 1, 10))
    assert new.serial != old.serial
    assert old.history.count() == 2
    assert old.history.first().history_change_reason == "晋级为中级"


def test_a_promotion_after_the_two_year_cycle_is_refused(county_admin, holder):
    old = grant(county_admin, holder, issued_on=date(2024, 2, 1))
    with pytest.raises(ValidationError, match="两年动态调整期"):
        services.certificate_promote(
            by=county_admin,
            certificate=old,
            level=CertLevel.INTERMEDIATE,
            annual_score=90,
            demo_point_work="示范点",
            changed_on=date(2026, 2, 1),
        )
    old.refresh_from_db()
    assert old.status == CertStatus.VALID
    assert Certificate.objects.count() == 1


def test_a_promotion_to_the_same_or_a_lower_level_is_refused(county_admin, holder):
    old = grant(county_admin, holder, level=CertLevel.INTERMEDIATE, score=90)
    with pytest.raises(ValidationError, match="应高于现等级"):
        services.certificate_promote(
            by=county_admin, certificate=old, level=CertLevel.JUNIOR, annual_score=95, changed_on=TODAY
        )


def test_a_demotion_within_the_cycle_issues_a_lower_certificate(county_admin, holder):
    old = grant(county_admin, holder, level=CertLevel.SENIOR, score=95)
    new = services.certificate_demote(
        by=county_admin,
        certificate=old,
        level=CertLevel.JUNIOR,
        annual_score=81,
        reason="年度考核下滑",
        changed_on=date(2026, 2, 1),
    )
    old.refresh_from_db()
    assert old.status == CertStatus.DEMOTED
    assert "年度考核下滑" in old.end_reason
    assert (new.level, new.status) == (CertLevel.JUNIOR, CertStatus.VALID)


def test_a_demotion_outside_the_cycle_is_refused(county_admin, holder):
    old = grant(county_admin, holder, level=CertLevel.SENIOR, score=95, issued_on=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="两年动态调整期"):
        services.certificate_demote(
            by=county_admin, certificate=old, level=CertLevel.JUNIOR, annual_score=81, reason="下滑", changed_on=TODAY
        )
    assert Certificate.objects.get().status == CertStatus.VALID


def test_a_demotion_needs_a_reason_and_a_score_that_keeps_the_lower_level(county_admin, holder):
    old = grant(county_admin, holder, level=CertLevel.INTERMEDIATE, score=90)
    with pytest.raises(ValidationError, match="降级原因"):
        services.certificate_demote(
            by=county_admin, certificate=old, level=CertLevel.JUNIOR, annual_score=81, reason=" ", changed_on=TODAY
        )
    with pytest.raises(ValidationError, match="请撤销证书"):
        services.certificate_demote(
            by=county_admin, certificate=old, level=CertLevel.JUNIOR, annual_score=60, reason="差", changed_on=TODAY
        )
    assert Certificate.objects.get().status == CertStatus.VALID


def test_revocation_recalls_the_certificate_and_cannot_be_repeated(county_admin, holder):
    certificate = grant(county_admin, holder)
    services.certificate_revoke(by=county_admin, certificate=certificate, reason="已调离党务工作岗位")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.ended_on) == (CertStatus.REVOKED, TODAY)
    assert "已调离党务工作岗位" in certificate.end_reason
    with pytest.raises(ValidationError, match="不能再撤销"):
        services.certificate_revoke(by=county_admin, certificate=certificate, reason="再次")
    with pytest.raises(ValidationError, match="不能再晋级"):
        services.certificate_promote(
            by=county_admin, certificate=certificate, level=CertLevel.SENIOR, annual_score=99, changed_on=TODAY
        )


@pytest.mark.parametrize("action", ["promote", "demote", "revoke"])
def test_a_secretary_may_not_change_a_certificate(county_admin, secretary, holder, action, as_user):
    certificate = grant(county_admin, holder, level=CertLevel.INTERMEDIATE, score=90)
    with pytest.raises(ValidationError, match="县委社会工作部"):
        services.certificate_revoke(by=secretary, certificate=certificate, reason="调离")
    response = as_user(secretary).post(
        reverse(f"members:certificate_{action}", args=[certificate.pk]),
        {
            "level": "junior",
            "annual_score": 95,
            "reason": "调离",
            "changed_on": "2026-01-01",
            "revoked_on": "2026-01-01",
        },
    )
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.VALID
    assert Certificate.objects.count() == 1


def test_the_revoke_page_revokes_and_the_detail_page_shows_the_history(county_admin, holder, as_user):
    certificate = grant(county_admin, holder)
    client = as_user(county_admin)
    response = client.post(
        reverse("members:certificate_revoke", args=[certificate.pk]), {"reason": "调离", "revoked_on": "2026-02-01"}
    )
    assert response.status_code == 302
    page = client.get(reverse("members:certificate_detail", args=[certificate.pk])).content.decode()
    assert "修改记录" in page
    assert "撤销并收回证书：调离" in page


# --- public verification ------------------------------------------------------------------------


def test_the_verification_page_shows_a_valid_certificate_with_the_name_masked(county_admin, holder, client):
    certificate = grant(county_admin, holder)
    page = client.get(reverse("members:certificate_verify", args=[certificate.token])).content.decode()
    assert "有效" in page
    assert "张**" in page
    assert certificate.serial in page
    assert "张红领" not in page
    assert holder.id_number not in page
    assert holder.party_organization.name not in page


def test_the_issuing_body_comes_from_the_settings(county_admin, holder, client, settings):
    settings.ISSUING_BODY = "中共某某县委社会工作部"
    certificate = grant(county_admin, holder)
    page = client.get(reverse("members:certificate_verify", args=[certificate.token])).content.decode()
    assert "中共某某县委社会工作部" in page and "汶上" not in page


def test_the_verification_page_says_a_revoked_certificate_is_revoked(county_admin, holder, client):
    certificate = grant(county_admin, holder)
    services.certificate_revoke(by=county_admin, certificate=certificate, reason="调离")
    response = client.get(reverse("members:certificate_verify", args=[certificate.token]))
    assert response.status_code == 200
    assert "已撤销" in response.content.decode()


def test_the_verification_page_says_an_unknown_token_matches_nothing(client, world):
    response = client.get(reverse("members:certificate_verify", args=["no-such-token"]))
    assert response.status_code == 404
    assert "未找到该证书" in response.content.decode()


def test_a_serial_is_no_key_to_the_verification_page(county_admin, holder, client):
    certificate = grant(county_admin, holder)
    assert client.get(reverse("members:certificate_verify", args=[certificate.serial])).status_code == 404


# --- PDFs ---------------------------------------------------------------------------------------


def test_a_certificate_pdf_embeds_a_cjk_font_and_its_qr_code_opens_the_verification_page(
    county_admin, holder, as_user, tmp_path
):
    certificate = grant(county_admin, holder, level=CertLevel.INTERMEDIATE, score=90)
    response = as_user(county_admin).get(reverse("members:certificate_pdf", args=[certificate.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "one.pdf"
    path.write_bytes(response.content)
    fonts = [line.split() for line in run("pdffonts", str(path)).decode().splitlines()[2:]]
    assert any(CJK_FONT.search(row[0]) and row[-5] == "yes" for row in fonts)
    info = run("pdfinfo", str(path)).decode()
    assert "Pages:           1" in info
    assert "841.89 x 595.276" in info  # A4 landscape
    text = re.sub(r"\s+", "", run("pdftotext", str(path), "-").decode())
    for expected in ("红领党务证书", "张红领", "中级", certificate.serial, "中共汶上县委社会工作部", "2025年6月1日"):
        assert expected in text
    run("pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(tmp_path / "page"))
    scanned = run("zbarimg", "--raw", "-q", "-Sbinary", str(tmp_path / "page.png")).decode()
    expected_url = settings.SITE_URL.rstrip("/") + f"/members/certificates/verify/{certificate.token}/"
    assert scanned == expected_url


def test_another_organisations_certificate_pdf_is_404(county_admin, other_secretary, holder, as_user):
    certificate = grant(county_admin, holder)
    assert as_user(other_secretary).get(reverse("members:certificate_pdf", args=[certificate.pk])).status_code == 404


def _people(world, count: int):
    return [person_a(world, name=f"党务{i:02d}", serial=f"{100 + i:04d}") for i in range(count)]


def test_a_batch_prints_every_valid_certificate_of_a_level_in_scope_as_one_document(
    world, county_admin, secretary, as_user, django_capture_on_commit_callbacks, tmp_path
):
    for person in _people(world, 5):
        grant(county_admin, person)
    revoked = grant(county_admin, person_a(world, name="已撤销", serial="0999"))
    services.certificate_revoke(by=county_admin, certificate=revoked, reason="调离")
    client = as_user(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:certificate_batch_start"), {"level": "junior"})
    assert response.status_code == 302
    job_id = response["Location"].rstrip("/").split("/")[-1]
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page
    download = client.get(reverse("members:certificate_batch_download", args=[job_id]))
    path = tmp_path / "batch.pdf"
    path.write_bytes(download.content)
    assert "Pages:           5" in run("pdfinfo", str(path)).decode()
    assert "已撤销" not in run("pdftotext", str(path), "-").decode()
    assert default_storage.exists(services.batch_file_path(job_id))


def test_a_running_batch_shows_its_progress_and_polls(world, county_admin, as_user):
    grant(county_admin, _people(world, 1)[0])
    job_id = services.certificate_batch_start(by=county_admin, level=CertLevel.JUNIOR)  # on_commit not run here
    response = as_user(county_admin).get(reverse("members:certificate_batch_detail", args=[job_id]))
    page = response.content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "0 / 1" in page


def test_a_batch_job_is_its_owners_alone(world, county_admin, area_reviewer, as_user):
    grant(county_admin, _people(world, 1)[0])
    job_id = services.certificate_batch_start(by=county_admin, level=CertLevel.JUNIOR)
    services.certificate_batch_render(job_id=job_id)
    assert as_user(area_reviewer).get(reverse("members:certificate_batch_detail", args=[job_id])).status_code == 404
    url = reverse("members:certificate_batch_download", args=[job_id])
    assert as_user(area_reviewer).get(url).status_code == 404


def test_a_batch_with_nothing_to_print_is_refused(world, other_secretary, county_admin, as_user):
    grant(county_admin, _people(world, 1)[0])
    with pytest.raises(ValidationError, match="没有有效的初级证书"):
        services.certificate_batch_start(by=other_secretary, level=CertLevel.JUNIOR)
    response = as_user(other_secretary).post(reverse("members:certificate_batch_start"), {"level": "junior"})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:certificate_list")


def test_batch_start_only_accepts_post(county_admin, client, as_user, world):
    url = reverse("members:certificate_batch_start")
    assert as_user(county_admin).get(url).status_code == 405
    assert client.post(url, {"level": "junior"})["Location"].startswith(reverse("login"))


def test_rendering_a_batch_twice_gives_the_same_file(world, county_admin):
    grant(county_admin, _people(world, 1)[0])
    job_id = services.certificate_batch_start(by=county_admin, level=CertLevel.JUNIOR)
    assert services.certificate_batch_render(job_id=job_id) is True
    assert services.certificate_batch_render(job_id=job_id) is False
    assert Path(default_storage.path(services.batch_file_path(job_id))).exists()


def test_the_list_counts_valid_certificates_per_level(world, county_admin, as_user):
    people = _people(world, 3)
    grant(county_admin, people[0])
    grant(county_admin, people[1], level=CertLevel.SENIOR, score=95)
    revoked = grant(county_admin, people[2])
    services.certificate_revoke(by=county_admin, certificate=revoked, reason="调离")
    response = as_user(county_admin).get(reverse("members:certificate_list"))
    counts = {figure.key: figure.value for figure in response.context["totals"]}
    assert counts == {"valid": 2, "junior": 1, "intermediate": 0, "senior": 1}
