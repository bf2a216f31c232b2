"""Forms of postings and objections."""

from django import forms

from core.form_widgets import DateInput
from scoring.choices import PostingKind


class PostingForm(forms.Form):
    kind = forms.ChoiceField(label="公示内容", choices=PostingKind.choices)
    subject = forms.CharField(label="公示对象", max_length=20, help_text="季度如 2025Q2，月份如 2025-04，年度如 2025")
    published_on = forms.DateField(label="发布日期", widget=DateInput())
    contact = forms.CharField(label="受理电话", max_length=50, required=False)
    body = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="收到日期", widget=DateInput())
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 2}))
    submitter = forms.CharField(label="反映人（可匿名）", max_length=50, required=False)
