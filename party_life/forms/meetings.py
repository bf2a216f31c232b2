"""Forms of organisational life: the meeting (attendance comes as one tap per person, parsed by the view)."""

from django import forms

from core.form_widgets import DateInput
from party_life.choices import MeetingKind
from party_life.models import PartyGroup
from scoring.models import PointRule


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    group = forms.ModelChoiceField(
        label="党小组", queryset=PartyGroup.objects.none(), required=False, help_text="仅党小组会选择"
    )
    held_on = forms.DateField(label="召开日期", widget=DateInput())
    place = forms.CharField(label="地点", max_length=100)
    topic = forms.CharField(label="主题", max_length=200)
    by_secretary = forms.BooleanField(label="书记讲党课", required=False)
    minutes = forms.CharField(
        label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="要点即可，可稍后补充"
    )
    reason = forms.CharField(label="更正原因", max_length=100, required=False, help_text="已结账月份的更正必填")

    def __init__(self, *args, party_organization, with_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        groups = PartyGroup.objects.filter(party_organization=party_organization, is_active=True)
        self.fields["group"].queryset = groups
        if not groups.exists():
            del self.fields["group"]
            self.fields["kind"].choices = [c for c in MeetingKind.choices if c[0] != MeetingKind.GROUP]
        if not with_reason:
            del self.fields["reason"]


class MeetingPointRulesForm(forms.Form):
    """County staff tie each meeting kind to a rule of a handbook version (or to none)."""

    def __init__(self, *args, version, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        rules = PointRule.objects.filter(version=version)
        for kind, label in MeetingKind.choices:
            self.fields[kind] = forms.ModelChoiceField(
                label=label, queryset=rules, required=False, empty_label="不计分", initial=current.get(kind)
            )
