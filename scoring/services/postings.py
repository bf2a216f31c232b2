"""Writes and rules of public postings (公示): preview and confirm, a working-day period, withdrawal and correction,
objections, close.

A posting freezes what it posts as lines (names masked), so the public page and the printed notice show
exactly what was posted even if results are corrected later. Its period counts Chinese working days
(core.workdays): holidays are skipped and make-up workdays count.

Publishing is two steps: ``posting_preview`` shows who would be included (per area, with what is not yet
reviewed) and signs what it showed; ``posting_publish`` posts only with that signature, and only if what it
would post is still what was shown. County staff may withdraw (撤回) or correct (更正) a posting with a reason:
the old posting and its PDF stay, marked, and a correction is a new posting through the same preview.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signing import BadSignature, Signer
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from core.choices import Role
from core.jobs import storage_replace
from core.models import User
from core.pdf import render_pdf
from core.workdays import posting_period
from members.validators import mask_name
from organizations.models import Area
from scoring.choices import CampaignStep, MonthStatus, ObjectionOutcome, PostingKind, PostingStatus, ScorecardStatus
from scoring.models import (
    MonthlyResult,
    Objection,
    OrgRating,
    Posting,
    PostingLine,
    QuarterlyResult,
    RatingCampaign,
    RedFlagCandidate,
    Scorecard,
    ScoringMonth,
)

NOT_ALLOWED = "公示由县委社会工作部或街镇/园区党（工）委发布，您没有权限。"
WITHDRAW_NOT_ALLOWED = "公示只能由县委社会工作部撤回或更正，您没有权限。"
NOT_PREVIEWED = "请先预览，核对纳入公示的名单后再确认发布。"
PREVIEW_CHANGED = "预览之后，纳入公示的名单或公示内容有变化：请核对新的预览后再确认。"
PREVIEW_SALT = "scoring.posting-preview"
# A render asked for by visitors of a missing PDF is not asked for again within this time.
PDF_QUEUE_SECONDS = 600
SUBJECT_FORMATS = {
    PostingKind.SCORECARD: (r"^(\d{4})Q([1-4])$", "如 2025Q2"),
    PostingKind.STAR_MONTHLY: (r"^(\d{4})-(\d{2})$", "如 2025-04"),
    PostingKind.STAR_QUARTERLY: (r"^(\d{4})Q([1-4])$", "如 2025Q1"),
    PostingKind.STAR_RATING: (r"^(\d{4})$", "如 2025"),
    PostingKind.RED_FLAG: (r"^(\d{4})$", "如 2025"),
}
# What a kind is posted by: its period's unit, as the page's period list groups them.
PERIOD_UNITS = {
    PostingKind.SCORECARD: "季度",
    PostingKind.STAR_MONTHLY: "月份",
    PostingKind.STAR_QUARTERLY: "季度",
    PostingKind.STAR_RATING: "年度",
    PostingKind.RED_FLAG: "年度",
}


def can_publish(user: User) -> bool:
    return user.is_authenticated and (user.is_county_admin or user.role == Role.AREA_REVIEWER)


def _lines(kind: str, numbers: tuple[int, ...], area: Area | None, *, corrects: Posting | None = None) -> list[dict]:
    """What a posting of this kind and subject shows, in the order it is posted; a correction takes in the cards
    the posting it corrects had posted (they are handed back to reviewed when it is confirmed)."""
    org_filter = {"party_organization__area": area} if area else {}
    if kind == PostingKind.SCORECARD:
        year, quarter = numbers
        statuses = [ScorecardStatus.REVIEWED, *([ScorecardStatus.POSTED] if corrects else [])]
        cards = Scorecard.objects.filter(year=year, quarter=quarter, status__in=statuses, **org_filter).select_related(
            "person", "party_organization"
        )
        return [
            {
                "masked_name": mask_name(c.person.name),
                "organization": c.party_organization.name,
                "detail": f"{c.person.get_stage_display()}；政治思想{c.political} 遵章守纪{c.discipline} "
                f"团结互助{c.solidarity} 工作实绩{c.performance}",
                "score": f"{c.total}分",
                "_card": c.pk,
                "_area": c.party_organization.area_id,
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
                "_area": r.party_organization.area_id,
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
                "_area": r.party_organization.area_id,
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
            "_area": c.party_organization.area_id,
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


def _period_bounds(kind: str, numbers: tuple[int, ...]) -> tuple[date, date]:
    """The first and last day of the period a posting refers to."""
    year = numbers[0]
    if kind == PostingKind.STAR_MONTHLY:
        month = numbers[1]
        return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    if kind in (PostingKind.SCORECARD, PostingKind.STAR_QUARTERLY):
        quarter = numbers[1]
        return date(year, 3 * quarter - 2, 1), date(year + quarter // 4, (quarter % 4) * 3 + 1, 1) - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)


def posting_subject_check(*, kind: str, subject: str, today: date) -> tuple[int, ...]:
    """The period a posting refers to must be a real one of its kind's unit (a quarter, a month, a year) and not in
    the future; star members are posted only once their month or quarter has ended (they come from its close).
    Scorecards may be posted in their quarter's last days (they are reviewed then) and a year's ratings during the
    year: ``earliest_publication`` keeps each after what it posts. Returns the period's numbers."""
    if kind not in PostingKind.values:
        raise ValidationError({"kind": "请选择公示内容。"})
    pattern, _example = SUBJECT_FORMATS[kind]
    match = re.match(pattern, (subject or "").strip())
    numbers = tuple(int(part) for part in match.groups()) if match else ()
    if (
        not numbers
        or not 2000 <= numbers[0] <= 2100
        or (kind == PostingKind.STAR_MONTHLY and not 1 <= numbers[1] <= 12)
    ):
        raise ValidationError(
            {"subject": f"{PostingKind(kind).label}按{PERIOD_UNITS[kind]}公示，请选择{PERIOD_UNITS[kind]}。"}
        )
    first, last = _period_bounds(kind, numbers)
    label = _period_label(kind, numbers)
    if first > today:
        raise ValidationError({"subject": f"{label}还没有开始，不能公示。"})
    if kind in (PostingKind.STAR_MONTHLY, PostingKind.STAR_QUARTERLY) and last >= today:
        raise ValidationError({"subject": f"{label}尚未结束：星级党员在结账评选后才能公示。"})
    return numbers


