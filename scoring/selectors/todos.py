"""What the scoring area has waiting for a user (see core.todos)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, Max, Q
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import CampaignStep, MonthStatus, ObjectionOutcome, ScorecardStatus
from scoring.models import HandbookVersion, Objection, OrgRating, Posting, Scorecard, ScorecardTemplate, ScoringMonth
from scoring.selectors.missing import organizations_missing_monthly_entries, people_missing_scorecards
from scoring.services.scorecards import quarter_start
from scoring.services.stars import first_of_month, quarter_of

LISTED = 8  # how many of the records themselves a to-do lists
REMIND_DAY = 25  # the day the monthly reminder goes out (scoring/schedule.py): from then on entries are urgent


def month_to_score(today: date) -> date | None:
    """The month secretaries are scoring: this one, unless the county has already closed it, then the latest month
    still open. One query."""
    current = first_of_month(today)
    rows = list(
        ScoringMonth.objects.filter(Q(month=current) | Q(month__lt=current, status=MonthStatus.OPEN))
        .order_by("-month")
        .values_list("month", "status")[:2]
    )
    if rows and rows[0] == (current, MonthStatus.CLOSED):
        return rows[1][0] if len(rows) > 1 else None
    return current


def todos(user) -> list[Todo]:
    """Points, scorecards and self-assessments still to do and returned cards (secretaries), cards to review
    (area staff), inspections and objections waiting (area and county staff). A fixed handful of queries."""
    today = timezone.localdate()
    items: list[Todo] = []
    if user.role == Role.ORG_SECRETARY:
        items += _secretary(user, today)
    if user.role == Role.AREA_REVIEWER:
        waiting = Scorecard.objects.visible_to(user).filter(status=ScorecardStatus.SUBMITTED).count()
        url = reverse("scoring:scorecard_list") + "?status=submitted"
        items.append(Todo("书记已提交、待街镇/园区审核的积分卡", waiting, url, urgent=True))
    if user.role == Role.AREA_REVIEWER or user.is_county_admin:
        items += [_inspections(user), _objections(user)]
    return items


def _secretary(user, today: date) -> list[Todo]:
    items: list[Todo] = []
    month = month_to_score(today)
    if month is not None:
        # Only while a handbook is in force: without one nobody can record points.
        missing = (
            organizations_missing_monthly_entries(month=month)
            .filter(pk__in=PartyOrganization.objects.visible_to(user).filter(is_active=True).values("pk"))
            .filter(Exists(HandbookVersion.objects.filter(effective_from__lte=month)))
            .order_by("path")
        )
        items.append(
            Todo(
                f"{month:%Y年%m月}尚未登记星级党员积分的党组织",
                missing.count(),
                reverse("scoring:grid_start"),
                urgent=month < first_of_month(today) or today.day >= REMIND_DAY,
                items=[
                    (name, reverse("scoring:month_grid", args=[pk, month.year, month.month]), "尚无积分记录")
                    for pk, name in missing.values_list("pk", "name")[:LISTED]
                ],
            )
        )
    year, quarter = quarter_of(today)
    unsubmitted = (
        people_missing_scorecards(year=year, quarter=quarter, drafts_too=True)
        .filter(pk__in=Person.objects.visible_to(user).values("pk"))
        .filter(Exists(ScorecardTemplate.objects.filter(effective_from__lte=quarter_start(year, quarter))))
        .count()
    )
    returned = Scorecard.objects.visible_to(user).filter(status=ScorecardStatus.RETURNED).count()
    cards_url = reverse("scoring:scorecard_list")
    items += [
        Todo(
            f"{year}年第{quarter}季度积分卡尚未提交的考察对象",
            unsubmitted,
            f"{cards_url}?year={year}&quarter={quarter}",
            urgent=today.month == quarter * 3,  # the quarter's last month: cards are posted once it ends
        ),
        Todo("被街镇/园区退回、待修改后重新提交的积分卡", returned, f"{cards_url}?status=returned", urgent=True),
        _self_checks(user),
    ]
    return items


def _self_checks(user) -> Todo:
    """The secretary's organisations in a campaign at 自查初评 that have not scored themselves yet."""
    return _ratings_waiting(user, CampaignStep.SELF_CHECK, "self_total", "评星定级自查初评阶段、尚未自评的本党组织")


def _inspections(user) -> Todo:
    """Organisations of a campaign at 检查验收 that have no inspection score yet."""
    return _ratings_waiting(
        user, CampaignStep.INSPECTION, "inspection_total", "评星定级检查验收阶段、尚未验收评分的党组织"
    )


def _ratings_waiting(user, step: str, total_field: str, label: str) -> Todo:
    """Ratings the user sees, of a campaign at ``step``, whose ``total_field`` is still empty; one query."""
    waiting = (
        OrgRating.objects.visible_to(user)
        .filter(campaign__step=step, **{f"{total_field}__isnull": True})
        .aggregate(count=Count("pk"), year=Max("campaign__year"))
    )
    url = reverse("scoring:orgrating_list") + (f"?year={waiting['year']}" if waiting["year"] else "")
    return Todo(label, waiting["count"], url)


def _objections(user) -> Todo:
    """Objections to postings not yet settled, with the postings they concern (nearest period end first)."""
    count = Objection.objects.visible_to(user).filter(outcome=ObjectionOutcome.PENDING).count()
    postings = (
        Posting.objects.visible_to(user)
        .annotate(pending=Count("objections", filter=Q(objections__outcome=ObjectionOutcome.PENDING)))
        .filter(pending__gt=0)
        .order_by("end_on", "pk")
        .values_list("pk", "title", "pending", "end_on")[:LISTED]
    )
    return Todo(
        "公示收到、尚未处理的异议",
        count,
        reverse("scoring:posting_list"),
        urgent=True,
        items=[
            (title, reverse("scoring:posting_detail", args=[pk]), f"{pending} 条 · 公示截止 {end_on:%m-%d}")
            for pk, title, pending, end_on in postings
        ],
    )
