"""Writes and rules of public postings (公示): publish with a working-day period, objections, close.

A posting freezes what it posts as lines (names masked), so the public page and the printed notice show
exactly what was posted even if results are corrected later. Its period counts Chinese working days
(core.workdays): holidays are skipped and make-up workdays count.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.choices import Role
from core.jobs import storage_replace
from core.models import User
from core.pdf import render_pdf
from core.workdays import posting_period
from members.validators import mask_name
from organizations.models import Area
from scoring.choices import ObjectionOutcome, PostingKind, PostingStatus, ScorecardStatus
from scoring.models import (
    MonthlyResult,
    Objection,
    OrgRating,
    Posting,
    PostingLine,
    QuarterlyResult,
    RedFlagCandidate,
    Scorecard,
)

NOT_ALLOWED = "公示由县委社会工作部或街镇/园区党（工）委发布，您没有权限。"
# A render asked for by visitors of a missing PDF is not asked for again within this time.
PDF_QUEUE_SECONDS = 600
SUBJECT_FORMATS = {
    PostingKind.SCORECARD: (r"^(\d{4})Q([1-4])$", "如 2025Q2"),
    PostingKind.STAR_MONTHLY: (r"^(\d{4})-(\d{2})$", "如 2025-04"),
    PostingKind.STAR_QUARTERLY: (r"^(\d{4})Q([1-4])$", "如 2025Q1"),
    PostingKind.STAR_RATING: (r"^(\d{4})$", "如 2025"),
    PostingKind.RED_FLAG: (r"^(\d{4})$", "如 2025"),
}


def can_publish(user: User) -> bool:
    return user.is_authenticated and (user.is_county_admin or user.role == Role.AREA_REVIEWER)


def _lines(kind: str, numbers: tuple[int, ...], area: Area | None) -> list[dict]:
    """What a posting of this kind and subject shows, in the order it is posted."""
    org_filter = {"party_organization__area": area} if area else {}
    if kind == PostingKind.SCORECARD:
        year, quarter = numbers
        cards = Scorecard.objects.filter(
            year=year, quarter=quarter, status=ScorecardStatus.REVIEWED, **org_filter
        ).select_related("person", "party_organization")
        return [
            {
                "masked_name": mask_name(c.person.name),
                "organization": c.party_organization.name,
                "detail": f"{c.person.get_stage_display()}；政治思想{c.political} 遵章守纪{c.discipline} "
                f"团结互助{c.solidarity} 工作实绩{c.performance}",
                "score": f"{c.total}分",
                "_card": c.pk,
            }
            for c in cards.order_by("party_organization__path", "-total", "person__name")
        ]
    if kind in (PostingKind.STAR_MONTHLY, PostingKind.STAR_QUARTERLY):
        if kind == PostingKind.STAR_MONTHLY:
            rows = MonthlyResult.objects.filter(month=date(numbers[0], numbers[1], 1))
        else:
            rows = QuarterlyResult.objects.filter(year=numbers[0], quarter=numbers[1])
        rows = rows.filter(is_star_member=True, **org_filter).select_related("person", "party_organization")
        return [
            {
                "masked_name": mask_name(r.person.name),
                "organization": r.party_organization.name,
                "detail": "五星党员" if r.star_count == 5 else f"{r.star_count}星党员",
                "score": f"{r.total}分",
            }
            for r in rows.order_by("-star_count", "-total", "party_organization__path", "person__name")
        ]
    if kind == PostingKind.STAR_RATING:
        ratings = OrgRating.objects.filter(campaign__year=numbers[0], stars__gte=1, **org_filter).select_related(
            "party_organization", "party_organization__area"
        )
        return [
            {
                "masked_name": r.party_organization.name,
                "organization": r.party_organization.area.name,
                "detail": f"{r.stars}星级党组织",
                "score": f"{r.inspection_total}分",
            }
            for r in ratings.order_by("-stars", "-inspection_total", "party_organization__path")
        ]
    candidates = RedFlagCandidate.objects.filter(rating__campaign__year=numbers[0], selected=True, **org_filter)
    return [
        {
            "masked_name": c.party_organization.name,
            "organization": c.party_organization.area.name,
            "detail": f"红旗支部（{c.get_track_display()}）",
            "score": f"五强{c.total}分",
        }
        for c in candidates.select_related("party_organization", "party_organization__area").order_by("-total")
    ]


def earliest_publication(kind: str, numbers: tuple[int, ...], lines: list[dict]) -> date:
    """The first day a posting may be dated: not before what it posts exists. Star results exist once their
    month or quarter has ended (they are computed at the close); reviewed scorecards from their last review;
    a year's ratings and 红旗支部 from the start of that year."""
    year = numbers[0]
    if kind == PostingKind.STAR_MONTHLY:
        month = numbers[1]
        return date(year + month // 12, month % 12 + 1, 1)
    if kind == PostingKind.STAR_QUARTERLY:
        quarter = numbers[1]
        return date(year + quarter // 4, (quarter % 4) * 3 + 1, 1)
    if kind == PostingKind.SCORECARD:
        last = Scorecard.objects.filter(pk__in=[line["_card"] for line in lines]).aggregate(last=Max("updated_at"))
        return timezone.localdate(last["last"])
    return date(year, 1, 1)


def _period_label(kind: str, numbers: tuple[int, ...]) -> str:
    return {
        PostingKind.SCORECARD: lambda: f"{numbers[0]}年第{numbers[1]}季度",
        PostingKind.STAR_MONTHLY: lambda: f"{numbers[0]}年{numbers[1]}月",
        PostingKind.STAR_QUARTERLY: lambda: f"{numbers[0]}年第{numbers[1]}季度",
    }.get(kind, lambda: f"{numbers[0]}年度")()


def _title(kind: str, numbers: tuple[int, ...], area: Area | None) -> str:
    where = area.name if area else "全县"
    return f"{where}{_period_label(kind, numbers)}{PostingKind(kind).label}公示"


@transaction.atomic
def posting_publish(
    *, by: User, kind: str, subject: str, published_on: date | None = None, contact: str = "", body: str = ""
) -> Posting:
    """Post results publicly for the working-day period from settings; an area reviewer posts their area's."""
    if not can_publish(by):
        raise ValidationError(NOT_ALLOWED)
    if kind not in PostingKind.values:
        raise ValidationError({"kind": "请选择公示内容。"})
    pattern, example = SUBJECT_FORMATS[kind]
    match = re.match(pattern, (subject or "").strip())
    if not match:
        raise ValidationError({"subject": f"公示对象格式不正确（{example}）。"})
    numbers = tuple(int(part) for part in match.groups())
    area = by.area if by.role == Role.AREA_REVIEWER else None
    if Posting.objects.filter(kind=kind, subject=subject.strip(), area=area, party_organization=None).exists():
        raise ValidationError("该内容已经发布过公示。")
    lines = _lines(kind, numbers, area)
    if not lines:
        raise ValidationError("没有可公示的内容：请先完成审核、结账或评定。")
    published_on = published_on or timezone.localdate()
    earliest = earliest_publication(kind, numbers, lines)
    if published_on < earliest:
        what = "最后一张积分卡审核通过" if kind == PostingKind.SCORECARD else f"{_period_label(kind, numbers)}结束"
        raise ValidationError({"published_on": f"发布日期不能早于{what}：最早 {earliest:%Y-%m-%d}。"})
    start_on, end_on = posting_period(published_on, settings.POSTING_WORKING_DAYS)
    posting = Posting(
        kind=kind,
        subject=subject.strip(),
        title=_title(kind, numbers, area),
        body=body,
        area=area,
        published_on=published_on,
        start_on=start_on,
        end_on=end_on,
        publisher=f"中共{area.name}工作委员会" if area else settings.ISSUING_BODY,
        contact=contact,
        created_by=by,
    )
    posting.full_clean()
    posting.save()
    PostingLine.objects.bulk_create(
        PostingLine(posting=posting, position=i, **{k: v for k, v in line.items() if not k.startswith("_")})
        for i, line in enumerate(lines, start=1)
    )
    cards = [line["_card"] for line in lines if "_card" in line]
    if cards:
        Scorecard.objects.filter(pk__in=cards, status=ScorecardStatus.REVIEWED).update(status=ScorecardStatus.POSTED)
    posting_pdf_queue(posting=posting)
    return posting


def posting_pdf_queue(*, posting: Posting) -> None:
    """Have the posting's public PDF rendered in the background once the transaction commits. Call it
    whenever what the PDF shows changes."""
    from scoring.tasks import posting_pdf_render

    transaction.on_commit(lambda: posting_pdf_render.delay(posting.pk))


def posting_pdf_missing(*, posting: Posting) -> bool:
    """A visitor found no stored PDF (a posting from before PDFs were stored, or a render that failed):
    queue one render, and none again for a few minutes however many visitors ask. True when queued."""
    if not cache.add(f"posting-pdf-queued:{posting.pk}", 1, PDF_QUEUE_SECONDS):
        return False
    posting_pdf_queue(posting=posting)
    return True


def posting_pdf_render(*, posting_id: int) -> bool:
    """Render a posting's public PDF and store it in place of the previous one; the file name carries a
    digest of the content, which the public page gives as its ETag. Safe to run twice: the same content
    keeps the stored file."""
    posting = Posting.objects.filter(pk=posting_id).first()
    if posting is None:
        return False
    pdf = render_pdf("scoring/posting_pdf.html", {"posting": posting, "lines": list(posting.lines.all())})
    name = f"postings/{posting.pk}-{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
    cache.delete(f"posting-pdf-queued:{posting.pk}")
    if posting.pdf.name == name and default_storage.exists(name):
        return False
    storage_replace(name, ContentFile(pdf))
    Posting.objects.filter(pk=posting.pk).update(pdf=name, pdf_rendered_at=timezone.now())
    if posting.pdf.name and posting.pdf.name != name:
        default_storage.delete(posting.pdf.name)
    return True


def objection_add(*, by: User, posting: Posting, received_on: date, content: str, submitter: str = "") -> Objection:
    """Record an objection received during the posting's period."""
    if not Posting.objects.editable_by(by).filter(pk=posting.pk).exists():
        raise ValidationError("该公示不在您的管理范围内。")
    if not (content or "").strip():
        raise ValidationError({"content": "请填写异议内容。"})
    if not posting.start_on <= received_on <= posting.end_on:
        raise ValidationError(
            {"received_on": f"异议应在公示期内（{posting.start_on:%Y-%m-%d} 至 {posting.end_on:%Y-%m-%d}）提出。"}
        )
    objection = Objection(posting=posting, received_on=received_on, content=content.strip(), submitter=submitter)
    objection.full_clean()
    objection.save()
    return objection


def objection_settle(*, by: User, objection: Objection, outcome: str, note: str) -> Objection:
    """Record how an objection was settled (upheld or dismissed) and why."""
    if not Objection.objects.editable_by(by).filter(pk=objection.pk).exists():
        raise ValidationError("该异议不在您的管理范围内。")
    if outcome not in (ObjectionOutcome.UPHELD, ObjectionOutcome.DISMISSED):
        raise ValidationError({"outcome": "请选择异议是否成立。"})
    if not (note or "").strip():
        raise ValidationError({"outcome_note": "请填写处理说明。"})
    objection.outcome, objection.outcome_note, objection.handled_by = outcome, note.strip(), by
    objection.full_clean()
    objection.save()
    return objection


@transaction.atomic
def posting_close(*, posting: Posting, today: date) -> bool:
    """Close a posting whose period has ended; posted scorecards become final. Safe to run twice."""
    if posting.end_on >= today:
        return False
    closed = Posting.objects.filter(pk=posting.pk, status=PostingStatus.OPEN).update(
        status=PostingStatus.CLOSED, closed_at=timezone.now()
    )
    if not closed:
        return False
    if posting.kind == PostingKind.SCORECARD:
        year, quarter = (int(part) for part in re.match(SUBJECT_FORMATS[posting.kind][0], posting.subject).groups())
        cards = Scorecard.objects.filter(year=year, quarter=quarter, status=ScorecardStatus.POSTED)
        if posting.area_id:
            cards = cards.filter(party_organization__area_id=posting.area_id)
        cards.update(status=ScorecardStatus.FINAL)
    return True


def postings_close_ended(*, today: date) -> int:
    """The beat job: close every posting whose last day is past; returns how many it closed."""
    ended = Posting.objects.filter(status=PostingStatus.OPEN, end_on__lt=today)
    return sum(posting_close(posting=posting, today=today) for posting in ended)
