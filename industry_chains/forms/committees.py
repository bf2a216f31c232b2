"""Forms of the committees and duty parts; they collect input, the services judge it."""

from django import forms
from django.utils import timezone

from core.choices import Role
from core.form_widgets import DateInput, TimesInput
from industry_chains.choices import ActivityKind, MemberRole, UnitKind
from industry_chains.models import ChainEnterprise, DutyTurn, IndustryChain
from organizations.models import Entity, Instructor


def kept_chains(user):
    """The chains a user keeps: all for county staff, their own for chain staff."""
    if user.is_county_admin:
        return IndustryChain.objects.all()
    if user.role == Role.CHAIN_STAFF:
        return IndustryChain.objects.filter(pk=user.chain_id)
    return IndustryChain.objects.none()


class ChainMemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="职务", choices=[("", "请选择"), *MemberRole.choices])
    unit = forms.CharField(label="工作单位", max_length=100, required=False)
    position = forms.CharField(label="单位职务", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)


class ChainUnitForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择"), *UnitKind.choices])
    name = forms.CharField(label="单位名称", max_length=100)
    duty = forms.CharField(label="职责", max_length=200, required=False)


class ChainEnterpriseForm(forms.Form):
    entity = forms.ModelChoiceField(label="企业", queryset=Entity.objects.none(), empty_label="请选择")
    instructor = forms.ModelChoiceField(label="党建指导员", queryset=Instructor.objects.all(), required=False)
    joined_on = forms.DateField(label="加入日期", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, chain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = (
            Entity.objects.filter(kind="enterprise", is_operating=True)
            .exclude(chain_memberships__chain=chain)
            .order_by("name")
        )


class ChainEnterpriseInstructorForm(forms.Form):
    instructor = forms.ModelChoiceField(
        label="党建指导员",
        queryset=Instructor.objects.none(),
        required=False,
        empty_label="（不配备指导员）",
        error_messages={"invalid_choice": "所选党建指导员不在可选之列，请从列表中重新选择。"},
        help_text="可选本企业所在街镇/园区的党建工作指导员；县级管理员可选全县指导员。",
    )
    # Set by the confirmation step: the first submission only shows what will change.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, instructors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors.select_related("area").order_by("area__sort_order", "name")
        self.fields["instructor"].label_from_instance = lambda i: (
            f"{i.name}（{i.area.name}{'，“红帆”指导员' if i.is_red_sail else ''}）"
        )


class DutyGenerateForm(forms.Form):
    chain = forms.ModelChoiceField(label="产业链", queryset=IndustryChain.objects.none(), empty_label="请选择")
    start = forms.DateField(label="开始月份（月初）", widget=DateInput())
    rounds = forms.IntegerField(label="轮数", initial=1, help_text="每家成员企业轮值一次为一轮，每次两个月")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = kept_chains(user)


class DutyAdjustForm(forms.Form):
    action = forms.ChoiceField(
        label="调整方式", choices=[("swap", "与另一期调换"), ("reassign", "改由其他成员企业轮值"), ("skip", "本期轮空")]
    )
    other = forms.ModelChoiceField(label="调换的轮值期", queryset=DutyTurn.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(label="改派企业", queryset=ChainEnterprise.objects.none(), required=False)
    reason = forms.CharField(label="调整原因", max_length=200, required=False)

    def __init__(self, *args, turn, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (
            DutyTurn.objects.filter(chain=turn.chain, ends_on__gte=timezone.localdate())
            .exclude(pk=turn.pk)
            .select_related("enterprise__entity")
        )
        # Every enterprise is offered, so that one outside the chain is refused with its reason.
        self.fields["enterprise"].queryset = ChainEnterprise.objects.select_related("entity", "chain")
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.entity.name}（{e.chain.name}）"


class ChainActivityForm(forms.Form):
    chain = forms.ModelChoiceField(label="产业链", queryset=IndustryChain.objects.none(), empty_label="请选择")
    kind = forms.ChoiceField(label="形式", choices=[("", "请选择"), *ActivityKind.choices])
    title = forms.CharField(label="主题", max_length=200)
    held_on = forms.DateField(label="举办日期", widget=DateInput(), initial=timezone.localdate)
    participants = forms.IntegerField(label="参加人数", min_value=0, initial=0, widget=TimesInput())
    benefits_enterprises = forms.BooleanField(label="党建惠企活动", required=False)
    summary = forms.CharField(label="活动内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = kept_chains(user)