@dataclass
class AreaCoverage:
    """One area in a preview: how many lines it has in the posting, and what is not yet ready there."""

    name: str
    included: int
    pending: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pending_total(self) -> int:
        return sum(count for _label, count in self.pending)


@dataclass
class PostingPreview:
    """What publishing would post (``posting`` unsaved, its ``lines``), who is in it per area and what is not yet
    reviewed, with ``token`` signing exactly this for the confirmation."""

    posting: Posting
    lines: list[dict]
    coverage: list[AreaCoverage]
    warnings: list[str]
    corrects: Posting | None = None
    reason: str = ""
    token: str = ""

    @property
    def included(self) -> int:
        return len(self.lines)

    @property
    def pending_total(self) -> int:
        return sum(area.pending_total for area in self.coverage)

    @property
    def pending_areas(self) -> list[AreaCoverage]:
        return [area for area in self.coverage if area.pending_total]

    def digest(self) -> str:
        """What the confirmation must find unchanged: the posting's fields, its period and every line."""
        posting = self.posting
        content = [
            posting.kind,
            posting.subject,
            posting.area_id,
            posting.title,
            str(posting.published_on),
            str(posting.start_on),
            str(posting.end_on),
            posting.contact,
            posting.body,
            self.corrects.pk if self.corrects else None,
            self.reason,
            self.lines,
        ]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _count_by_area(queryset, area_path: str) -> dict[int, int]:
    return dict(queryset.order_by().values_list(area_path).annotate(count=Count("pk")))


