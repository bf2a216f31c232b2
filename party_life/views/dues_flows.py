"""Pages of the dues passed up (上缴) and refunded (返还): each organisation's collected, passed up and held
amounts for a year; the 上缴 ledger with its reversals; refunds, which enter the work-funds ledger."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from core.forms import apply_errors
from core.mixins import ScopedListView
from organizations.models import PartyOrganization
from party_life.filters.dues import OrganizationFlowFilterSet, RefundFilterSet, RemittanceFilterSet
from party_life.forms.dues import RefundForm, RemittanceForm, ReverseForm
from party_life.models import DuesRefund, DuesRemittance
from party_life.resources.dues import DuesFlowResource, RefundResource, RemittanceResource
from party_life.selectors import dues as selectors
from party_life.services import dues as services
from party_life.views.meetings import _year

INDEX_LINKS = [
    ("party_life:dues_flows", "党费上缴与返还", "各党组织收缴、上缴、结存党费，返还党费计入党建工作经费台账"),
]


class DuesFlowView(ScopedListView):
    """Each organisation in scope with the year's dues collected, passed up to it, passed up, held and refunded."""

    model = PartyOrganization
    filterset_class = OrganizationFlowFilterSet
    resource_class = DuesFlowResource
    template_name = "party_life/dues_flows.html"

    def scope_queryset(self, queryset):
        return selectors.with_dues_flows(queryset, year=_year(self.request)).order_by("path")

    def get_print_title(self) -> str:
        return f"{_year(self.request)}年党费收缴、上缴与返还"

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=_year(self.request), **kwargs)


class _OrgFormView(LoginRequiredMixin, FormView):
    """A form about one organisation the user may edit; anyone else's is a 404."""

    template_name = "party_life/simple_form.html"

    @cached_property
    def organization(self):
        return get_object_or_404(PartyOrganization.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization  # noqa: B018 - a 404 before anything else
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cancel_url = reverse("party_life:dues_flows")
        return super().get_context_data(subtitle=self.organization.name, cancel_url=cancel_url, **kwargs)

    def form_valid(self, form):
        try:
            message = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(reverse(self.success_url_name) + f"?q={self.organization.name}")


class RemittanceCreateView(_OrgFormView):
    form_class = RemittanceForm
    success_url_name = "party_life:duesremittance_list"

    def get_initial(self):
        return {"month": timezone.localdate().replace(day=1), "remitted_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        parent = PartyOrganization.objects.get_parent(self.organization)
        intro = (
            f"上缴给{parent.name if parent else '县委组织部'}。每个月份的上缴不能超过该月结存"
            "（本组织收缴加下级上缴减已上缴）；登记有误的，在上缴记录中冲销后重新登记。"
        )
        return super().get_context_data(title="登记党费上缴", intro=intro, **kwargs)

    def perform(self, data: dict) -> str:
        line = services.dues_remittance_record(by=self.request.user, organization=self.organization, **data)
        return f"已登记{line.month:%Y年%m月}党费上缴 {line.amount} 元。"


class RefundCreateView(_OrgFormView):
    form_class = RefundForm
    success_url_name = "party_life:duesrefund_list"

    def get_initial(self):
        return {"year": timezone.localdate().year, "received_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        intro = (
            "返还的党费记入本组织党建工作经费台账（来源：党费返还），只能用于开展组织活动、购买学习资料、"
            "慰问困难党员；已支出的返还党费不能冲销。"
        )
        return super().get_context_data(title="登记返还党费", intro=intro, **kwargs)

    def perform(self, data: dict) -> str:
        refund = services.dues_refund_record(by=self.request.user, organization=self.organization, **data)
        return f"已登记返还党费 {refund.fund_entry.amount} 元，计入党建工作经费台账。"


class RemittanceListView(ScopedListView):
    model = DuesRemittance
    filterset_class = RemittanceFilterSet
    resource_class = RemittanceResource
    template_name = "party_life/duesremittance_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "recipient", "reversal").order_by("-month", "-pk")

    def get_print_title(self) -> str:
        return "党费上缴记录"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reverse_form=ReverseForm(), **kwargs)


class RefundListView(ScopedListView):
    model = DuesRefund
    filterset_class = RefundFilterSet
    resource_class = RefundResource
    template_name = "party_life/duesrefund_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "fund_entry__reversal").order_by(
            "-fund_entry__occurred_on", "-pk"
        )

    def get_print_title(self) -> str:
        return "返还党费"


def _reverse(request, call, **kwargs) -> None:
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写冲销原因。")
        return
    try:
        call(by=request.user, reason=form.cleaned_data["reason"], **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已冲销。")


@login_required
@require_POST
def remittance_reverse(request, pk: int):
    lines = DuesRemittance.objects.editable_by(request.user).select_related("party_organization")
    line = get_object_or_404(lines, pk=pk)
    _reverse(request, services.dues_remittance_reverse, remittance=line)
    return redirect(reverse("party_life:duesremittance_list") + f"?q={line.party_organization.name}")


@login_required
@require_POST
def refund_reverse(request, pk: int):
    refunds = DuesRefund.objects.editable_by(request.user).select_related("party_organization")
    refund = get_object_or_404(refunds, pk=pk)
    _reverse(request, services.dues_refund_reverse, refund=refund)
    return redirect(reverse("party_life:duesrefund_list") + f"?q={refund.party_organization.name}")


urlpatterns = [
    path("dues/flows/", DuesFlowView.as_view(), name="dues_flows"),
    path("dues/flows/<int:pk>/remit/", RemittanceCreateView.as_view(), name="duesremittance_create"),
    path("dues/flows/<int:pk>/refund/", RefundCreateView.as_view(), name="duesrefund_create"),
    path("dues/remittances/", RemittanceListView.as_view(), name="duesremittance_list"),
    path("dues/remittances/<int:pk>/reverse/", remittance_reverse, name="duesremittance_reverse"),
    path("dues/refunds/", RefundListView.as_view(), name="duesrefund_list"),
    path("dues/refunds/<int:pk>/reverse/", refund_reverse, name="duesrefund_reverse"),
]
