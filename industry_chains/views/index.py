from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.access import offered_links
from core.mixins import ScopedListView
from industry_chains.filters import DepartmentFilterSet, IndustryChainFilterSet
from industry_chains.models import Department, IndustryChain, Ticket
from industry_chains.resources import DepartmentResource, IndustryChainResource


class IndustryChainsIndexView(LoginRequiredMixin, TemplateView):
    template_name = "industry_chains/index.html"
    model = Ticket  # the records the area is about: offered to those whose scope reaches them

    def get_context_data(self, **kwargs):
        from industry_chains.views import assessment, committees, duty, service, tickets

        context = super().get_context_data(**kwargs)
        context["links"] = (
            tickets.INDEX_LINKS
            + assessment.INDEX_LINKS
            + committees.INDEX_LINKS
            + duty.INDEX_LINKS
            + service.INDEX_LINKS
        )
        context["links"].append(("industry_chains:department_list", "职能部门", "承办企业诉求的县直部门"))
        context["links"] = offered_links(self.request.user, context["links"])
        return context


class IndustryChainListView(ScopedListView):
    model = IndustryChain
    filterset_class = IndustryChainFilterSet
    resource_class = IndustryChainResource
    template_name = "industry_chains/industrychain_list.html"


class DepartmentListView(ScopedListView):
    model = Department
    filterset_class = DepartmentFilterSet
    resource_class = DepartmentResource
    template_name = "industry_chains/department_list.html"
