"""Forms of organisation star rating, 红旗支部 and designations."""

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput
from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import Criterion, DesignationKind
from scoring.forms.people import person_field
from scoring.services.stars import MEMBER_STAGES


class CriterionScoresForm(forms.Form):
    """One number per “好”, capped by the campaign's sheet."""

    def __init__(self, *args, sheet=None, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        caps = {c.criterion: c.cap for c in sheet.criteria.all()} if sheet else {}
        for criterion in Criterion:
            cap = caps.get(criterion.value)
            self.fields[criterion.value] = forms.IntegerField(
                label=f"{criterion.label}（{cap}分）" if cap else criterion.label,
                initial=(initial_scores or {}).get(criterion.value),
                widget=forms.NumberInput(attrs={"min": 0, "max": cap or 100, "inputmode": "numeric"}),
            )

    def scores(self) -> dict:
        return {c: self.cleaned_data.get(c) for c in Criterion.values}


class GuidanceForm(forms.Form):
    cadre = forms.CharField(label="联系领导干部", max_length=50, required=False)
    instructor = forms.CharField(label="党建指导员", max_length=50, required=False)
    paired_org = forms.CharField(label="结对先进党组织", max_length=100, required=False)
    worker = forms.CharField(label="党务工作者", max_length=50, required=False)


class RedFlagForm(forms.Form):
    strength_1 = forms.IntegerField(label="第一强", min_value=0, max_value=20)
    strength_2 = forms.IntegerField(label="第二强", min_value=0, max_value=20)
    strength_3 = forms.IntegerField(label="第三强", min_value=0, max_value=20)
    strength_4 = forms.IntegerField(label="第四强", min_value=0, max_value=20)
    strength_5 = forms.IntegerField(label="第五强", min_value=0, max_value=20)
    is_demo_point = forms.BooleanField(label="“双强六好”示范点", required=False)
    demo_point_note = forms.CharField(label="示范点情况", max_length=300, required=False)

    def __init__(self, *args, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, label in enumerate(labels or (), start=1):
            self.fields[f"strength_{i}"].label = f"{label}（20分）"


class DesignationForm(forms.Form):
    party_organization = forms.ModelChoiceField(label="党组织", queryset=PartyOrganization.objects.none())
    kind = forms.ChoiceField(label="类别", choices=DesignationKind.choices)
    name = forms.CharField(label="名称", max_length=100)
    person = forms.ModelChoiceField(label="党员", queryset=Person.objects.none(), required=False)
    commitment = forms.CharField(label="承诺内容（亮身份、亮承诺、亮业绩）", max_length=300, required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_organization"].queryset = PartyOrganization.objects.editable_by(user)
        people = Person.objects.editable_by(user).filter(stage__in=MEMBER_STAGES).order_by("name")
        self.fields["person"] = person_field(people, label="党员")
        self.fields["person"].required = False
        self.order_fields(["party_organization", "kind", "name", "person"])
        self.fields["year"].initial = timezone.localdate().year


class CampaignForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class RatingSheetForm(forms.Form):
    """A new version of the 100-point sheet: each “好”'s cap and rules."""

    number = forms.IntegerField(label="版本号", min_value=1)
    effective_from = forms.DateField(label="施行日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"{criterion.value}_cap"] = forms.IntegerField(label=f"{criterion.label}满分", min_value=0)
            self.fields[f"{criterion.value}_rules"] = forms.CharField(
                label=f"{criterion.label}评分细则", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {c.value: (data[f"{c.value}_cap"], data[f"{c.value}_rules"]) for c in Criterion}