def posting_coverage(
    kind: str, numbers: tuple[int, ...], area: Area | None, lines: list[dict]
) -> tuple[list[AreaCoverage], list[str]]:
    """Per area (the publisher's one, or every area for the county): the lines in the posting and what is not yet
    reviewed, closed or rated, which the posting would leave out; and warnings about the whole period."""
    from scoring.selectors.missing import organizations_missing_monthly_entries, people_missing_scorecards
    from scoring.services.stars import quarter_months

    areas = [area] if area else list(Area.objects.order_by("sort_order", "code"))
    included = Counter(line["_area"] for line in lines)
    pending: dict[str, dict[int, int]] = {}
    warnings: list[str] = []
    year = numbers[0]
    org_filter = {"party_organization__area": area} if area else {}
    if kind == PostingKind.SCORECARD:
        cards = Scorecard.objects.filter(year=year, quarter=numbers[1], **org_filter)
        for status in (ScorecardStatus.SUBMITTED, ScorecardStatus.RETURNED, ScorecardStatus.DRAFT):
            pending[status.label] = _count_by_area(cards.filter(status=status), "party_organization__area")
        people = people_missing_scorecards(year=year, quarter=numbers[1]).filter(**org_filter)
        pending["未填积分卡"] = _count_by_area(people, "party_organization__area")
    elif kind in (PostingKind.STAR_MONTHLY, PostingKind.STAR_QUARTERLY):
        months = [date(year, numbers[1], 1)] if kind == PostingKind.STAR_MONTHLY else quarter_months(year, numbers[1])
        closed = ScoringMonth.objects.filter(month__in=months, status=MonthStatus.CLOSED).count()
        if closed < len(months):
            warnings.append(f"{_period_label(kind, numbers)}尚未结账：结账评选后才有星级党员结果。")
        elif kind == PostingKind.STAR_QUARTERLY and not QuarterlyResult.objects.filter(year=year, quarter=numbers[1]):
            warnings.append(f"{_period_label(kind, numbers)}尚未完成季度评选。")
        missing = organizations_missing_monthly_entries(month=months[0])
        for month in months[1:]:
            missing = missing | organizations_missing_monthly_entries(month=month)
        if area:
            missing = missing.filter(area=area)
        pending["有党员但未记分的党组织"] = _count_by_area(missing, "area")
    else:
        campaign = RatingCampaign.objects.filter(year=year).first()
        if campaign is None:
            warnings.append(f"{year}年度尚未开展党组织评星定级。")
        else:
            if campaign.step != CampaignStep.AWARDED:
                warnings.append(f"{year}年度评星定级尚在“{campaign.get_step_display()}”阶段，尚未授牌奖励。")
            if kind == PostingKind.STAR_RATING:
                unrated = OrgRating.objects.filter(campaign=campaign, stars__isnull=True, **org_filter)
                pending["尚未评定星级的党组织"] = _count_by_area(unrated, "party_organization__area")
    coverage = [
        AreaCoverage(
            name=each.name,
            included=included.get(each.pk, 0),
            pending=[(label, counts[each.pk]) for label, counts in pending.items() if counts.get(each.pk)],
        )
        for each in areas
    ]
    return coverage, warnings


