"""Writes and rules of 星级党员: the versioned handbook, monthly points, the monthly close, quarterly selection
and county corrections.

Points are append-only: a mistake in an open month is undone by a reversal line; a closed month changes only
through a county correction with a reason, which recomputes the member's results and balance. The close and the
quarterly selection run in the database (INSERT … SELECT), a few statements whatever the county's size, and are
safe to run twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from core.jobs import Jobs
from core.models import User
from members.choices import Stage
from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import STARS, LedgerKind, MonthStatus
from scoring.models import (
    HandbookVersion,
    LedgerEntry,
    MonthCorrection,
    MonthlyResult,
    PointAccount,
    PointEntry,
    PointRule,
    QuarterlyResult,
    ScoringMonth,
)

MEMBER_STAGES = (Stage.PROBATIONARY, Stage.FULL)
COUNTY_ONLY = "积分手册和已结账月份的更正由县委社会工作部办理，您没有权限。"
CLOSED = "{month:%Y年%m月}已结账，不能再记分；如需更正，请联系县委社会工作部。"


def require_county(by: User) -> None:
    """Refuse anyone but active county staff (handbooks and closed-month corrections are theirs)."""
    if not (by.is_authenticated and by.is_active and by.is_county_admin):
        raise ValidationError(COUNTY_ONLY, code="not_county")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    first = first_of_month(day)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def quarter_of(month: date) -> tuple[int, int]:
    return month.year, (month.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> list[date]:
    return [date(year, 3 * (quarter - 1) + offset, 1) for offset in (1, 2, 3)]


# --- handbook ------------------------------------------------------------------------------------


def handbook_version_for(month: date) -> HandbookVersion:
    """The handbook version in force on the first day of the month."""
    version = (
        HandbookVersion.objects.filter(effective_from__lte=first_of_month(month)).order_by("-effective_from").first()
    )
    if version is None:
        raise ValidationError(f"{month:%Y年%m月}没有施行中的积分手册，请先由县委社会工作部发布积分手册。")
    return version


@transaction.atomic
def handbook_version_create(
    *, by: User, number: int, effective_from: date, rules: list[dict], note: str = ""
) -> HandbookVersion:
    """Publish a new handbook version from the first of a month; months already opened keep their version."""
    require_county(by)
    if effective_from.day != 1:
        raise ValidationError({"effective_from": "积分手册应从某月1日起施行。"})
    if ScoringMonth.objects.filter(month__gte=effective_from).exists():
        raise ValidationError(
            {"effective_from": "该月份或其后的月份已开始记分，新版本只能从尚未开始记分的月份起施行。"}
        )
    if not rules:
        raise ValidationError("积分手册至少要有一条积分规则。")
    version = HandbookVersion(number=number, effective_from=effective_from, note=note)
    version.full_clean()
    version.save()
    objects = []
    for position, rule in enumerate(rules, start=1):
        item = PointRule(version=version, sort_order=position, **rule)
        if item.points and item.monthly_cap is not None and item.monthly_cap < item.points:
            raise ValidationError(f"规则“{item.name}”的每月上限不能低于每次积分。")
        item.full_clean(exclude=["version"])
        objects.append(item)
    codes = [rule.code for rule in objects]
    if len(set(codes)) != len(codes):
        raise ValidationError("同一版本的规则编号不能重复。")
    PointRule.objects.bulk_create(objects)
    return version


def scoring_month_get(*, month: date) -> ScoringMonth:
    """The month's record, opened on first use with the handbook version then in force."""
    month = first_of_month(month)
    existing = ScoringMonth.objects.filter(month=month).first()
    if existing is not None:
        return existing
    version = handbook_version_for(month)
    scoring_month, _ = ScoringMonth.objects.get_or_create(month=month, defaults={"version": version})
    return scoring_month


# --- points -------------------------------------------------------------------------------------


def _members_of(org: PartyOrganization):
    return Person.objects.filter(party_organization=org, stage__in=MEMBER_STAGES)


def _month_for_lines(pk: int) -> ScoringMonth:
    """The month's row, locked for writing point lines into it: the close (an UPDATE of the row) waits for lines in
    flight, and lines wait for a close in flight and then see it. The lock is shared (FOR SHARE), so secretaries'
    saves run side by side at month end; what two writers of one member must not do together (pass a cap) is kept
    apart by locking the members."""
    if connection.vendor != "postgresql":
        return ScoringMonth.objects.select_for_update().get(pk=pk)
    table = ScoringMonth._meta.db_table
    return ScoringMonth.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [pk])[0]  # noqa: S608


