"""Pages of the rotating duty: the schedule, generating it, swapping/reassigning/skipping a turn, and 红色沙龙."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import FormView

from core.forms import apply_errors
from core.mixins import ScopedListView
from industry_chains.filters.committees import ChainActivityFilterSet, DutyTurnFilterSet
from industry_chains.forms import committees as forms
from industry_chains.models import ChainActivity, DutyTurn
from industry_chains.resources.committees import ChainActivityResource, DutyTurnResource
from industry_chains.services import duty as services
from industry_chains.services.committees import require_chain_keeper

INDEX_LINKS: list[tuple[str, str, str]] = [
    ("industry_chains:dutyturn_list", "轮值安排", "成员企业每两个月轮值一次，调换、改派、轮空须说明原因"),
    ("industry_chains:chainactivity_list", "红色沙龙", "现场观摩、政策宣传、座谈交流、教育培训，按轮值期登记"),
]

KEEPERS_ONLY = "只有县级管理员和产业链党委工作人员可以办理。"


class DutyTurnListView(ScopedListView):
    model = DutyTurn
    filterset_class = DutyTurnFilterSet
    resource_class = DutyTurnResource
    template_name = "industry_chains/dutyturn_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain", "enterprise__entity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_keep"] = forms.kept_chains(self.request.user).exists()
        return context


class ChainActivityListView(ScopedListView):
    model = ChainActivity
    filterset_class = ChainActivityFilterSet
    resource_class = ChainActivityResource
    template_name = "industry_chains/chainactivity_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain", "duty_turn__enterprise__entity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_keep"] = forms.kept_chains(self.request.user).exists()
        return context


class KeeperFormView(LoginRequiredMixin, FormView):
    template_name = "industry_chains/form.html"
    title = ""
    back_url = "industry_chains:dutyturn_list"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_keeper()
        return super().dispatch(request, *args, **kwargs)

    def check_keeper(self) -> None:
        if not forms.kept_chains(self.request.user).exists():
            raise PermissionDenied(KEEPERS_ONLY)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.back_url, **kwargs)

    def form_valid(self, form):
        try:
            message = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.back_url)


class DutyGenerateView(KeeperFormView):
    form_class = forms.DutyGenerateForm
    title = "生成轮值安排"

    def perform(self, data):
        turns = services.duty_schedule_generate(by=self.request.user, **data)
        return f"已排 {len(turns)} 期轮值，至 {turns[-1].ends_on:%Y-%m-%d}。"


class DutyTurnAdjustView(KeeperFormView):
    form_class = forms.DutyAdjustForm
    title = "调整轮值"

    @cached_property
    def turn(self):
        queryset = DutyTurn.objects.visible_to(self.request.user).select_related("chain", "enterprise__entity")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def check_keeper(self) -> None:
        try:
            require_chain_keeper(self.request.user, self.turn.chain)
        except ValidationError as error:
            raise PermissionDenied(error.messages[0]) from None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return {**kwargs, "turn": self.turn}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"调整轮值：{self.turn}"
        return context

    def perform(self, data):
        by, turn, reason = self.request.user, self.turn, data["reason"]
        if data["action"] == "swap":
            services.duty_turn_swap(by=by, turn=turn, other=data["other"], reason=reason)
        elif data["action"] == "reassign":
            services.duty_turn_reassign(by=by, turn=turn, enterprise=data["enterprise"], reason=reason)
        else:
            services.duty_turn_skip(by=by, turn=turn, reason=reason)
        return "轮值已调整。"


class ChainActivityCreateView(KeeperFormView):
    form_class = forms.ChainActivityForm
    title = "登记红色沙龙活动"
    back_url = "industry_chains:chainactivity_list"

    def perform(self, data):
        activity = services.activity_record(by=self.request.user, **data)
        host = activity.duty_turn.enterprise if activity.duty_turn else "无轮值企业"
        return f"已登记，计入轮值期（{host}）。"


urlpatterns = [
    path("duty/", DutyTurnListView.as_view(), name="dutyturn_list"),
    path("duty/generate/", DutyGenerateView.as_view(), name="dutyturn_generate"),
    path("duty/<int:pk>/adjust/", DutyTurnAdjustView.as_view(), name="dutyturn_adjust"),
    path("activities/", ChainActivityListView.as_view(), name="chainactivity_list"),
    path("activities/new/", ChainActivityCreateView.as_view(), name="chainactivity_create"),
]