def posting_preview(
    *,
    by: User,
    kind: str = "",
    subject: str = "",
    published_on: date | None = None,
    contact: str = "",
    body: str = "",
    corrects: Posting | None = None,
    reason: str = "",
) -> PostingPreview:
    """What publishing (or, with ``corrects``, correcting) would post, for the publisher to check before confirming:
    refuses what could never be posted (no right, a wrong or future period, a posted subject, a date before what it
    posts exists); an empty posting is previewed, with what is not yet reviewed, but cannot be confirmed."""
    today = timezone.localdate()
    if corrects is not None:
        posting_withdrawal_check(by=by, posting=corrects, reason=reason, today=today)
        kind, subject, area = corrects.kind, corrects.subject, corrects.area
    elif not can_publish(by):
        raise ValidationError(NOT_ALLOWED)
    else:
        area = by.area if by.role == Role.AREA_REVIEWER else None
    numbers = posting_subject_check(kind=kind, subject=subject, today=today)
    subject = subject.strip()
    posted = Posting.objects.filter(
        kind=kind, subject=subject, area=area, party_organization=None, withdrawn_at__isnull=True
    )
    if corrects is not None:
        posted = posted.exclude(pk=corrects.pk)
    if posted.exists():
        raise ValidationError({"subject": "该内容已经发布过公示：如需更正，请由县级在原公示页面更正。"})
    lines = _lines(kind, numbers, area, corrects=corrects)
    published_on = published_on or today
    if lines:
        earliest = earliest_publication(kind, numbers, lines)
        if published_on < earliest:
            what = "最后一张积分卡审核通过" if kind == PostingKind.SCORECARD else f"{_period_label(kind, numbers)}结束"
            raise ValidationError({"published_on": f"发布日期不能早于{what}：最早 {earliest:%Y-%m-%d}。"})
    if corrects is not None and published_on < today:
        raise ValidationError({"published_on": "更正后的公示从今天或以后发布。"})
    start_on, end_on = posting_period(published_on, settings.POSTING_WORKING_DAYS)
    title = _title(kind, numbers, area) + ("（更正）" if corrects is not None else "")
    posting = Posting(
        kind=kind,
        subject=subject,
        title=title,
        body=(body or "").strip(),
        area=area,
        published_on=published_on,
        start_on=start_on,
        end_on=end_on,
        publisher=f"中共{area.name}工作委员会" if area else settings.ISSUING_BODY,
        contact=(contact or "").strip(),
        created_by=by,
    )
    coverage, warnings = posting_coverage(kind, numbers, area, lines)
    preview = PostingPreview(posting, lines, coverage, warnings, corrects, (reason or "").strip())
    preview.token = Signer(salt=PREVIEW_SALT).sign(preview.digest())
    return preview


def posting_confirmation_check(*, preview: PostingPreview, token: str) -> None:
    """A posting is published only from its preview's confirmation, and only as previewed: the token the preview
    signed must match what would be posted now (a card reviewed or a holiday schedule entered since changes it)."""
    try:
        previewed = Signer(salt=PREVIEW_SALT).unsign(token or "")
    except BadSignature:
        raise ValidationError(NOT_PREVIEWED) from None
    if not constant_time_compare(previewed, preview.digest()):
        raise ValidationError(PREVIEW_CHANGED)
    if not preview.lines:
        raise ValidationError("没有可公示的内容：请先完成审核、结账或评定。")


def _post(preview: PostingPreview) -> Posting:
    """Save a confirmed preview: the posting, its lines, its scorecards marked posted, its PDF queued."""
    posting = preview.posting
    posting.full_clean()
    posting._history_user = posting.created_by
    posting.save()
    PostingLine.objects.bulk_create(
        PostingLine(posting=posting, position=i, **{k: v for k, v in line.items() if not k.startswith("_")})
        for i, line in enumerate(preview.lines, start=1)
    )
    cards = [line["_card"] for line in preview.lines if "_card" in line]
    if cards:
        Scorecard.objects.filter(pk__in=cards, status=ScorecardStatus.REVIEWED).update(status=ScorecardStatus.POSTED)
    posting_pdf_queue(posting=posting)
    return posting


@transaction.atomic
def posting_publish(
    *,
    by: User,
    kind: str,
    subject: str,
    published_on: date | None = None,
    contact: str = "",
    body: str = "",
    token: str = "",
) -> Posting:
    """Post results publicly for the working-day period from settings, as confirmed from their preview; an area
    reviewer posts their area's."""
    preview = posting_preview(by=by, kind=kind, subject=subject, published_on=published_on, contact=contact, body=body)
    posting_confirmation_check(preview=preview, token=token)
    return _post(preview)


def posting_withdrawal_check(
    *, by: User, posting: Posting, reason: str | None = None, today: date | None = None
) -> None:
    """Only county staff withdraw or correct a posting, with a reason the board shows, while it is in force: not
    already withdrawn or corrected, its period not over (after it, its results are final). Without ``reason``, only
    whether the posting may be withdrawn (a page offering the action asks so)."""
    if not (by.is_authenticated and by.is_county_admin):
        raise ValidationError(WITHDRAW_NOT_ALLOWED)
    if posting.is_withdrawn:
        when = timezone.localtime(posting.withdrawn_at)
        raise ValidationError(f"该公示{posting.get_state_display()}（{when:%Y-%m-%d}），不能再撤回或更正。")
    if posting.end_on < (today or timezone.localdate()):
        raise ValidationError("公示期已结束，结果已确定，不能再撤回或更正。")
    if reason is not None and not reason.strip():
        raise ValidationError({"reason": "请填写撤回或更正的原因，公示栏将一并显示。"})


