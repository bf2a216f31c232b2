"""Forms of the ticket closed loop; they collect input, industry_chains.services.tickets judges it."""

from django import forms
from django.conf import settings
from django.utils import timezone

from core.form_widgets import DateInput
from industry_chains.choices import TicketCategory
from industry_chains.models import ChainEnterprise, Department, IndustryChain
from organizations.models import Entity

TEXT = forms.Textarea(attrs={"rows": 3})


class TicketReportForm(forms.Form):
    entity = forms.ModelChoiceField(label="企业", queryset=Entity.objects.none(), empty_label="请选择")
    chain = forms.ModelChoiceField(label="产业链", queryset=IndustryChain.objects.all(), empty_label="请选择")
    category = forms.ChoiceField(label="问题类别", choices=[("", "请选择"), *TicketCategory.choices])
    title = forms.CharField(label="问题标题", max_length=200)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the member enterprises the secretary's organisation covers.
        members = ChainEnterprise.objects.filter(is_active=True).values("entity_id")
        self.fields["entity"].queryset = Entity.objects.editable_by(user).filter(pk__in=members).order_by("name")


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300, required=False, widget=TEXT)


class RejectForm(forms.Form):
    reason = forms.CharField(label="不认可的理由", max_length=300, required=False, widget=TEXT)


class DispatchForm(forms.Form):
    lead = forms.ModelChoiceField(label="主办部门", queryset=Department.objects.all(), empty_label="请选择")
    co_handlers = forms.ModelMultipleChoiceField(
        label="协办部门", queryset=Department.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="派单说明", max_length=300, required=False)


class ReplyForm(forms.Form):
    reply = forms.CharField(label="办理答复", required=False, widget=TEXT)


class ConsultForm(forms.Form):
    held_on = forms.DateField(label="会商日期", widget=DateInput(), initial=timezone.localdate)
    attendees = forms.CharField(label="参会单位", max_length=300, required=False)
    minutes = forms.CharField(label="会商纪要", required=False, widget=TEXT)
    decision = forms.CharField(label="会商意见", required=False, widget=TEXT)


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(label="延长工作日数", initial=3, help_text="最多可延长若干个工作日，仅可申请一次")
    reason = forms.CharField(label="延期理由", max_length=300, required=False, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "workdays"
        ].help_text = f"最多 {settings.TICKET_EXTENSION_WORKDAYS} 个工作日，须在办理时限内申请，仅可申请一次"


class ConfirmForm(forms.Form):
    # No choice made for the enterprise: a preselected score would be counted as its judgement.
    rating = forms.TypedChoiceField(
        label="满意度评分",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择一项（必选）。"},
        choices=[
            (5, "5 分 非常满意"),
            (4, "4 分 满意"),
            (3, "3 分 基本满意"),
            (2, "2 分 不满意"),
            (1, "1 分 很不满意"),
        ],
    )
    comment = forms.CharField(label="评价意见", max_length=300, required=False)