def _check_open(scoring_month: ScoringMonth) -> None:
    if scoring_month.status != MonthStatus.OPEN:
        raise ValidationError(CLOSED.format(month=scoring_month.month))
    if scoring_month.month > first_of_month(timezone.localdate()):
        raise ValidationError(f"{scoring_month.month:%Y年%m月}尚未开始，不能提前记分。")


def _cap_error(person_name: str, rule: PointRule, total: int) -> ValidationError:
    return ValidationError(
        f"{person_name}的“{rule.name}”本月合计 {total} 分，超过每月上限 {rule.monthly_cap} 分。", code="cap"
    )


@transaction.atomic
def month_grid_save(
    *, by: User, party_organization: PartyOrganization, month: date, counts: dict[tuple[int, int], int]
) -> int:
    """Save a month's grid for one organisation: ``counts[(person_id, rule_id)]`` is how many times this month.

    Raising a count appends a line; lowering it appends reversal lines. Every cell is checked (own member,
    the month's rule, the monthly cap, an open month) before anything is written; returns how many lines
    were added. A fixed handful of queries whatever the number of members. Cells over their cap are refused
    together, each message keyed by its cell ``(person_id, rule_id)`` so a page can show it beside that cell.
    """
    if not PartyOrganization.objects.editable_by(by).filter(pk=party_organization.pk).exists():
        raise ValidationError("该党组织不在您的管理范围内。")
    scoring_month = scoring_month_get(month=month)
    scoring_month = _month_for_lines(scoring_month.pk)
    _check_open(scoring_month)
    # Lock the members: two saves of one organisation's grid at once cannot both pass the cap check.
    members = {p.pk: p for p in _members_of(party_organization).select_for_update().only("pk", "name")}
    rules = {r.pk: r for r in PointRule.objects.filter(version_id=scoring_month.version_id)}
    for person_id, rule_id in counts:
        if person_id not in members:
            raise ValidationError("只能为本党组织的党员记分。", code="not_member")
        if rule_id not in rules:
            raise ValidationError("该积分事项不属于本月适用的积分手册。", code="bad_rule")
    live: dict[tuple[int, int], list[PointEntry]] = defaultdict(list)
    entries = PointEntry.objects.filter(person_id__in=list(members), month=scoring_month.month, reversal__isnull=True)
    for entry in entries.exclude(points__lt=0).order_by("pk"):
        live[(entry.person_id, entry.rule_id)].append(entry)
    new: list[PointEntry] = []
    over_cap = {
        cell: _cap_error(members[cell[0]].name, rules[cell[1]], wanted * rules[cell[1]].points)
        for cell, wanted in counts.items()
        if wanted is not None and wanted * rules[cell[1]].points > rules[cell[1]].monthly_cap
    }
    if over_cap:
        raise ValidationError(over_cap)
    for (person_id, rule_id), wanted in counts.items():
        rule = rules[rule_id]
        if wanted is None or wanted < 0:
            raise ValidationError(f"{members[person_id].name}的“{rule.name}”次数应为不小于 0 的整数。")
        current = live[(person_id, rule_id)]
        have = sum(e.points for e in current) // rule.points
        if wanted > have:
            points = (wanted - have) * rule.points
            new.append(point_line(by, person_id, scoring_month.month, rule, points, "月度记分表"))
        elif wanted < have:
            # Reverse the newest lines until at most the wanted count is left, then add back any overshoot.
            remaining = have
            for entry in reversed(current):
                if remaining <= wanted:
                    break
                new.append(point_reversal(by, entry, "月度记分表调减"))
                remaining -= entry.points // rule.points
            if remaining < wanted:
                points = (wanted - remaining) * rule.points
                new.append(point_line(by, person_id, scoring_month.month, rule, points, "月度记分表"))
    PointEntry.objects.bulk_create(new)
    return len(new)


def point_line(by: User, person_id: int, month: date, rule: PointRule, points: int, note: str) -> PointEntry:
    """An unsaved point line of ``rule`` (callers bulk-create and check caps themselves)."""
    return PointEntry(
        person_id=person_id, month=month, rule=rule, star=rule.star, points=points, note=note, created_by=by
    )


