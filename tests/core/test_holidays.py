"""The holiday calendar beyond the years the package knows: county staff enter a year's official schedule, a
period running into an unknown year is counted Monday to Friday and says so (form, posting, PDF), and county
staff are reminded in December. A posting across New Year 2027 is right once the schedule is entered."""

from datetime import date

import time_machine
from django.urls import reverse

from core import holidays
from core.models import HolidayDay, HolidaySchedule, Notification
from core.workdays import calendar_covers, is_workday, posting_period
from scoring.choices import PostingKind
from scoring.models import Posting
from scoring.services.postings import posting_pdf_render
from tests.core.test_pdf import text_of, write

SCHEDULE_2027 = "2027-01-01 放假 元旦\n2027-02-06 至 2027-02-13 放假 春节\n2027-02-14 上班 春节调休"


def _posting(published_on: date, subject: str) -> Posting:
    start, end = posting_period(published_on, 5)
    return Posting.objects.create(
        kind=PostingKind.SCORECARD,
        title=f"{subject}积分公示",
        subject=subject,
        published_on=published_on,
        start_on=start,
        end_on=end,
    )


def test_a_posting_across_new_year_2027_warns_until_the_schedule_is_entered_and_is_right_after(
    county_admin, as_user, tmp_path
):
    client = as_user(county_admin)
    assert not calendar_covers(2027)
    before = _posting(date(2026, 12, 30), "2026Q4")
    assert before.end_on == date(2027, 1, 6)  # New Year's Day counted as a working day: provisional
    note = "2027年节假日安排尚未录入"
    assert note in client.get(reverse("scoring:posting_detail", args=[before.pk])).content.decode()
    with time_machine.travel("2027-01-04 10:00 +0800", tick=False):
        assert note in client.get(reverse("scoring:posting_public_detail", args=[before.pk])).content.decode()
        posting_pdf_render(posting_id=before.pk)
        pdf = client.get(reverse("scoring:posting_public_pdf", args=[before.pk]))
        assert note in text_of(write(tmp_path, pdf.getvalue())).replace("\n", "")
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        form = as_user(county_admin).get(reverse("scoring:posting_create")).content.decode()
        assert "2027年节假日安排尚未录入" in form

    client = as_user(county_admin)  # the travels above outlived the first session
    response = client.post(reverse("core:holiday_schedule", args=[2027]), {"text": SCHEDULE_2027})
    assert response.status_code == 302 and response["Location"] == reverse("core:holiday_schedule_list")
    assert calendar_covers(2027)
    assert not is_workday(date(2027, 1, 1)) and is_workday(date(2027, 2, 14)) and not is_workday(date(2027, 2, 8))
    before.refresh_from_db()
    assert before.end_on == date(2027, 1, 7) and before.provisional_note == ""  # the earlier posting follows it
    after = _posting(date(2026, 12, 30), "2026Q4-2")
    assert after.end_on == date(2027, 1, 7)  # 12-31, 1-4, 1-5, 1-6, 1-7
    assert after.provisional_note == ""
    assert note not in client.get(reverse("scoring:posting_detail", args=[after.pk])).content.decode()
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        form = as_user(county_admin).get(reverse("scoring:posting_create"))
        assert form.status_code == 200 and "节假日安排尚未录入" not in form.content.decode()


def test_an_entered_schedule_overrides_the_package_for_its_year(county_admin):
    assert is_workday(date(2026, 3, 2))  # an ordinary Monday
    holidays.holiday_schedule_save(by=county_admin, year=2026, text="2026-03-02 放假 测试")
    assert not is_workday(date(2026, 3, 2))
    assert not is_workday(date(2026, 3, 7))  # an unlisted Saturday still rests


def test_a_bad_line_is_refused_with_its_number_and_nothing_is_saved(county_admin, as_user):
    client = as_user(county_admin)
    bad = {"text": "2027-01-01 放假 元旦\n2027-02-30 放假 春节"}
    response = client.post(reverse("core:holiday_schedule", args=[2027]), bad)
    assert response.status_code == 200
    assert "第 2 行的日期 2027-02-30 不存在。" in response.content.decode()
    outside = client.post(reverse("core:holiday_schedule", args=[2027]), {"text": "2026-12-31 放假 元旦"})
    assert "第 1 行的日期不在 2027 年内。" in outside.content.decode()
    assert not HolidaySchedule.objects.exists() and not HolidayDay.objects.exists()


def test_saving_a_year_again_replaces_its_days(county_admin):
    holidays.holiday_schedule_save(by=county_admin, year=2027, text=SCHEDULE_2027)
    holidays.holiday_schedule_save(by=county_admin, year=2027, text="2027-01-01 放假 元旦")
    assert list(HolidayDay.objects.values_list("day", flat=True)) == [date(2027, 1, 1)]


def test_only_county_staff_enter_a_schedule(area_reviewer, as_user):
    response = as_user(area_reviewer).post(reverse("core:holiday_schedule", args=[2027]), {"text": SCHEDULE_2027})
    assert response.status_code == 403
    assert not HolidaySchedule.objects.exists()


def test_county_staff_are_reminded_in_december_once_until_the_schedule_is_entered(county_admin, area_reviewer):
    assert holidays.holiday_schedule_remind(today=date(2026, 11, 20)) == 0  # not yet December
    assert holidays.holiday_schedule_remind(today=date(2026, 12, 1)) == 1
    assert holidays.holiday_schedule_remind(today=date(2026, 12, 15)) == 0  # once per person and year
    reminder = Notification.objects.get(recipient=county_admin)
    assert "2027" in reminder.title and reminder.url == reverse("core:holiday_schedule", args=[2027])
    assert not Notification.objects.filter(recipient=area_reviewer).exists()
    Notification.objects.all().delete()
    holidays.holiday_schedule_save(by=county_admin, year=2027, text=SCHEDULE_2027)
    assert holidays.holiday_schedule_remind(today=date(2026, 12, 15)) == 0
