"""The assessment period: any start and end date, read by core's one period parser."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.figures import period_check
from core.form_widgets import DateInput
from core.forms import PeriodDateField


class PeriodForm(forms.Form):
    start = PeriodDateField(label="起始日期", widget=DateInput(attrs={"class": "form-control"}), required=False)
    end = PeriodDateField(label="截止日期", widget=DateInput(attrs={"class": "form-control"}), required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        data["start"] = data.get("start") or datetime.date(today.year, 1, 1)
        data["end"] = data.get("end") or today
        try:
            period_check(data["start"], data["end"])
        except ValidationError as error:
            self.add_error(None, error)
        return data