def _withdraw(*, by: User, posting: Posting, reason: str) -> None:
    """Mark the posting withdrawn (kept, with its lines), hand its scorecards back to reviewed, reprint its PDF."""
    posting.withdrawn_at, posting.withdrawn_by = timezone.now(), by
    posting.withdrawal_reason = reason.strip()
    posting.status, posting.closed_at = PostingStatus.CLOSED, posting.withdrawn_at
    posting._history_user = by
    posting._change_reason = posting.withdrawal_reason[:100]
    posting.full_clean()
    posting.save()
    _posted_cards(posting).update(status=ScorecardStatus.REVIEWED)
    posting_pdf_queue(posting=posting)


@transaction.atomic
def posting_withdraw(*, by: User, posting: Posting, reason: str) -> Posting:
    """Withdraw (撤回) a posting: the board keeps it, marked 已撤回 with the date and reason, its PDF marked too;
    the same subject may then be posted again."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    posting_withdrawal_check(by=by, posting=posting, reason=reason)
    _withdraw(by=by, posting=posting, reason=reason)
    return posting


@transaction.atomic
def posting_correct(
    *,
    by: User,
    posting: Posting,
    reason: str,
    published_on: date | None = None,
    contact: str = "",
    body: str = "",
    token: str = "",
) -> Posting:
    """Correct (更正) a posting, as confirmed from the correction's preview: the old one is kept, marked 已被更正 with
    the date and reason and a link to the new one, which posts the current results with a period of its own."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    preview = posting_preview(
        by=by, published_on=published_on, contact=contact, body=body, corrects=posting, reason=reason
    )
    posting_confirmation_check(preview=preview, token=token)
    _withdraw(by=by, posting=posting, reason=reason)
    # The old posting's scorecards are reviewed again; the preview counted them as it would post them.
    corrected = _post(preview)
    posting.superseded_by = corrected
    posting._history_user = by
    posting._change_reason = posting.withdrawal_reason[:100]
    posting.save(update_fields=["superseded_by"])
    return corrected


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
    posting = Posting.objects.select_related("superseded_by", "supersedes").filter(pk=posting_id).first()
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


def _posted_cards(posting: Posting):
    """The scorecards a scorecard posting holds as posted: its quarter's, in its area (all areas for the county)."""
    if posting.kind != PostingKind.SCORECARD:
        return Scorecard.objects.none()
    year, quarter = (int(part) for part in re.match(SUBJECT_FORMATS[posting.kind][0], posting.subject).groups())
    cards = Scorecard.objects.filter(year=year, quarter=quarter, status=ScorecardStatus.POSTED)
    if posting.area_id:
        cards = cards.filter(party_organization__area_id=posting.area_id)
    return cards


@transaction.atomic
def posting_close(*, posting: Posting, today: date) -> bool:
    """Close a posting whose period has ended; posted scorecards become final. Safe to run twice; a withdrawn
    posting was closed when it was withdrawn."""
    if posting.end_on >= today:
        return False
    closed = Posting.objects.filter(pk=posting.pk, status=PostingStatus.OPEN, withdrawn_at__isnull=True).update(
        status=PostingStatus.CLOSED, closed_at=timezone.now()
    )
    if not closed:
        return False
    _posted_cards(posting).update(status=ScorecardStatus.FINAL)
    return True


def postings_close_ended(*, today: date) -> int:
    """The beat job: close every posting whose last day is past; returns how many it closed."""
    ended = Posting.objects.filter(status=PostingStatus.OPEN, end_on__lt=today, withdrawn_at__isnull=True)
    return sum(posting_close(posting=posting, today=today) for posting in ended)
