"""Writes and rules of 红领党务 certification: grant, promote, demote, revoke, and batch printing.

Only county staff (县委社会工作部) act on certificates; everybody else may read within their scope.
Every change goes through one of these functions, so the rules and the history live in one place.
"""

import base64
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.jobs import Jobs, storage_replace
from core.models import User
from core.pdf import qr_png_data_uri, render_pdf_pages
from members.choices import CERT_LEVEL_ORDER, CertLevel, CertStatus, Stage
from members.models import Certificate, Person
from members.validators import mask_name

# What each level asks of the annual assessment, demonstration-point work (示范点创建) and results (工作成效).
LEVEL_REQUIREMENTS: dict[str, dict] = {
    CertLevel.JUNIOR: {"min_score": 80, "demo_point": False, "results": False},
    CertLevel.INTERMEDIATE: {"min_score": 85, "demo_point": True, "results": False},
    CertLevel.SENIOR: {"min_score": 90, "demo_point": True, "results": True},
}
REVIEW_CYCLE_YEARS = 2
COUNTY_ONLY = "红领党务证书的发证、晋级、降级和撤销由县委社会工作部办理，您没有权限。"
MEMBER_STAGES = (Stage.PROBATIONARY, Stage.FULL)

# Batch printing: rendered in chunks so the progress page moves; the job lives in the database (core.jobs).
BATCH_CHUNK = 100
QR_MASK = 4  # any of the eight is valid; fixing one skips trying them all for every certificate


def _require_county(by: User) -> None:
    if not (by.is_authenticated and by.is_active and by.is_county_admin):
        raise ValidationError(COUNTY_ONLY, code="not_county")


def _level_label(level: str) -> str:
    labels = dict(CertLevel.choices)
    if level not in labels:
        raise ValidationError({"level": "请选择证书等级（初级、中级、高级）。"})
    return str(labels[level])


def _rank(level: str) -> int:
    return CERT_LEVEL_ORDER.index(level)


def _not_future(value: date | None, field: str, label: str) -> date:
    if value is None:
        raise ValidationError({field: f"请填写{label}。"})
    if value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    return value


def level_requirements_check(*, level: str, annual_score: int | None, demo_point_work: str, results: str) -> None:
    """Refuse when the assessment, demonstration-point work or results fall short of the level."""
    label = _level_label(level)
    need = LEVEL_REQUIREMENTS[level]
    if annual_score is None or not 0 <= annual_score <= 100:
        raise ValidationError({"annual_score": "年度考核得分应在 0 到 100 之间。"})
    if annual_score < need["min_score"]:
        raise ValidationError(
            {"annual_score": f"{label}要求年度考核得分不低于 {need['min_score']} 分，当前 {annual_score} 分。"}
        )
    if need["demo_point"] and not (demo_point_work or "").strip():
        raise ValidationError({"demo_point_work": f"{label}要求有示范点创建成绩，请填写。"})
    if need["results"] and not (results or "").strip():
        raise ValidationError({"results": f"{label}要求有突出的工作成效，请填写。"})


def review_due(issued_on: date) -> date:
    """Two years on; 29 February falls back to 28 February."""
    try:
        return issued_on.replace(year=issued_on.year + REVIEW_CYCLE_YEARS)
    except ValueError:
        return issued_on.replace(year=issued_on.year + REVIEW_CYCLE_YEARS, day=28)


def _new_serial(year: int) -> str:
    """HL + year + 8 random base32 characters: not sequential, so serials do not reveal each other."""
    while True:
        serial = f"HL{year}{base64.b32encode(secrets.token_bytes(5)).decode()}"
        if not Certificate.objects.filter(serial=serial).exists():
            return serial


def _issue(
    *,
    by: User,
    person: Person,
    level: str,
    annual_score: int,
    demo_point_work: str,
    results: str,
    issued_on: date,
    serial: str = "",
) -> Certificate:
    certificate = Certificate(
        person=person,
        level=level,
        serial=serial or _new_serial(issued_on.year),
        token=secrets.token_urlsafe(18),
        status=CertStatus.VALID,
        issued_on=issued_on,
        review_due_on=review_due(issued_on),
        annual_score=annual_score,
        demo_point_work=(demo_point_work or "").strip(),
        results=(results or "").strip(),
        issued_by=by,
    )
    certificate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        # Two grants racing for one person: the database's one-valid-certificate rule decides.
        raise ValidationError("该人员已持有有效的红领党务证书，不能重复发证。") from None
    return certificate


@transaction.atomic
def certificate_grant(
    *,
    by: User,
    person: Person,
    level: str,
    annual_score: int,
    demo_point_work: str = "",
    results: str = "",
    issued_on: date,
) -> Certificate:
    """Certify a Party-affairs worker at a level, from the annual assessment, demonstration point and results."""
    _require_county(by)
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError({"person": "该人员不在您的管理范围内。"})
    if person.stage not in MEMBER_STAGES:
        raise ValidationError({"person": "红领党务认证面向党员（含预备党员）党务工作者，该人员尚未入党。"})
    level_requirements_check(level=level, annual_score=annual_score, demo_point_work=demo_point_work, results=results)
    _not_future(issued_on, "issued_on", "发证日期")
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    if Certificate.objects.filter(person=person, status=CertStatus.VALID).exists():
        raise ValidationError({"person": "该人员已持有有效的红领党务证书；如需调整等级，请办理晋级或降级。"})
    return _issue(
        by=by,
        person=person,
        level=level,
        annual_score=annual_score,
        demo_point_work=demo_point_work,
        results=results,
        issued_on=issued_on,
    )