def point_reversal(by: User, entry: PointEntry, note: str) -> PointEntry:
    """An unsaved line undoing ``entry``."""
    return PointEntry(
        person_id=entry.person_id,
        month=entry.month,
        rule_id=entry.rule_id,
        star=entry.star,
        points=-entry.points,
        note=note,
        reverses=entry,
        created_by=by,
    )


@transaction.atomic
def point_entry_add(
    *, by: User, person: Person, rule: PointRule, month: date, times: int = 1, note: str = ""
) -> PointEntry:
    """Record points for one member under one rule (the API's and the import's way in)."""
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError({"person": "只能为本党组织的党员记分。"})
    if person.stage not in MEMBER_STAGES:
        raise ValidationError({"person": f"{person.name}不是党员（含预备党员），不参加星级党员积分。"})
    if times is None or times < 1:
        raise ValidationError({"times": "次数应为正整数。"})
    scoring_month = _month_for_lines(scoring_month_get(month=month).pk)
    _check_open(scoring_month)
    if rule.version_id != scoring_month.version_id:
        raise ValidationError({"rule": "该积分事项不属于本月适用的积分手册。"})
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    already = _rule_month_sum(person.pk, rule.pk, scoring_month.month)
    if already + times * rule.points > rule.monthly_cap:
        raise _cap_error(person.name, rule, already + times * rule.points)
    entry = point_line(by, person.pk, scoring_month.month, rule, times * rule.points, note)
    entry.full_clean(exclude=["created_by"])
    entry.save()
    return entry


def _rule_month_sum(person_id: int, rule_id: int, month: date) -> int:
    return (
        PointEntry.objects.filter(person_id=person_id, rule_id=rule_id, month=month).aggregate(s=Sum("points"))["s"]
        or 0
    )


@transaction.atomic
def point_entry_reverse(*, by: User, entry: PointEntry, note: str = "") -> PointEntry:
    """Undo a line of an open month by appending its reversal; a line is reversed at most once."""
    if not PointEntry.objects.editable_by(by).filter(pk=entry.pk).exists():
        raise ValidationError("该积分记录不在您的管理范围内。")
    scoring_month = ScoringMonth.objects.select_for_update().get(month=entry.month)
    _check_open(scoring_month)
    if entry.reverses_id is not None or entry.points < 0:
        raise ValidationError("冲销记录不能再冲销。")
    if PointEntry.objects.filter(reverses=entry).exists():
        raise ValidationError("该积分记录已冲销。")
    reversal = point_reversal(by, entry, note or "冲销")
    reversal.save()
    return reversal


# --- monthly close, quarterly selection ---------------------------------------------------------


# The raw SQL below only interpolates table names from the models' _meta and the fixed star codes;
# every value goes in as a query parameter.


def _star_sums(alias: str = "") -> str:
    return ", ".join(f"SUM(CASE WHEN {alias}star = '{star}' THEN {alias}points ELSE 0 END) AS {star}" for star in STARS)


def _star_count(threshold: int) -> str:
    threshold = int(threshold)  # a setting, interpolated as a number: one literal instead of five parameters
    return " + ".join(f"(CASE WHEN t.{star} >= {threshold} THEN 1 ELSE 0 END)" for star in STARS)


def results_insert_sql(*, person_filter: bool = False) -> str:
    """INSERT … SELECT of a month's results from its point lines (parameters: month, min stars, month)."""
    threshold = settings.SCORING_STAR_MONTH_POINTS
    result = MonthlyResult._meta.db_table
    entry = PointEntry._meta.db_table
    person = Person._meta.db_table
    columns = ", ".join(STARS)
    where = "month = %s" + (" AND person_id = %s" if person_filter else "")
    return f"""
        INSERT INTO {result} (month, person_id, party_organization_id, {columns}, total, star_count, is_star_member)
        SELECT %s, s.person_id, s.party_organization_id, {", ".join(f"s.{c}" for c in STARS)}, s.total, s.star_count,
               s.star_count >= %s
        FROM (
            SELECT t.person_id, p.party_organization_id, {", ".join(f"t.{c}" for c in STARS)}, t.total,
                   {_star_count(threshold)} AS star_count
            FROM (
                SELECT person_id, {_star_sums()}, SUM(points) AS total
                FROM {entry} WHERE {where} GROUP BY person_id
            ) t JOIN {person} p ON p.id = t.person_id
        ) s
    """  # noqa: S608


def _results_params(month: date, person_id: int | None = None) -> list:
    params = [month, settings.SCORING_STAR_MEMBER_MIN_STARS, month]
    return params + ([person_id] if person_id is not None else [])


