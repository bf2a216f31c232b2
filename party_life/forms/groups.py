"""The Party group form: name, members (the organisation's members, one tick each), still active."""

from django import forms

from members.models import Person
from scoring.services.stars import MEMBER_STAGES


class PartyGroupForm(forms.Form):
    name = forms.CharField(label="党小组名称", max_length=50)
    members = forms.ModelMultipleChoiceField(
        label="组员", queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(
        label="存续", required=False, initial=True, help_text="撤销的党小组不再要求召开党小组会"
    )

    def __init__(self, *args, party_organization, with_active: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(party_organization=party_organization, stage__in=MEMBER_STAGES)
        self.fields["members"].queryset = people.order_by("name", "pk")
        if not with_active:
            del self.fields["is_active"]
