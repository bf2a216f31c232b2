"""Forms of 红领党务 certification; they collect input, members.services.certification judges it."""

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput
from members.choices import CertLevel, CertStatus, Stage
from members.models import Person


def _level_field(label: str = "证书等级"):
    return forms.ChoiceField(label=label, choices=[("", "请选择"), *CertLevel.choices])


def _score_field():
    return forms.IntegerField(label="年度考核得分", min_value=0, max_value=100)


class CertificateGrantForm(forms.Form):
    person = forms.ModelChoiceField(label="党务工作者", queryset=Person.objects.none(), empty_label="请选择")
    level = _level_field()
    annual_score = _score_field()
    demo_point_work = forms.CharField(label="示范点创建", max_length=200, required=False, help_text="中级、高级必填")
    results = forms.CharField(label="工作成效", max_length=300, required=False, help_text="高级必填")
    issued_on = forms.DateField(label="发证日期", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Members in scope who hold no valid certificate yet.
        self.fields["person"].queryset = (
            Person.objects.editable_by(user)
            .filter(stage__in=[Stage.PROBATIONARY, Stage.FULL])
            .exclude(certificates__status=CertStatus.VALID)
            .select_related("party_organization")
            .order_by("party_organization__path", "name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.party_organization.name}）"


class CertificatePromoteForm(forms.Form):
    level = _level_field("晋级为")
    annual_score = _score_field()
    demo_point_work = forms.CharField(label="示范点创建", max_length=200, required=False)
    results = forms.CharField(label="工作成效", max_length=300, required=False)
    changed_on = forms.DateField(label="晋级日期", widget=DateInput(), initial=timezone.localdate)


class CertificateDemoteForm(forms.Form):
    level = _level_field("降级为")
    annual_score = _score_field()
    reason = forms.CharField(label="降级原因", max_length=150)
    changed_on = forms.DateField(label="降级日期", widget=DateInput(), initial=timezone.localdate)


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=150, help_text="如：已调离党务工作岗位")
    revoked_on = forms.DateField(label="撤销日期", widget=DateInput(), initial=timezone.localdate)


class CertificateBatchForm(forms.Form):
    level = _level_field("打印等级")
