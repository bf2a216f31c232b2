"""The assessment period: any start and end date."""

import datetime

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=DateInput(attrs={"class": "form-control"}), required=False)
    end = forms.DateField(label="截止日期", widget=DateInput(attrs={"class": "form-control"}), required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or datetime.date(today.year, 1, 1)
        data["end"] = data.get("end") or today
        if data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data
