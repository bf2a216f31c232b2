"""Forms of 党建惠企; they collect input, industry_chains.services.service judges it."""

from django import forms
from django.utils import timezone

from core.choices import Role
from core.form_widgets import DateInput, MoneyInput, TimesInput
from industry_chains.choices import PolicyCategory, ResultKind
from industry_chains.forms.committees import kept_chains
from industry_chains.models import ChainEnterprise, Department, Expert, IndustryChain


def kept_departments(user):
    if user.is_county_admin:
        return Department.objects.all()
    if user.role == Role.DEPT_HANDLER:
        return Department.objects.filter(pk=user.department_id)
    return Department.objects.none()


def _enterprises(user):
    return ChainEnterprise.objects.filter(chain__in=kept_chains(user), is_active=True).select_related("entity", "chain")


class HandlerForm(forms.Form):
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.none(), empty_label="请选择")
    name = forms.CharField(label="姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    chains = forms.ModelMultipleChoiceField(
        label="联系产业链", queryset=IndustryChain.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    reported_on = forms.DateField(label="报到日期", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = kept_departments(user)


class ExpertForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    unit = forms.CharField(label="工作单位", max_length=100)
    specialty = forms.CharField(label="服务专长", max_length=100)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    chain = forms.ModelChoiceField(label="服务产业链", queryset=IndustryChain.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = kept_chains(user)


class VisitForm(forms.Form):
    expert = forms.ModelChoiceField(label="专家", queryset=Expert.objects.all(), empty_label="请选择")
    enterprise = forms.ModelChoiceField(label="服务企业", queryset=ChainEnterprise.objects.none(), empty_label="请选择")
    visited_on = forms.DateField(label="服务日期", widget=DateInput(), initial=timezone.localdate)
    topic = forms.CharField(label="服务内容", max_length=200)
    outcome = forms.CharField(label="服务成效", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _enterprises(user)


class PolicyForm(forms.Form):
    title = forms.CharField(label="政策名称", max_length=200)
    issuing_department = forms.ModelChoiceField(
        label="发布部门", queryset=Department.objects.none(), empty_label="请选择"
    )
    category = forms.ChoiceField(label="政策类别", choices=[("", "请选择"), *PolicyCategory.choices])
    summary = forms.CharField(label="政策要点", widget=forms.Textarea(attrs={"rows": 4}))
    valid_from = forms.DateField(label="生效日期", widget=DateInput())
    valid_until = forms.DateField(label="有效期至", widget=DateInput(), required=False)
    chains = forms.ModelMultipleChoiceField(
        label="适用产业链",
        queryset=IndustryChain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选表示适用全部产业链",
    )
    min_staff = forms.IntegerField(label="适用最低从业人数", min_value=0, initial=0, widget=TimesInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_department"].queryset = kept_departments(user)


class ResultForm(forms.Form):
    enterprise = forms.ModelChoiceField(label="企业", queryset=ChainEnterprise.objects.none(), empty_label="请选择")
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择"), *ResultKind.choices])
    title = forms.CharField(label="成果", max_length=200, help_text="如：获“休闲服饰贷”授信、专精特新“小巨人”企业")
    amount = forms.DecimalField(
        label="金额（万元）", required=False, min_value=0, decimal_places=2, widget=MoneyInput()
    )
    achieved_on = forms.DateField(label="取得日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _enterprises(user)