SERIAL_MAX = Certificate._meta.get_field("serial").max_length


@transaction.atomic
def certificate_record_existing(
    *, by: User, person: Person, level: str, serial: str, issued_on: date, annual_score: int
) -> Certificate:
    """Record a certificate granted before the county used this system, under its own serial and date.

    The level requirements (score threshold, demonstration point, results) were judged when it was granted and
    are not asked again; everything else holds as for a grant: county staff only, a member in scope, one valid
    certificate per person, a date not in the future, and a serial no other certificate carries."""
    _require_county(by)
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError({"person": "该人员不在您的管理范围内。"})
    if person.stage not in MEMBER_STAGES:
        raise ValidationError({"person": "红领党务认证面向党员（含预备党员）党务工作者，该人员尚未入党。"})
    _level_label(level)
    serial = (serial or "").strip()
    if not serial:
        raise ValidationError({"serial": "请填写证书编号。"})
    if len(serial) > SERIAL_MAX:
        raise ValidationError({"serial": f"证书编号不超过 {SERIAL_MAX} 个字符。"})
    if annual_score is None or not 0 <= annual_score <= 100:
        raise ValidationError({"annual_score": "年度考核得分应在 0 到 100 之间。"})
    _not_future(issued_on, "issued_on", "发证日期")
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    if Certificate.objects.filter(serial=serial).exists():
        raise ValidationError({"serial": f"证书编号“{serial}”已登记。"})
    if Certificate.objects.filter(person=person, status=CertStatus.VALID).exists():
        raise ValidationError({"person": "该人员已持有有效的红领党务证书；如需调整等级，请办理晋级或降级。"})
    return _issue(
        by=by,
        person=person,
        level=level,
        annual_score=annual_score,
        demo_point_work="",
        results="",
        issued_on=issued_on,
        serial=serial,
    )


def _lock_valid(by: User, certificate: Certificate, action: str) -> Certificate:
    _require_county(by)
    locked = Certificate.objects.editable_by(by).select_for_update().filter(pk=certificate.pk).first()
    if locked is None:
        raise ValidationError("该证书不在您的管理范围内。")
    if locked.status != CertStatus.VALID:
        raise ValidationError(f"该证书已{locked.get_status_display()}，不能再{action}。")
    return locked


def _within_cycle(certificate: Certificate, changed_on: date, action: str) -> None:
    _not_future(changed_on, "changed_on", f"{action}日期")
    if changed_on < certificate.issued_on:
        raise ValidationError({"changed_on": f"{action}日期不能早于发证日期 {certificate.issued_on:%Y-%m-%d}。"})
    if changed_on >= certificate.review_due_on:
        raise ValidationError(
            {
                "changed_on": f"已超过两年动态调整期（截至 {certificate.review_due_on:%Y-%m-%d}），"
                f"不能{action}；请重新考核认定。"
            }
        )


def _end(certificate: Certificate, *, status: str, ended_on: date, reason: str) -> None:
    certificate.status = status
    certificate.ended_on = ended_on
    certificate.end_reason = reason[:200]
    certificate._change_reason = reason[:100]
    certificate.full_clean(validate_constraints=False)
    certificate.save(update_fields=["status", "ended_on", "end_reason"])


@transaction.atomic
def certificate_promote(
    *,
    by: User,
    certificate: Certificate,
    level: str,
    annual_score: int,
    demo_point_work: str = "",
    results: str = "",
    changed_on: date,
) -> Certificate:
    """Within the two-year cycle, end the certificate as promoted and issue one at the higher level."""
    old = _lock_valid(by, certificate, "晋级")
    label = _level_label(level)
    if _rank(level) <= _rank(old.level):
        raise ValidationError({"level": f"晋级后的等级应高于现等级（{old.get_level_display()}）。"})
    _within_cycle(old, changed_on, "晋级")
    level_requirements_check(level=level, annual_score=annual_score, demo_point_work=demo_point_work, results=results)
    _end(old, status=CertStatus.PROMOTED, ended_on=changed_on, reason=f"晋级为{label}")
    return _issue(
        by=by,
        person=old.person,
        level=level,
        annual_score=annual_score,
        demo_point_work=demo_point_work,
        results=results,
        issued_on=changed_on,
    )


