"""Forms of the support work; they collect input, the services in organizations.services.support judge it."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput, MoneyInput
from organizations.choices import EntityKind, FundPurpose, FundSource
from organizations.models import (
    Entity,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.selectors.support import refunded_dues_purposes_label


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that leaves validation of the instance to the service it is handed to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "请选择"
            elif isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", "请选择"), *field.choices[1:]]

    def _post_clean(self):
        pass


def _editable_orgs(user):
    return PartyOrganization.objects.editable_by(user).select_related("area")


class OrgChoiceMixin:
    """The Party organisation list holds only organisations the user may edit."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "party_organization" in self.fields:
            self.fields["party_organization"].queryset = _editable_orgs(user)


# --- funds --------------------------------------------------------------------------------------


class FundIncomeForm(forms.Form):
    source = forms.ChoiceField(label="经费来源", choices=FundSource.choices)
    amount = forms.DecimalField(
        label="金额（元）",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=MoneyInput(),
    )
    occurred_on = forms.DateField(label="到账日期", widget=DateInput())
    note = forms.CharField(label="摘要", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class FundSpendForm(FundIncomeForm):
    purpose = forms.ChoiceField(
        label="用途",
        choices=[("", "请选择"), *FundPurpose.choices],
        help_text=f"党费返还只能用于：{refunded_dues_purposes_label()}。",
    )

    field_order = ["source", "purpose", "amount", "occurred_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].label = "支出日期"


class FundReverseForm(forms.Form):
    reason = forms.CharField(
        label="冲销原因", max_length=180, widget=forms.TextInput(attrs={"placeholder": "如：金额录入错误"})
    )


# --- venues -------------------------------------------------------------------------------------


class VenueForm(OrgChoiceMixin, ServiceModelForm):
    class Meta:
        model = Venue
        fields = [
            "party_organization",
            "name",
            "address",
            "has_space",
            "has_facilities",
            "has_sign",
            "has_flag",
            "has_books",
            "has_rules",
        ]


class VenueUpdateForm(ServiceModelForm):
    class Meta:
        model = Venue
        fields = ["name", "address", "has_space", "has_facilities", "has_sign", "has_flag", "has_books", "has_rules"]


# --- liaison points -----------------------------------------------------------------------------


class LiaisonPointForm(OrgChoiceMixin, ServiceModelForm):
    class Meta:
        model = LiaisonPoint
        fields = ["cadre_name", "cadre_title", "cadre_kind", "party_organization", "started_on"]
        widgets = {"started_on": DateInput()}
        help_texts = {"party_organization": "副科级以上领导干部须联系市、县级示范点党组织"}


class LiaisonVisitForm(ServiceModelForm):
    class Meta:
        model = LiaisonVisit
        fields = ["kind", "visited_on", "summary"]
        widgets = {"visited_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)


# --- stationed cadres ---------------------------------------------------------------------------


class StationedCadreForm(ServiceModelForm):
    entity = forms.ModelChoiceField(label="驻在企业", queryset=Entity.objects.none())

    class Meta:
        model = StationedCadre
        fields = ["name", "unit", "entity", "post", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = (
            Entity.objects.editable_by(user).filter(kind=EntityKind.ENTERPRISE).order_by("area__sort_order", "name")
        )


class StationedCadreUpdateForm(ServiceModelForm):
    class Meta:
        model = StationedCadre
        fields = ["name", "unit", "post", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


class StationedActivityForm(ServiceModelForm):
    class Meta:
        model = StationedActivity
        fields = ["kind", "done_on", "title", "listed_as"]
        widgets = {"done_on": DateInput(), "listed_as": forms.TextInput(attrs={"list": "project-lists"})}
        help_texts = {"listed_as": "仅“项目帮办”填写，如项目列入的省级、市级重点项目名单"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("done_on", timezone.localdate())
        super().__init__(*args, **kwargs)


# --- pairings -----------------------------------------------------------------------------------


class PairingForm(OrgChoiceMixin, ServiceModelForm):
    class Meta:
        model = Pairing
        fields = ["party_organization", "partner_name", "partner_kind", "started_on"]
        widgets = {"started_on": DateInput()}


class PairingActivityForm(ServiceModelForm):
    class Meta:
        model = PairingActivity
        fields = ["kind", "held_on", "title"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
