"""Reminders (in-app, once each): secretaries whose monthly points or quarterly scorecards are missing, and the
staff of postings about to end."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.choices import Role
from core.models import User
from core.notifications import notify
from core.workdays import add_workdays
from scoring.selectors.missing import organizations_missing_monthly_entries, people_missing_scorecards
from scoring.services.stars import first_of_month, quarter_of


def secretaries_missing_monthly_entries(*, month: date):
    """Secretaries of organisations with members but not one point line in the month. One query."""
    missing = organizations_missing_monthly_entries(month=month).filter(pk=OuterRef("party_organization"))
    return User.objects.filter(role=Role.ORG_SECRETARY, is_active=True).filter(Exists(missing))


def secretaries_missing_scorecards(*, year: int, quarter: int):
    """Secretaries of organisations with an activist or probationary member who has no scorecard this quarter."""
    unscored = people_missing_scorecards(year=year, quarter=quarter).filter(
        party_organization=OuterRef("party_organization")
    )
    return User.objects.filter(role=Role.ORG_SECRETARY, is_active=True).filter(Exists(unscored))


def remind_missing_monthly_entries(*, today: date) -> int:
    """Notify each such secretary once per month (the key makes a second run a no-op)."""
    month = first_of_month(today)
    return notify(
        recipients=secretaries_missing_monthly_entries(month=month),
        kind="scoring",
        title=f"{month:%Y年%m月}星级党员积分尚未登记",
        body="本党组织党员本月还没有任何积分记录，请在月底结账前完成记分。",
        url=reverse("scoring:grid_start"),
        key=f"scoring-points-{month:%Y-%m}",
    )


def remind_missing_scorecards(*, today: date) -> int:
    year, quarter = quarter_of(today)
    return notify(
        recipients=secretaries_missing_scorecards(year=year, quarter=quarter),
        kind="scoring",
        title=f"{year}年第{quarter}季度积分卡尚未填写",
        body="本党组织有入党积极分子或预备党员还没有本季度积分卡，请及时评分并提交审核。",
        url=reverse("scoring:scorecard_list"),
        key=f"scoring-scorecards-{year}Q{quarter}",
    )


def remind_postings_ending(*, today: date) -> int:
    """Tell whoever settles a posting's objections that its period ends by the next working day: the area's
    reviewers (the county's staff for a county-wide posting) and the user who published it; once per posting."""
    from scoring.choices import PostingStatus
    from scoring.models import Posting

    postings = list(
        Posting.objects.filter(
            status=PostingStatus.OPEN, start_on__lte=today, end_on__gte=today, end_on__lte=add_workdays(today, 1)
        ).select_related("created_by")
    )
    if not postings:
        return 0
    reviewers: dict[int | None, list[User]] = defaultdict(list)
    staff = User.objects.filter(is_active=True).filter(
        Q(role=Role.AREA_REVIEWER, area_id__in={posting.area_id for posting in postings}) | Q(role=Role.COUNTY_ADMIN)
    )
    for user in staff:
        reviewers[user.area_id if user.role == Role.AREA_REVIEWER else None].append(user)
    sent = 0
    for posting in postings:
        recipients = reviewers[posting.area_id] if posting.area_id else reviewers[None]
        sent += notify(
            recipients=[*recipients, posting.created_by],
            kind="scoring",
            title=f"公示将于 {posting.end_on:%m月%d日} 结束：{posting.title}",
            body="公示期内收到的异议请在公示结束前登记并处理。",
            url=reverse("scoring:posting_detail", args=[posting.pk]),
            key=f"posting-ending:{posting.pk}",
        )
    return sent