@transaction.atomic
def certificate_demote(
    *,
    by: User,
    certificate: Certificate,
    level: str,
    annual_score: int,
    reason: str,
    changed_on: date,
) -> Certificate:
    """Within the two-year cycle, end the certificate as demoted and issue one at the lower level."""
    old = _lock_valid(by, certificate, "降级")
    label = _level_label(level)
    if _rank(level) >= _rank(old.level):
        raise ValidationError({"level": f"降级后的等级应低于现等级（{old.get_level_display()}）。"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写降级原因。"})
    _within_cycle(old, changed_on, "降级")
    try:
        level_requirements_check(
            level=level, annual_score=annual_score, demo_point_work=old.demo_point_work, results=old.results
        )
    except ValidationError as error:
        raise ValidationError(
            f"不满足{label}条件：{' '.join(error.messages)} 如已不符合认定条件，请撤销证书。"
        ) from None
    _end(old, status=CertStatus.DEMOTED, ended_on=changed_on, reason=f"降级为{label}：{reason}")
    return _issue(
        by=by,
        person=old.person,
        level=level,
        annual_score=annual_score,
        demo_point_work=old.demo_point_work,
        results=old.results,
        issued_on=changed_on,
    )


@transaction.atomic
def certificate_revoke(
    *, by: User, certificate: Certificate, reason: str, revoked_on: date | None = None
) -> Certificate:
    """The holder left Party-affairs work: the level is lost and the certificate recalled."""
    old = _lock_valid(by, certificate, "撤销")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因（如已调离党务工作岗位）。"})
    revoked_on = _not_future(revoked_on or timezone.localdate(), "revoked_on", "撤销日期")
    if revoked_on < old.issued_on:
        raise ValidationError({"revoked_on": f"撤销日期不能早于发证日期 {old.issued_on:%Y-%m-%d}。"})
    _end(old, status=CertStatus.REVOKED, ended_on=revoked_on, reason=f"撤销并收回证书：{reason}")
    return old


# --- printing -----------------------------------------------------------------------------------


def verify_url(certificate: Certificate) -> str:
    """The absolute public verification URL printed in the QR code."""
    return settings.SITE_URL.rstrip("/") + reverse("members:certificate_verify", args=[certificate.token])


def certificate_page(certificate: Certificate) -> dict:
    """What one printed certificate shows."""
    url = verify_url(certificate)
    return {
        "name": certificate.person.name,
        "level": certificate.get_level_display(),
        "serial": certificate.serial,
        "issued_on": certificate.issued_on,
        "review_due_on": certificate.review_due_on,
        "organization": certificate.person.party_organization.name,
        "verify_url": url,
        # PNG with a fixed mask: a batch holds a thousand codes, and SVG ones are slow to build and to write.
        "qr": qr_png_data_uri(url, scale=6, border=2, mask=QR_MASK),
    }


def certificates_pdf(certificates, *, progress=None) -> bytes:
    """One PDF with a page per certificate, laid out in chunks (``progress(done)`` after each)."""
    certificates = list(certificates)
    if not certificates:
        raise ValueError("no certificates to print")
    return render_pdf_pages(
        "pdf/certificate.html",
        [certificate_page(certificate) for certificate in certificates],
        common={"issuing_body": settings.ISSUING_BODY},
        base_url=settings.SITE_URL,
        chunk_size=BATCH_CHUNK,
        progress=progress,
    )


def certificates_for_batch(*, user: User, level: str):
    """Valid certificates of one level within the user's scope, in print order."""
    return (
        Certificate.objects.visible_to(user)
        .filter(level=level, status=CertStatus.VALID)
        .select_related("person__party_organization")
        .order_by("person__party_organization__path", "person__name", "serial")
    )


BATCH_JOBS = Jobs(
    "certificate_batch",
    task="members.tasks.certificate_batch_render",
    label="证书批量打印",
    detail_url="members:certificate_batch_detail",
)


def batch_job_get(job_id: str) -> dict | None:
    return BATCH_JOBS.get(job_id)


def batch_file_path(job_id: str) -> str:
    return f"certificates/batches/{job_id}.pdf"


def certificate_batch_start(*, by: User, level: str) -> str:
    """Queue printing every valid certificate of a level in the user's scope as one PDF; returns the job id."""
    label = _level_label(level)
    total = certificates_for_batch(user=by, level=level).count()
    if total == 0:
        raise ValidationError(f"您的管理范围内没有有效的{label}证书。")
    return BATCH_JOBS.start(user=by, job={"level": level, "level_label": label, "total": total, "done": 0, "error": ""})


def certificate_batch_render(*, job_id: str) -> bool:
    """Render a queued batch into default storage; safe to run twice (a finished job is left alone)."""
    return BATCH_JOBS.run(job_id, _batch_render)


def _batch_render(job_id: str, job: dict, user: User) -> dict:
    def progress(done: int) -> None:
        job["done"] = done
        BATCH_JOBS.progress(job_id, job)

    certificates = list(certificates_for_batch(user=user, level=job["level"]))
    job["total"] = len(certificates)
    pdf = certificates_pdf(certificates, progress=progress)
    path = batch_file_path(job_id)
    storage_replace(path, ContentFile(pdf))
    return {"done": job["total"], "path": path}


def masked_holder(certificate: Certificate) -> str:
    return mask_name(certificate.person.name)
