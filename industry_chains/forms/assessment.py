"""The assessment period: any start and end date."""

import datetime

from django import forms
from django.utils import timezone

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=DATE, required=False)
    end = forms.DateField(label="截止日期", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or datetime.date(today.year, 1, 1)
        data["end"] = data.get("end") or today
        if data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data
