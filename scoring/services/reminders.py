"""Reminders to secretaries whose monthly points or quarterly scorecards are missing (in-app, once per period)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.choices import Role
from core.models import User
from core.notifications import notify
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
