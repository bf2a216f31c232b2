from django import forms

from core.form_widgets import DateInput
from organizations.models import Area, PartyOrganization


class PartyOrganizationForm(forms.ModelForm):
    """Create form; the parent list holds only organisations the user may edit."""

    parent = forms.ModelChoiceField(
        label="上级党组织",
        queryset=PartyOrganization.objects.none(),
        required=False,
        help_text="街镇/园区党（工）委不选",
    )
    area = forms.ModelChoiceField(
        label="所属街镇/园区", queryset=Area.objects.all(), required=False, help_text="仅新建街镇/园区党（工）委时填写"
    )

    class Meta:
        model = PartyOrganization
        fields = ["parent", "area", "name", "kind", "establishment_method", "founded_on"]
        widgets = {"founded_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = PartyOrganization.objects.editable_by(user).select_related("area")
        if not user.is_county_admin:
            del self.fields["area"]
            self.fields["parent"].required = True

    def _post_clean(self):
        # The service validates (it must also place the node in the tree); skip ModelForm's instance checks.
        pass


class PartyOrganizationUpdateForm(forms.ModelForm):
    class Meta:
        model = PartyOrganization
        fields = ["name", "kind", "establishment_method", "founded_on", "secretary_name", "demo_level", "is_active"]
        widgets = {"founded_on": DateInput()}

    def _post_clean(self):
        pass


class AreaForm(forms.ModelForm):
    """An area as county staff register it; the service checks names and codes."""

    class Meta:
        model = Area
        fields = ["name", "kind", "code", "sort_order"]
        help_texts = {
            "code": "如乡镇行政区划代码，全县唯一",
            "sort_order": "数字小的排在前面；新建时不填则排在最后",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *self.fields["kind"].choices[1:]]
        self.fields["sort_order"].required = self.instance.pk is not None

    def _post_clean(self):
        pass
