"""The official holiday schedule of a year, as county staff enter it (core.workdays reads it).

A schedule is entered as the State Council's notice lists it, one line per holiday or make-up workday:
``2027-01-01 放假 元旦``, ``2027-02-06 至 2027-02-13 放假 春节``, ``2027-02-14 上班 春节调休``.
Days not listed follow the week (Monday to Friday work). Saving a year replaces its previous schedule.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core.choices import Role
from core.models import HolidayDay, HolidaySchedule, User
from core.notifications import notify

COUNTY_ONLY = "节假日安排由县委社会工作部录入，您没有权限。"
LINE = re.compile(
    r"^(?P<first>\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|~|－|-{1,2}|到)\s*(?P<last>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s+(?P<kind>放假|休|上班|班)\s*(?P<name>\S*)\s*$"
)
MAX_DAYS_IN_ONE_LINE = 15  # the longest official break is eight or nine days


def _parse_date(text: str, number: int) -> date:
    try:
        return date(*(int(part) for part in text.split("-")))
    except ValueError:
        raise ValidationError({"text": f"第 {number} 行的日期 {text} 不存在。"}) from None


def holiday_lines_parse(*, year: int, text: str) -> list[HolidayDay]:
    """The days a schedule's text lists, each once, all inside ``year``; a clear error names the bad line."""
    days: dict[date, HolidayDay] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        if match is None:
            raise ValidationError(
                {"text": f"第 {number} 行无法识别：“{line}”。格式如“2027-02-06 至 2027-02-13 放假 春节”。"}
            )
        first = _parse_date(match["first"], number)
        last = _parse_date(match["last"], number) if match["last"] else first
        if last < first:
            raise ValidationError({"text": f"第 {number} 行的结束日期早于开始日期。"})
        if (last - first).days >= MAX_DAYS_IN_ONE_LINE:
            raise ValidationError({"text": f"第 {number} 行的时间段超过 {MAX_DAYS_IN_ONE_LINE} 天，请核对。"})
        if first.year != year or last.year != year:
            raise ValidationError({"text": f"第 {number} 行的日期不在 {year} 年内。"})
        work = match["kind"] in ("上班", "班")
        day = first
        while day <= last:
            if day in days:
                raise ValidationError({"text": f"第 {number} 行的 {day} 已在前面列出。"})
            days[day] = HolidayDay(day=day, is_workday=work, name=match["name"][:20])
            day += timedelta(days=1)
    if not days:
        raise ValidationError({"text": "请至少录入一天放假或调休上班的安排。"})
    return sorted(days.values(), key=lambda item: item.day)


@transaction.atomic
def holiday_schedule_save(*, by: User, year: int, text: str) -> HolidaySchedule:
    """Enter (or replace) ``year``'s official schedule; county staff only."""
    if not by.is_county_admin:
        raise ValidationError(COUNTY_ONLY, code="not_allowed")
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000 至 2100 之间。"})
    days = holiday_lines_parse(year=year, text=text)
    schedule, _created = HolidaySchedule.objects.select_for_update().get_or_create(
        year=year, defaults={"text": text, "entered_by": by}
    )
    schedule.text, schedule.entered_by = text.strip(), by
    schedule.full_clean()
    schedule.save()
    schedule.days.all().delete()
    for day in days:
        day.schedule = schedule
    HolidayDay.objects.bulk_create(days)
    # Postings running into that year were counted Monday to Friday there and said so: their end follows the
    # official schedule now, and their printed notices are printed again.
    from django.conf import settings

    from core.workdays import posting_period
    from scoring.models import Posting
    from scoring.services.postings import posting_pdf_queue

    for posting in Posting.objects.filter(published_on__year__lte=year, end_on__year__gte=year):
        posting.start_on, posting.end_on = posting_period(posting.published_on, settings.POSTING_WORKING_DAYS)
        posting.save(update_fields=["start_on", "end_on"])
        posting_pdf_queue(posting=posting)
    return schedule


def holiday_schedule_remind(*, today: date) -> int:
    """In December, ask county staff to enter next year's schedule while it is unknown; once a month per year."""
    from core.workdays import calendar_covers

    year = today.year + 1
    if today.month != 12 or calendar_covers(year):
        return 0
    return notify(
        recipients=User.objects.filter(role=Role.COUNTY_ADMIN, is_active=True),
        kind="holiday_schedule",
        title=f"请录入 {year} 年节假日安排",
        body=(
            f"平台尚无 {year} 年的节假日和调休安排，跨入 {year} 年的公示期、办理时限暂按周一至周五计算。"
            "国务院办公厅公布后，请在“节假日安排”页面录入。"
        ),
        url=reverse("core:holiday_schedule", args=[year]),
        key=f"holiday-schedule:{year}",
    )
