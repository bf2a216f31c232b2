"""Pages of the chain committees: a chain with its committee, “2+2+7+N” units, member enterprises and duty;
the member and enterprise registers and an enterprise's record; adding members, units and enterprises;
giving an enterprise its instructor."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import DetailView, FormView

from core.audit import audit_entries
from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from industry_chains.filters.committees import ChainEnterpriseFilterSet, ChainMemberFilterSet
from industry_chains.forms import committees as forms
from industry_chains.models import ChainEnterprise, ChainMember, IndustryChain
from industry_chains.resources.committees import ChainEnterpriseResource, ChainMemberResource
from industry_chains.selectors import committees as selectors
from industry_chains.services import committees as services

INDEX_LINKS: list[tuple[str, str, str]] = [
    (
        "industry_chains:industrychain_list",
        "产业链党委",
        "纺织服装、装备制造、高端化工：书记、委员、“2+2+7+N”单位、当前轮值企业",
    ),
    ("industry_chains:chainmember_list", "党委成员", "产业链党委书记（产业专班主任）、专职和兼职委员、党建指导员"),
    ("industry_chains:chainenterprise_list", "链上成员企业", "成员企业及其党建指导员"),
]


def may_keep(user, chain) -> bool:
    try:
        services.require_chain_keeper(user, chain)
    except ValidationError:
        return False
    return True


class IndustryChainDetailView(ScopedQuerysetMixin, DetailView):
    """A chain: its committee, units, member enterprises with instructors, the current duty enterprise."""

    model = IndustryChain
    template_name = "industry_chains/industrychain_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.chain_overview(chain=self.object))
        context["can_keep"] = may_keep(self.request.user, self.object)
        return context


class ChainMemberListView(ScopedListView):
    model = ChainMember
    filterset_class = ChainMemberFilterSet
    resource_class = ChainMemberResource
    template_name = "industry_chains/chainmember_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain")


class ChainEnterpriseListView(ScopedListView):
    model = ChainEnterprise
    filterset_class = ChainEnterpriseFilterSet
    resource_class = ChainEnterpriseResource
    template_name = "industry_chains/chainenterprise_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain", "entity__area", "instructor")


class ChainEnterpriseDetailView(ScopedQuerysetMixin, DetailView):
    """A member enterprise: its chain, area, instructor and the audit trail of its record."""

    model = ChainEnterprise
    template_name = "industry_chains/chainenterprise_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain", "entity__area", "instructor__area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_keep"] = self.object.is_active and may_keep(self.request.user, self.object.chain)
        context["audit_entries"] = audit_entries(self.object)
        return context


class ChainKeeperRequiredMixin(LoginRequiredMixin):
    """Pages that change ``self.chain``: county staff and the chain's own staff only (others: 403 with the
    reason ``require_chain_keeper`` gives)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                services.require_chain_keeper(request.user, self.chain)
            except ValidationError as error:
                raise PermissionDenied(error.messages[0]) from None
        return super().dispatch(request, *args, **kwargs)


class ChainKeeperFormView(ChainKeeperRequiredMixin, FormView):
    """A form on one chain, for county staff and the chain's own staff."""

    template_name = "industry_chains/form.html"
    title = ""

    @cached_property
    def chain(self):
        return get_object_or_404(IndustryChain.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"{self.chain} · {self.title}", back_url="industry_chains:industrychain_list", **kwargs
        )

    def perform(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.title}。")
        return redirect("industry_chains:industrychain_detail", pk=self.chain.pk)


class ChainMemberCreateView(ChainKeeperFormView):
    form_class = forms.ChainMemberForm
    title = "添加党委成员"

    def perform(self, data):
        services.member_add(by=self.request.user, chain=self.chain, **data)


class ChainUnitCreateView(ChainKeeperFormView):
    form_class = forms.ChainUnitForm
    title = "添加“2+2+7+N”单位"

    def perform(self, data):
        services.unit_add(by=self.request.user, chain=self.chain, **data)


class ChainEnterpriseCreateView(ChainKeeperFormView):
    form_class = forms.ChainEnterpriseForm
    title = "添加成员企业"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "chain": self.chain}

    def perform(self, data):
        services.enterprise_add(by=self.request.user, chain=self.chain, **data)


class ChainEnterpriseAssignInstructorView(ChainKeeperRequiredMixin, FormView):
    """Give a member enterprise its instructor or change it, after confirming the change (keepers; others 403)."""

    form_class = forms.ChainEnterpriseInstructorForm
    template_name = "industry_chains/chainenterprise_assign_instructor.html"

    @cached_property
    def enterprise(self):
        queryset = ChainEnterprise.objects.visible_to(self.request.user).select_related(
            "chain", "entity__area", "instructor__area"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @property
    def chain(self):
        return self.enterprise.chain

    def get_initial(self):
        return {"instructor": self.enterprise.instructor_id}

    def get_form_kwargs(self):
        instructors = services.instructor_choices(by=self.request.user, enterprise=self.enterprise)
        return {**super().get_form_kwargs(), "instructors": instructors}

    def get_context_data(self, **kwargs):
        return super().get_context_data(enterprise=self.enterprise, **kwargs)

    def form_valid(self, form):
        by, enterprise, instructor = self.request.user, self.enterprise, form.cleaned_data["instructor"]
        before = enterprise.instructor
        try:
            if not form.cleaned_data["confirmed"]:
                services.enterprise_instructor_check(by=by, enterprise=enterprise, instructor=instructor)
                return self.render_to_response(self.get_context_data(form=form, confirming=True, chosen=instructor))
            services.enterprise_assign_instructor(by=by, enterprise=enterprise, instructor=instructor)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if instructor is None:
            message = f"已取消“{enterprise}”的党建指导员（原为{before}）。"
        elif before is None:
            message = f"已为“{enterprise}”配备党建指导员：{instructor}。"
        else:
            message = f"已将“{enterprise}”的党建指导员由{before}更换为{instructor}。"
        messages.success(self.request, message)
        return redirect("industry_chains:chainenterprise_detail", pk=enterprise.pk)


urlpatterns = [
    path("chains/<int:pk>/", IndustryChainDetailView.as_view(), name="industrychain_detail"),
    path("chains/<int:pk>/members/new/", ChainMemberCreateView.as_view(), name="chainmember_create"),
    path("chains/<int:pk>/units/new/", ChainUnitCreateView.as_view(), name="chainunit_create"),
    path("chains/<int:pk>/enterprises/new/", ChainEnterpriseCreateView.as_view(), name="chainenterprise_create"),
    path("committee-members/", ChainMemberListView.as_view(), name="chainmember_list"),
    path("enterprises/", ChainEnterpriseListView.as_view(), name="chainenterprise_list"),
    path("enterprises/<int:pk>/", ChainEnterpriseDetailView.as_view(), name="chainenterprise_detail"),
    path(
        "enterprises/<int:pk>/instructor/",
        ChainEnterpriseAssignInstructorView.as_view(),
        name="chainenterprise_assign_instructor",
    ),
]
