"""Pages of the holiday calendar: which years are known, and county staff entering a year's official schedule."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core import holidays
from core.models import HolidaySchedule
from core.workdays import calendar_covers

EXAMPLE = "2027-01-01 放假 元旦\n2027-02-06 至 2027-02-13 放假 春节\n2027-02-14 上班 春节调休"


class HolidayScheduleForm(forms.Form):
    text = forms.CharField(
        label="放假和调休上班安排",
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "placeholder": EXAMPLE,
            }
        ),
        help_text=(
            "每行一项：日期（或“开始日期 至 结束日期”）、放假或上班、节日名称。未列出的日期按周一至周五上班计算。"
        ),
    )


def _county_only(request) -> None:
    if not request.user.is_county_admin:
        raise PermissionDenied(holidays.COUNTY_ONLY)


@login_required
def holiday_schedule_list(request):
    """This year and the next few: whose schedule is known (entered here or built in) and whose is not."""
    _county_only(request)
    this_year = timezone.localdate().year
    entered = {schedule.year: schedule for schedule in HolidaySchedule.objects.select_related("entered_by")}
    years = [
        {"year": year, "schedule": entered.get(year), "covered": calendar_covers(year)}
        for year in range(this_year - 1, this_year + 3)
    ]
    return render(request, "core/holiday_schedule_list.html", {"years": years})


@login_required
def holiday_schedule(request, year: int):
    """Enter or correct one year's schedule."""
    _county_only(request)
    schedule = HolidaySchedule.objects.filter(year=year).first()
    form = HolidayScheduleForm(request.POST or None, initial={"text": schedule.text if schedule else ""})
    if request.method == "POST" and form.is_valid():
        try:
            holidays.holiday_schedule_save(by=request.user, year=year, text=form.cleaned_data["text"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("text", message)
        else:
            messages.success(request, f"已保存 {year} 年节假日安排，此后计算的公示期和办理时限按此安排。")
            return redirect("core:holiday_schedule_list")
    days = list(schedule.days.all()) if schedule else []
    return render(
        request,
        "core/holiday_schedule_form.html",
        {"year": year, "form": form, "schedule": schedule, "days": days, "covered": calendar_covers(year)},
    )


urlpatterns = [
    path("calendar/", holiday_schedule_list, name="holiday_schedule_list"),
    path("calendar/<int:year>/", holiday_schedule, name="holiday_schedule"),
]