def _balances_sql() -> str:
    """Every member's balance credited with the month's positive total, in one upsert (set-based).

    The month's results are the credit lines of the points ledger (one per member and month, unique), so the
    close writes no second copy of them; corrections, redemptions and refunds are ledger lines of their own.
    ON CONFLICT … DO UPDATE reads the same on PostgreSQL and SQLite.
    """
    result = MonthlyResult._meta.db_table
    account = PointAccount._meta.db_table
    return f"""
        INSERT INTO {account} (person_id, balance)
        SELECT person_id, total FROM {result} WHERE month = %s AND total > 0
        ON CONFLICT (person_id) DO UPDATE SET balance = {account}.balance + excluded.balance
    """  # noqa: S608


@transaction.atomic
def month_close(*, month: date) -> bool:
    """Lock the month, compute every member's totals per star, select the star members and credit the points.

    Returns False when the month was already closed: a second run changes nothing.
    """
    scoring_month = scoring_month_get(month=month)
    locked = ScoringMonth.objects.filter(pk=scoring_month.pk, status=MonthStatus.OPEN).update(
        status=MonthStatus.CLOSED, closed_at=timezone.now()
    )
    if not locked:
        return False
    month = scoring_month.month
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MonthlyResult._meta.db_table} WHERE month = %s", [month])  # noqa: S608
        cursor.execute(results_insert_sql(), _results_params(month))
        cursor.execute(_balances_sql(), [month])
    return True


# The scheduled closes, as jobs county staff follow on the jobs page (and re-run when one failed or was cut off).
CLOSE_JOBS = Jobs("month_close", task="scoring.tasks.month_close_run", label="月度结账", detail_url="core:job_list")
QUARTER_JOBS = Jobs(
    "quarter_select", task="scoring.tasks.quarter_select_run", label="季度星级评选", detail_url="core:job_list"
)


def month_close_job(*, month: date) -> tuple[str, bool]:
    """Close ``month`` as the scheduled job of that month (one job per month, whoever starts it): returns the job
    id and whether this run closed it. An interrupted close rolled back whole; its re-run closes it."""
    month = first_of_month(month)
    job_id = CLOSE_JOBS.start(
        user=None, key=month.isoformat(), send=False, job={"month": month.isoformat(), "title": f"{month:%Y年%m月}结账"}
    )
    return job_id, month_close_run(job_id=job_id)


def month_close_run(*, job_id: str) -> bool:
    return CLOSE_JOBS.run(job_id, _month_close_work)


def _month_close_work(job_id: str, job: dict, user) -> dict:
    closed = month_close(month=date.fromisoformat(job["month"]))
    return {"closed": closed, "done": 1, "total": 1}


def quarter_select_job(*, year: int, quarter: int) -> tuple[str, int]:
    """The quarter's selection as its scheduled job (closing its last month first if that has not run): returns
    the job id and how many members were selected."""
    job_id = QUARTER_JOBS.start(
        user=None,
        key=f"{year}-Q{quarter}",
        send=False,
        job={"year": year, "quarter": quarter, "title": f"{year}年第{quarter}季度星级评选"},
    )
    quarter_select_run(job_id=job_id)
    return job_id, QUARTER_JOBS.get(job_id).get("selected", 0)


def quarter_select_run(*, job_id: str) -> bool:
    return QUARTER_JOBS.run(job_id, _quarter_select_work)


def _quarter_select_work(job_id: str, job: dict, user) -> dict:
    year, quarter = job["year"], job["quarter"]
    month_close(month=quarter_months(year, quarter)[-1])
    return {"selected": quarter_select(year=year, quarter=quarter), "done": 1, "total": 1}


def _quarter_sql(*, person_filter: bool = False) -> str:
    threshold = settings.SCORING_STAR_QUARTER_POINTS
    result = QuarterlyResult._meta.db_table
    monthly = MonthlyResult._meta.db_table
    person = Person._meta.db_table
    columns = ", ".join(STARS)
    extra = " AND person_id = %s" if person_filter else ""
    return f"""
        INSERT INTO {result} (year, quarter, person_id, party_organization_id, {columns}, total, star_count,
                              is_star_member)
        SELECT %s, %s, s.person_id, s.party_organization_id, {", ".join(f"s.{c}" for c in STARS)}, s.total,
               s.star_count, s.star_count >= %s
        FROM (
            SELECT t.person_id, p.party_organization_id, {", ".join(f"t.{c}" for c in STARS)}, t.total,
                   {_star_count(threshold)} AS star_count
            FROM (
                SELECT person_id, {", ".join(f"SUM({c}) AS {c}" for c in STARS)}, SUM(total) AS total
                FROM {monthly} WHERE month IN (%s, %s, %s){extra} GROUP BY person_id
            ) t JOIN {person} p ON p.id = t.person_id
        ) s
    """  # noqa: S608


