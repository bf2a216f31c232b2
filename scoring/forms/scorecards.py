"""Forms of the quarterly scorecard."""

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput
from members.models import Person
from scoring.choices import Dimension
from scoring.forms.people import person_field
from scoring.services.scorecards import SCORED_STAGES


class ScorecardForm(forms.Form):
    person = forms.ModelChoiceField(label="考察对象", queryset=Person.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", choices=[(q, f"第{q}季度") for q in range(1, 5)], coerce=int)
    political = forms.IntegerField(label=Dimension.POLITICAL.label)
    discipline = forms.IntegerField(label=Dimension.DISCIPLINE.label)
    solidarity = forms.IntegerField(label=Dimension.SOLIDARITY.label)
    performance = forms.IntegerField(label=Dimension.PERFORMANCE.label)

    def __init__(self, *args, user, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = person_field(
            Person.objects.editable_by(user).filter(stage__in=SCORED_STAGES).order_by("name"), label="考察对象"
        )
        self.order_fields(["person"])
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
        if template is not None:
            for dimension in template.dimensions.all():
                field = self.fields[dimension.dimension]
                field.help_text = f"满分 {dimension.cap} 分：" + "；".join(dimension.item_lines)
                field.widget.attrs.update(min=0, max=dimension.cap, inputmode="numeric")

    def scores(self) -> dict:
        return {d: self.cleaned_data.get(d) for d in Dimension.values}


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300)


class ScorecardTemplateForm(forms.Form):
    """A new template version: each dimension's cap and its detailed items (one per line)."""

    number = forms.IntegerField(label="版本号", min_value=1)
    effective_from = forms.DateField(label="施行日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            self.fields[f"{dimension.value}_cap"] = forms.IntegerField(label=f"{dimension.label}满分", min_value=0)
            self.fields[f"{dimension.value}_items"] = forms.CharField(
                label=f"{dimension.label}评分细则", widget=forms.Textarea(attrs={"rows": 2}), help_text="每行一条"
            )

    def dimensions(self) -> dict:
        data = self.cleaned_data
        return {d.value: (data[f"{d.value}_cap"], data[f"{d.value}_items"]) for d in Dimension}
