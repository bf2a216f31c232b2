"""Pages of Party groups (党小组): the groups of the organisations in scope, and the secretary's form to add or
change one (its members are who a 党小组会 expects)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from core.forms import apply_errors
from core.mixins import ScopedListView
from organizations.models import PartyOrganization
from party_life.filters.groups import PartyGroupFilterSet
from party_life.forms.groups import PartyGroupForm
from party_life.models import PartyGroup
from party_life.resources.groups import PartyGroupResource
from party_life.services import groups as services

INDEX_LINKS = [
    ("party_life:partygroup_list", "党小组", "各党组织的党小组和组员，党小组会按组员登记出席"),
]


class PartyGroupListView(ScopedListView):
    model = PartyGroup
    filterset_class = PartyGroupFilterSet
    resource_class = PartyGroupResource
    template_name = "party_life/partygroup_list.html"

    def scope_queryset(self, queryset):
        return (
            queryset.select_related("party_organization")
            .annotate(member_count=Count("members"))
            .order_by("party_organization__path", "name")
        )

    def get_print_title(self) -> str:
        return "党小组"

    def get_context_data(self, **kwargs):
        orgs = PartyOrganization.objects.editable_by(self.request.user).order_by("path")
        return super().get_context_data(editable_orgs=orgs[:50], **kwargs)


class _GroupFormView(LoginRequiredMixin, FormView):
    form_class = PartyGroupForm
    template_name = "party_life/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization  # noqa: B018 - a 404 before anything else
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cancel_url = reverse("party_life:partygroup_list")
        return super().get_context_data(subtitle=self.organization.name, cancel_url=cancel_url, **kwargs)

    def form_valid(self, form):
        try:
            group = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存党小组“{group.name}”。")
        return redirect(reverse("party_life:partygroup_list") + f"?q={group.party_organization.name}")


class PartyGroupCreateView(_GroupFormView):
    @cached_property
    def organization(self):
        return get_object_or_404(PartyOrganization.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "party_organization": self.organization}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="新建党小组", **kwargs)

    def perform(self, data: dict) -> PartyGroup:
        return services.party_group_create(by=self.request.user, organization=self.organization, **data)


class PartyGroupUpdateView(_GroupFormView):
    @cached_property
    def group(self):
        groups = PartyGroup.objects.editable_by(self.request.user).select_related("party_organization")
        return get_object_or_404(groups, pk=self.kwargs["pk"])

    @property
    def organization(self):
        return self.group.party_organization

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "party_organization": self.organization, "with_active": True}

    def get_initial(self):
        return {"name": self.group.name, "members": list(self.group.members.all()), "is_active": self.group.is_active}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"修改党小组 · {self.group.name}", **kwargs)

    def perform(self, data: dict) -> PartyGroup:
        return services.party_group_update(by=self.request.user, group=self.group, **data)


urlpatterns = [
    path("groups/", PartyGroupListView.as_view(), name="partygroup_list"),
    path("groups/new/<int:pk>/", PartyGroupCreateView.as_view(), name="partygroup_create"),
    path("groups/<int:pk>/edit/", PartyGroupUpdateView.as_view(), name="partygroup_update"),
]
