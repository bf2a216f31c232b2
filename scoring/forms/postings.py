"""Forms of postings: publishing (the period chosen from a list), its confirmation, withdrawal and correction, and
objections."""

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput, HiddenDateInput
from scoring.choices import PostingKind
from scoring.selectors.postings import posting_subjects


class PeriodSelect(forms.Select):
    """The period list, grouped by unit; each option names the kinds it suits (``data-kinds``), so the page can
    offer only the periods of the chosen kind."""

    kinds: dict[str, tuple[str, ...]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.kinds:
            option["attrs"]["data-kinds"] = " ".join(self.kinds[value])
        return option


class PostingForm(forms.Form):
    kind = forms.ChoiceField(label="公示内容", choices=PostingKind.choices)
    # Chosen from a list of real periods; what is sent is checked by the service (posting_subject_check), so an
    # older period than the list shows may still be posted by its address.
    subject = forms.CharField(
        label="公示期间",
        max_length=20,
        widget=PeriodSelect,
        help_text="积分卡和季度星级党员按季度，月度星级党员按月份，评星定级和红旗支部按年度。",
    )
    published_on = forms.DateField(label="发布日期", widget=DateInput())
    contact = forms.CharField(label="受理电话", max_length=50, required=False)
    body = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = posting_subjects(today=today or timezone.localdate())
        widget = self.fields["subject"].widget
        widget.choices = [("", "请选择"), *((unit, [(v, label) for v, label, _k in items]) for unit, items in groups)]
        widget.kinds = {value: kinds for _u, items in groups for value, _l, kinds in items}


class PostingConfirmForm(forms.Form):
    """What the preview shows, carried to its confirmation in hidden fields, with the preview's signature."""

    kind = forms.CharField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(required=False, widget=forms.HiddenInput)
    published_on = forms.DateField(widget=HiddenDateInput)
    contact = forms.CharField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(required=False, widget=forms.HiddenInput)
    corrects = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)


class PostingWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="公示栏和原 PDF 上都会显示撤回日期和这段原因，请写明。",
    )


class PostingCorrectForm(forms.Form):
    reason = forms.CharField(
        label="更正原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="公示栏、原公示和更正后的公示上都会显示更正日期和这段原因，请写明。",
    )
    published_on = forms.DateField(label="更正后的发布日期", widget=DateInput())
    contact = forms.CharField(label="受理电话", max_length=50, required=False)
    body = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="收到日期", widget=DateInput())
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 2}))
    submitter = forms.CharField(label="反映人（可匿名）", max_length=50, required=False)
