from django import forms

from core.form_widgets import DateInput
from organizations.models import Area, Entity, Instructor, MassOrganization, PartyOrganization


class ServiceValidatedModelForm(forms.ModelForm):
    """A ModelForm whose instance is checked by the service that saves it, not a second time here."""

    def _post_clean(self):
        pass


class EntityForm(ServiceValidatedModelForm):
    class Meta:
        model = Entity
        fields = [
            "kind",
            "name",
            "credit_code",
            "area",
            "industry",
            "staff_count",
            "full_member_count",
            "is_key_enterprise",
            "is_operating",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_county_admin:
            self.fields["area"].queryset = Area.objects.filter(pk=user.area_id)


class CoverForm(forms.Form):
    party_organization = forms.ModelChoiceField(
        label="覆盖党组织", queryset=PartyOrganization.objects.none(), required=False, empty_label="（解除覆盖）"
    )

    def __init__(self, *args, user, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_organization"].queryset = PartyOrganization.objects.editable_by(user).filter(
            area=entity.area_id, depth__gt=1, is_active=True
        )


class MassOrganizationForm(ServiceValidatedModelForm):
    class Meta:
        model = MassOrganization
        fields = ["kind", "name", "founded_on"]
        widgets = {"founded_on": DateInput()}


class InstructorForm(ServiceValidatedModelForm):
    class Meta:
        model = Instructor
        fields = ["name", "unit", "phone", "area", "is_red_sail"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_county_admin:
            self.fields["area"].queryset = Area.objects.filter(pk=user.area_id)


class AssignForm(forms.Form):
    instructor = forms.ModelChoiceField(label="指导员", queryset=Instructor.objects.none())
    started_on = forms.DateField(label="开始日期", widget=DateInput())

    def __init__(self, *args, user, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = Instructor.objects.filter(area=entity.area_id)