def _quarter_params(year: int, quarter: int, person_id: int | None = None) -> list:
    params = [
        year,
        quarter,
        settings.SCORING_STAR_MEMBER_MIN_STARS,
        *quarter_months(year, quarter),
    ]
    return params + ([person_id] if person_id is not None else [])


@transaction.atomic
def quarter_select(*, year: int, quarter: int) -> int:
    """The quarter's star members from its three closed months; run again, it gives the same rows."""
    months = quarter_months(year, quarter)
    closed = set(
        ScoringMonth.objects.filter(month__in=months, status=MonthStatus.CLOSED).values_list("month", flat=True)
    )
    missing = [m for m in months if m not in closed]
    if missing:
        raise ValidationError(f"{'、'.join(f'{m:%Y年%m月}' for m in missing)}尚未结账，不能进行第{quarter}季度评选。")
    QuarterlyResult.objects.filter(year=year, quarter=quarter).delete()
    with connection.cursor() as cursor:
        cursor.execute(_quarter_sql(), _quarter_params(year, quarter))
    return QuarterlyResult.objects.filter(year=year, quarter=quarter).count()


@transaction.atomic
def month_correct(
    *, by: User, person: Person, month: date, rule: PointRule, points: int, reason: str
) -> MonthCorrection:
    """County correction of a closed month: a line with its reason, then the member's results and balance again."""
    require_county(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正原因。"})
    if not points:
        raise ValidationError({"points": "更正分值不能为 0。"})
    scoring_month = ScoringMonth.objects.select_for_update().filter(month=first_of_month(month)).first()
    if scoring_month is None or scoring_month.status != MonthStatus.CLOSED:
        raise ValidationError("只有已结账的月份需要更正；未结账的月份请由书记在记分表中修改。")
    if rule.version_id != scoring_month.version_id:
        raise ValidationError({"rule": "该积分事项不属于该月适用的积分手册。"})
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    after = _rule_month_sum(person.pk, rule.pk, scoring_month.month) + points
    if after < 0:
        raise ValidationError({"points": f"更正后“{rule.name}”本月积分为 {after} 分，不能为负数。"})
    if after > rule.monthly_cap:
        raise _cap_error(person.name, rule, after)
    entry = point_line(by, person.pk, scoring_month.month, rule, points, f"县级更正：{reason}"[:200])
    entry.is_correction = True
    entry.save()
    correction = MonthCorrection(month=scoring_month, person=person, entry=entry, reason=reason, created_by=by)
    correction.full_clean()
    correction.save()
    _recompute_person(person=person, month=scoring_month.month, reason=reason)
    return correction


def _recompute_person(*, person: Person, month: date, reason: str) -> None:
    before = MonthlyResult.objects.filter(month=month, person=person).values_list("total", flat=True).first() or 0
    MonthlyResult.objects.filter(month=month, person=person).delete()
    with connection.cursor() as cursor:
        cursor.execute(results_insert_sql(person_filter=True), _results_params(month, person.pk))
    after = MonthlyResult.objects.filter(month=month, person=person).values_list("total", flat=True).first() or 0
    delta = max(after, 0) - max(before, 0)
    if delta:
        account, _ = PointAccount.objects.get_or_create(person=person)
        # Conditional update: a redemption at the same moment cannot make the balance negative.
        if not PointAccount.objects.filter(pk=account.pk, balance__gte=-delta).update(balance=F("balance") + delta):
            raise ValidationError(f"{person.name}的积分已在积分超市兑换，更正后余额将为负数，请先冲销相应的兑换。")
        LedgerEntry.objects.create(
            person=person, kind=LedgerKind.CORRECTION, amount=delta, month=month, note=f"更正：{reason}"[:200]
        )
    year, quarter = quarter_of(month)
    if QuarterlyResult.objects.filter(year=year, quarter=quarter).exists():
        QuarterlyResult.objects.filter(year=year, quarter=quarter, person=person).delete()
        with connection.cursor() as cursor:
            cursor.execute(_quarter_sql(person_filter=True), _quarter_params(year, quarter, person.pk))
