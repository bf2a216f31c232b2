from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, TemplateView, UpdateView

from core.access import Permitted, offered_links
from core.audit import audit_entries
from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from organizations import services
from organizations.filters import PartyOrganizationFilterSet
from organizations.forms import PartyOrganizationForm, PartyOrganizationUpdateForm
from organizations.models import PartyOrganization
from organizations.resources import PartyOrganizationResource


class OrganizationsIndexView(LoginRequiredMixin, TemplateView):
    template_name = "organizations/index.html"
    model = PartyOrganization  # the records the area is about: offered to those whose scope reaches them

    def get_context_data(self, **kwargs):
        from organizations.views import entities, support, survey

        context = super().get_context_data(**kwargs)
        links = entities.INDEX_LINKS + survey.INDEX_LINKS + support.INDEX_LINKS
        context["links"] = offered_links(self.request.user, links)
        return context


class PartyOrganizationListView(ScopedListView):
    model = PartyOrganization
    filterset_class = PartyOrganizationFilterSet
    resource_class = PartyOrganizationResource
    template_name = "organizations/partyorganization_list.html"

    def scope_queryset(self, queryset):
        # The county's own order of areas, then the tree within each area.
        return queryset.select_related("area").order_by("area__sort_order", "path")


class PartyOrganizationDetailView(ScopedQuerysetMixin, DetailView):
    model = PartyOrganization
    template_name = "organizations/partyorganization_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        user = self.request.user
        context["ancestors"] = PartyOrganization.objects.get_ancestors(organization).visible_to(user)
        context["children"] = (
            PartyOrganization.objects.get_children(organization).visible_to(user).select_related("area")
        )
        context["can_edit"] = PartyOrganization.objects.editable_by(user).filter(pk=organization.pk).exists()
        context["covered_entities"] = organization.covered_entities.visible_to(user).order_by("name")
        context["audit_entries"] = audit_entries(organization)
        return context


class PartyOrganizationCreateView(Permitted, FormView):
    form_class = PartyOrganizationForm
    template_name = "organizations/partyorganization_form.html"

    @classmethod
    def permits(cls, user, **kwargs) -> bool:
        return PartyOrganization.objects.addable_by(user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        parent_id = self.request.GET.get("parent")
        if parent_id and parent_id.isdigit():
            kwargs.setdefault("initial", {})["parent"] = parent_id
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            organization = services.party_organization_create(
                by=self.request.user,
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
                area=data.get("area"),
                establishment_method=data.get("establishment_method") or "",
                founded_on=data.get("founded_on"),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已新建党组织“{organization}”。")
        return redirect("organizations:partyorganization_detail", pk=organization.pk)


class PartyOrganizationUpdateView(ScopedQuerysetMixin, UpdateView):
    scope = "editable"
    model = PartyOrganization
    form_class = PartyOrganizationUpdateForm
    template_name = "organizations/partyorganization_form.html"

    def form_valid(self, form):
        try:
            services.party_organization_update(
                by=self.request.user, organization=self.object, **{f: form.cleaned_data[f] for f in form.fields}
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return redirect("organizations:partyorganization_detail", pk=self.object.pk)
