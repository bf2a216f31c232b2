"""Forms of Party dues: the yearly base, a payment, a reversal."""

from django import forms
from django.utils import timezone

from core.form_widgets import DateInput, MoneyInput, MonthInput, TimesInput
from party_life.choices import DuesCategory


class DuesBaseForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    category = forms.ChoiceField(label="人员类别", choices=DuesCategory.choices)
    monthly_income = forms.DecimalField(
        label="月税后工资收入（元）",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=MoneyInput(),
        help_text="在职按月工资收入扣除个人所得税和“五险一金”后的数额；学生、失业、低保人员不填，按固定金额缴纳",
    )


class DuesPaymentForm(forms.Form):
    month = forms.DateField(label="所属月份", widget=MonthInput())
    months = forms.IntegerField(label="缴纳月数", min_value=1, max_value=12, initial=1, widget=TimesInput())
    amount = forms.DecimalField(
        label="每月金额（元）",
        max_digits=10,
        decimal_places=2,
        required=False,
        widget=MoneyInput(),
        help_text="不填按核定的月缴党费",
    )
    paid_on = forms.DateField(label="缴纳日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="摘要", max_length=200, required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(label="冲销原因", max_length=150)


class RemittanceForm(forms.Form):
    month = forms.DateField(label="所属月份", widget=MonthInput())
    amount = forms.DecimalField(label="上缴金额（元）", max_digits=12, decimal_places=2, widget=MoneyInput())
    remitted_on = forms.DateField(label="上缴日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="摘要", max_length=200, required=False)


class RefundForm(forms.Form):
    year = forms.IntegerField(label="返还所属年度", min_value=2000, max_value=2100)
    amount = forms.DecimalField(label="返还金额（元）", max_digits=12, decimal_places=2, widget=MoneyInput())
    received_on = forms.DateField(label="到账日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="摘要", max_length=150, required=False)
