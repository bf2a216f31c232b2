"""Pages of 党建惠企: department handlers (部门报到), the 红领专家 team and its visits, the policy package
(an enterprise can see what applies to it), and recorded results."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView

from core.choices import Role
from core.forms import apply_errors
from core.mixins import ScopedListView
from industry_chains.filters import service as filters
from industry_chains.forms import service as forms
from industry_chains.forms.committees import kept_chains
from industry_chains.models import DepartmentHandler, EnterpriseResult, Expert, ExpertVisit, Policy
from industry_chains.resources import service as resources
from industry_chains.services import service as services

INDEX_LINKS: list[tuple[str, str, str]] = [
    ("industry_chains:departmenthandler_list", "部门报到", "各职能部门联系产业链的报到人员"),
    ("industry_chains:expert_list", "红领专家", "红领专家服务团成员"),
    ("industry_chains:expertvisit_list", "专家服务记录", "红领专家进企业服务的内容和成效"),
    ("industry_chains:policy_list", "政策大礼包", "发改、工信、科技、人社等部门的惠企政策，企业可查看适用于自己的政策"),
    ("industry_chains:enterpriseresult_list", "党建惠企成果", "企业获得贷款、专精特新“小巨人”等称号、项目落地"),
]


def _chain_keeper(user) -> bool:
    return kept_chains(user).exists()


def _department_keeper(user) -> bool:
    return user.is_county_admin or user.role == Role.DEPT_HANDLER


class ServiceListView(ScopedListView):
    may_add = staticmethod(_chain_keeper)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.may_add(self.request.user)
        return context


class DepartmentHandlerListView(ServiceListView):
    model = DepartmentHandler
    filterset_class = filters.DepartmentHandlerFilterSet
    resource_class = resources.DepartmentHandlerResource
    template_name = "industry_chains/departmenthandler_list.html"
    may_add = staticmethod(_department_keeper)

    def scope_queryset(self, queryset):
        return queryset.select_related("department").prefetch_related("chains")


class ExpertListView(ServiceListView):
    model = Expert
    filterset_class = filters.ExpertFilterSet
    resource_class = resources.ExpertResource
    template_name = "industry_chains/expert_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain")


class ExpertVisitListView(ServiceListView):
    model = ExpertVisit
    filterset_class = filters.ExpertVisitFilterSet
    resource_class = resources.ExpertVisitResource
    template_name = "industry_chains/expertvisit_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("expert", "enterprise__entity", "enterprise__chain")


class PolicyListView(ServiceListView):
    model = Policy
    filterset_class = filters.PolicyFilterSet
    resource_class = resources.PolicyResource
    template_name = "industry_chains/policy_list.html"
    may_add = staticmethod(_department_keeper)

    def scope_queryset(self, queryset):
        return queryset.select_related("issuing_department").prefetch_related("chains")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_enterprises"] = list(self.filterset.filters["applies_to"].queryset[:20])
        return context


class EnterpriseResultListView(ServiceListView):
    model = EnterpriseResult
    filterset_class = filters.EnterpriseResultFilterSet
    resource_class = resources.EnterpriseResultResource
    template_name = "industry_chains/enterpriseresult_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("enterprise__entity", "enterprise__chain")


class ServiceFormView(LoginRequiredMixin, FormView):
    template_name = "industry_chains/form.html"
    title = ""
    back_url = ""
    refusal = "只有县级管理员和产业链党委工作人员可以登记。"
    may_add = staticmethod(_chain_keeper)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.may_add(request.user):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.back_url, **kwargs)

    def form_valid(self, form):
        try:
            self.service(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.title}。")
        return redirect(self.back_url)


class DepartmentHandlerCreateView(ServiceFormView):
    form_class = forms.HandlerForm
    title = "部门报到"
    back_url = "industry_chains:departmenthandler_list"
    refusal = "只有县级管理员和职能部门经办人可以登记报到人员。"
    may_add = staticmethod(_department_keeper)
    service = staticmethod(services.handler_report)


class ExpertCreateView(ServiceFormView):
    form_class = forms.ExpertForm
    title = "添加红领专家"
    back_url = "industry_chains:expert_list"
    service = staticmethod(services.expert_add)


class ExpertVisitCreateView(ServiceFormView):
    form_class = forms.VisitForm
    title = "登记专家服务"
    back_url = "industry_chains:expertvisit_list"
    service = staticmethod(services.visit_record)


class PolicyCreateView(ServiceFormView):
    form_class = forms.PolicyForm
    title = "发布惠企政策"
    back_url = "industry_chains:policy_list"
    refusal = "只有县级管理员和职能部门经办人可以发布政策。"
    may_add = staticmethod(_department_keeper)
    service = staticmethod(services.policy_publish)


class EnterpriseResultCreateView(ServiceFormView):
    form_class = forms.ResultForm
    title = "登记党建惠企成果"
    back_url = "industry_chains:enterpriseresult_list"
    service = staticmethod(services.result_record)


urlpatterns = [
    path("handlers/", DepartmentHandlerListView.as_view(), name="departmenthandler_list"),
    path("handlers/new/", DepartmentHandlerCreateView.as_view(), name="departmenthandler_create"),
    path("experts/", ExpertListView.as_view(), name="expert_list"),
    path("experts/new/", ExpertCreateView.as_view(), name="expert_create"),
    path("expert-visits/", ExpertVisitListView.as_view(), name="expertvisit_list"),
    path("expert-visits/new/", ExpertVisitCreateView.as_view(), name="expertvisit_create"),
    path("policies/", PolicyListView.as_view(), name="policy_list"),
    path("policies/new/", PolicyCreateView.as_view(), name="policy_create"),
    path("results/", EnterpriseResultListView.as_view(), name="enterpriseresult_list"),
    path("results/new/", EnterpriseResultCreateView.as_view(), name="enterpriseresult_create"),
]
