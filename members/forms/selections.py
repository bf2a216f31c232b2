from django import forms
from django.utils import timezone

from core.form_widgets import DateInput
from members.choices import EntrepreneurHonourLevel, SelectionKind, TrainingKind
from members.models import Person
from organizations.choices import EntityKind
from organizations.models import Entity, Instructor, PartyOrganization

__all__ = [
    "AssociationForm",
    "CampaignCreateForm",
    "HonourForm",
    "NominationApplyForm",
    "ReturnForm",
    "StudioForm",
    "TrainingForm",
]


def _this_year() -> int:
    return timezone.localdate().year


class CampaignCreateForm(forms.Form):
    kind = forms.ChoiceField(label="评选类别", choices=SelectionKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=_this_year)
    quota = forms.IntegerField(label="名额", min_value=1, max_value=1000)


class NominationApplyForm(forms.Form):
    """The personal application: a secretary (from organisations the user may edit) or an instructor."""

    person = forms.ModelChoiceField(label="党组织书记", queryset=Person.objects.none(), required=False)
    instructor = forms.ModelChoiceField(label="党建工作指导员", queryset=Instructor.objects.none(), required=False)
    statement = forms.CharField(label="个人申请事迹", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign.kind == SelectionKind.SECRETARY:
            del self.fields["instructor"]
            orgs = PartyOrganization.objects.editable_by(user).values("pk")
            self.fields["person"].queryset = (
                Person.objects.filter(party_organization__in=orgs)
                .exclude(nominations__campaign=campaign)
                .select_related("party_organization")
            )
            self.fields["person"].required = True
            self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.party_organization.name}）"
        else:
            del self.fields["person"]
            instructors = Instructor.objects.exclude(nominations__campaign=campaign)
            if not user.is_county_admin:
                instructors = instructors.filter(area_id=user.area_id) if user.area_id else instructors.none()
            self.fields["instructor"].queryset = instructors.select_related("area")
            self.fields["instructor"].required = True


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300)


class StudioForm(forms.Form):
    name = forms.CharField(label="工作室名称", max_length=100)
    founded_on = forms.DateField(label="命名日期", initial=timezone.localdate, widget=DateInput())


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=TrainingKind.choices)
    program = forms.CharField(label="项目", max_length=200)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100, initial=_this_year)
    graduated = forms.BooleanField(label="已结业/毕业", required=False)


class HonourForm(forms.Form):
    level = forms.ChoiceField(label="称号", choices=EntrepreneurHonourLevel.choices)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100, initial=_this_year)


class AssociationForm(forms.Form):
    association = forms.ModelChoiceField(
        label="行业协会商会", queryset=Entity.objects.filter(kind=EntityKind.ASSOCIATION).order_by("name")
    )
    role = forms.CharField(label="职务", max_length=50, initial="会员")
