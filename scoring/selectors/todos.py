"""What the scoring area has waiting for a user (see core.todos)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, Q
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.todos import Todo
from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import MonthStatus, ObjectionOutcome, ScorecardStatus
from scoring.filters.ratings import WAITING
from scoring.models import HandbookVersion, OrgRating, Posting, Scorecard, ScorecardTemplate, ScoringMonth
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


def organizations_to_score(month: date):
    """Active organisations with members but no point line in ``month``, while a handbook is in force (without one
    nobody can record points): the secretaries' to-do and the organisation list's ``points_missing`` filter."""
    return (
        organizations_missing_monthly_entries(month=month)
        .filter(is_active=True)
        .filter(Exists(HandbookVersion.objects.filter(effective_from__lte=month)))
    )


def people_with_scorecards_due(today: date):
    """Activists and probationary members whose card for this quarter is not yet submitted, while a scorecard
    template is in force: the secretaries' to-do and the people list's ``due=scorecard`` filter."""
    year, quarter = quarter_of(today)
    return people_missing_scorecards(year=year, quarter=quarter, drafts_too=True).filter(
        Exists(ScorecardTemplate.objects.filter(effective_from__lte=quarter_start(year, quarter)))
    )


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
        missing = (
            organizations_to_score(month)
            .filter(pk__in=PartyOrganization.objects.visible_to(user).values("pk"))
            .order_by("path")
        )
        items.append(
            Todo(
                f"{month:%Y年%m月}尚未登记星级党员积分的党组织",
                missing.count(),
                reverse("organizations:partyorganization_list") + f"?points_missing={month.isoformat()}",
                urgent=month < first_of_month(today) or today.day >= REMIND_DAY,
                items=[
                    (name, reverse("scoring:month_grid", args=[pk, month.year, month.month]), "尚无积分记录")
                    for pk, name in missing.values_list("pk", "name")[:LISTED]
                ],
            )
        )
    year, quarter = quarter_of(today)
    unsubmitted = people_with_scorecards_due(today).filter(pk__in=Person.objects.visible_to(user).values("pk")).count()
    returned = Scorecard.objects.visible_to(user).filter(status=ScorecardStatus.RETURNED).count()
    cards_url = reverse("scoring:scorecard_list")
    items += [
        Todo(
            f"{year}年第{quarter}季度积分卡尚未提交的考察对象",
            unsubmitted,
            reverse("members:person_list") + "?due=scorecard",  # the people, not the cards they do not have
            urgent=today.month == quarter * 3,  # the quarter's last month: cards are posted once it ends
        ),
        Todo("被街镇/园区退回、待修改后重新提交的积分卡", returned, f"{cards_url}?status=returned", urgent=True),
        _self_checks(user),
    ]
    return items


def _self_checks(user) -> Todo:
    """The secretary's organisations in a campaign at 自查初评 that have not scored themselves yet."""
    return _ratings_waiting(user, "self_check", "评星定级自查初评阶段、尚未自评的本党组织")


def _inspections(user) -> Todo:
    """Organisations of a campaign at 检查验收 that have no inspection score yet."""
    return _ratings_waiting(user, "inspection", "评星定级检查验收阶段、尚未验收评分的党组织")


def _ratings_waiting(user, waiting: str, label: str) -> Todo:
    """Ratings the user sees, of a campaign at the step, whose score for it is still empty; one query."""
    step, total_field = WAITING[waiting]
    count = OrgRating.objects.visible_to(user).filter(campaign__step=step, **{f"{total_field}__isnull": True}).count()
    return Todo(label, count, reverse("scoring:orgrating_list") + f"?waiting={waiting}")


def _objections(user) -> Todo:
    """Postings with objections not yet settled (nearest period end first), each with how many."""
    postings = (
        Posting.objects.visible_to(user)
        .annotate(pending=Count("objections", filter=Q(objections__outcome=ObjectionOutcome.PENDING)))
        .filter(pending__gt=0)
        .order_by("end_on", "pk")
    )
    return Todo(
        "收到异议、尚未处理完的公示",
        postings.count(),
        reverse("scoring:posting_list") + "?pending_objections=true",
        urgent=True,
        items=[
            (title, reverse("scoring:posting_detail", args=[pk]), f"{pending} 条 · 公示截止 {end_on:%m-%d}")
            for pk, title, pending, end_on in postings.values_list("pk", "title", "pending", "end_on")[:LISTED]
        ],
    )


def _points_entered(user, keys: list[str]) -> set[str]:
    """``scoring-points-YYYY-MM``: settled when every organisation of the user has points in that month."""
    settled = set()
    visible = PartyOrganization.objects.visible_to(user).values("pk")
    for key in keys:
        month = date.fromisoformat(key.removeprefix("scoring-points-") + "-01")
        if not organizations_to_score(month).filter(pk__in=visible).exists():
            settled.add(key)
    return settled


def _scorecards_submitted(user, keys: list[str]) -> set[str]:
    """``scoring-scorecards-YYYYQn``: settled when every activist or probationary member of the user's
    organisations has submitted that quarter's card."""
    settled = set()
    visible = Person.objects.visible_to(user).values("pk")
    for key in keys:
        year, quarter = key.removeprefix("scoring-scorecards-").split("Q")
        missing = people_missing_scorecards(year=int(year), quarter=int(quarter), drafts_too=True)
        if not missing.filter(pk__in=visible).exists():
            settled.add(key)
    return settled


def _postings_over(user, keys: list[str]) -> set[str]:
    """``posting-ending:<id>``: settled once the posting's period is over (its objections can no longer come)."""
    ids = {int(key.rsplit(":", 1)[1]): key for key in keys}
    ended = Posting.objects.filter(pk__in=ids, end_on__lt=timezone.localdate()).values_list("pk", flat=True)
    return {ids[pk] for pk in ended}


SETTLED = {
    "scoring-points-": _points_entered,
    "scoring-scorecards-": _scorecards_submitted,
    "posting-ending:": _postings_over,
}
