from django import forms

from core.form_widgets import DateInput
from members.choices import TalentRecordKind
from members.models import Person, TalentRecord
from members.services.people import can_see_identity
from organizations.models import Entity, PartyOrganization

# Shown masked to roles that do not need them, so an edit form must not carry them either.
IDENTITY_FIELDS = ("id_number", "phone")


class PersonForm(forms.ModelForm):
    """A person's own facts; the service validates and saves them (not a second time here)."""

    class Meta:
        model = Person
        fields = [
            "name",
            "id_number",
            "gender",
            "birth_date",
            "phone",
            "education",
            "party_organization",
            "entity",
            "post",
            "is_management_talent",
            "is_technical_talent",
            "applied_on",
        ]
        widgets = {"birth_date": DateInput(), "applied_on": DateInput()}
        help_texts = {"birth_date": "须与身份证号一致；留空则按身份证号填写"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_organization"].queryset = (
            PartyOrganization.objects.editable_by(user).filter(is_active=True).select_related("area")
        )
        self.fields["entity"].queryset = Entity.objects.visible_to(user).order_by("name")
        self.fields["birth_date"].required = False
        self.fields["gender"].required = False
        self.fields["applied_on"].required = True
        if self.instance.pk and not can_see_identity(user):
            # The stored values would be in the inputs in full; leaving the fields out keeps them unchanged.
            for name in IDENTITY_FIELDS:
                del self.fields[name]

    def _post_clean(self):
        pass


class TransitionForm(forms.Form):
    on = forms.DateField(label="日期", widget=DateInput())


class ExtendProbationForm(forms.Form):
    until = forms.DateField(label="延长后的预备期满日期", widget=DateInput(), help_text="最多延长一年，只能延长一次")


class TalentRecordForm(forms.ModelForm):
    class Meta:
        model = TalentRecord
        fields = ["kind", "title", "awarded_on"]
        widgets = {"awarded_on": DateInput()}

    kind = forms.ChoiceField(label="类别", choices=TalentRecordKind.choices)

    def _post_clean(self):
        pass
