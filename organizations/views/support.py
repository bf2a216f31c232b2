"""Pages of the organisations area: support work — the Party work funds ledger, venues (六有), liaison
points, stationed cadres and pairings (结对共建)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, FormView

from core.audit import audit_entries
from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from organizations.choices import FundSource
from organizations.filters.support import (
    FundLedgerFilterSet,
    FundSummaryFilterSet,
    LiaisonPointFilterSet,
    LiaisonVisitFilterSet,
    PairingFilterSet,
    StationedActivityFilterSet,
    StationedCadreFilterSet,
    VenueFilterSet,
)
from organizations.forms.support import (
    FundIncomeForm,
    FundReverseForm,
    FundSpendForm,
    LiaisonPointForm,
    LiaisonVisitForm,
    PairingActivityForm,
    PairingForm,
    StationedActivityForm,
    StationedCadreForm,
    StationedCadreUpdateForm,
    VenueForm,
    VenueUpdateForm,
)
from organizations.models import (
    SIX_HAVES,
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.resources.support import (
    FundBalanceResource,
    FundEntryResource,
    LiaisonPointResource,
    LiaisonVisitResource,
    PairingResource,
    StationedActivityResource,
    StationedCadreResource,
    VenueResource,
)
from organizations.selectors import support as selectors
from organizations.services import support as services

# (url name, title, one-line description) shown on the area's index page.
INDEX_LINKS: list[tuple[str, str, str]] = [
    ("organizations:fund_summary", "党建工作经费", "党费返还、税前列支、党费留存、捐赠：各党组织经费台账与余额"),
    ("organizations:venue_list", "党群活动阵地", "“六有”标准：有场所、有设施、有标志、有党旗、有书报、有制度"),
    ("organizations:liaisonpoint_list", "领导干部联系点", "副科级以上领导干部、两新工委委员联系示范点及活动"),
    ("organizations:stationedcadre_list", "驻企干部", "派驻企业任党组织副书记：送政策上门、项目帮办"),
    ("organizations:pairing_list", "结对共建", "与机关、村、社区党组织结对：阵地共用、活动联办、资源联享"),
]


# --- shared pieces ------------------------------------------------------------------------------


def _can_edit(model, user, obj) -> bool:
    return model._default_manager.editable_by(user).filter(pk=obj.pk).exists()


class OrgAddMixin(LoginRequiredMixin):
    """Create pages start from the organisations the user may edit; a user with none may not add (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not PartyOrganization.objects.addable_by(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ServiceFormView(LoginRequiredMixin, FormView):
    """A form page whose valid input goes to one service; its refusals come back as form errors."""

    success_message = "已保存。"

    def perform(self, data: dict):
        raise NotImplementedError

    def redirect_after(self, obj):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return self.redirect_after(obj)


class EditableParentMixin:
    """A page acting on one row the user may edit (``parent_model``, pk from the URL); others get a 404."""

    parent_model = None
    parent_related: tuple[str, ...] = ()

    @cached_property
    def parent(self):
        queryset = self.parent_model._default_manager.editable_by(self.request.user)
        return get_object_or_404(queryset.select_related(*self.parent_related), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)


class ScopedUpdateFormView(ScopedQuerysetMixin, FormView):
    """Edit one row in the user's editable scope through a service (the form never saves by itself)."""

    scope = "editable"

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class AuditedDetailView(ScopedQuerysetMixin, DetailView):
    """A detail page with the row's audit trail and whether the user may change it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = _can_edit(self.model, self.request.user, self.object)
        context["audit_entries"] = audit_entries(self.object)
        return context


# --- Party work funds ---------------------------------------------------------------------------


class FundSummaryView(ScopedListView):
    """Every Party organisation in scope with the balance of each fund source; totals and refunds per year."""

    model = PartyOrganization
    filterset_class = FundSummaryFilterSet
    resource_class = FundBalanceResource
    template_name = "organizations/fund_summary.html"
    totals = selectors.FUND_TOTALS

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("area").order_by("area__sort_order", "path")
        return selectors.organizations_with_balances(queryset)

    def get_print_title(self) -> str:
        return "党建工作经费余额"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The organisations listed, whatever filter chose them: the refunds table agrees with the cards above it.
        entries = FundEntry.objects.filter(party_organization__in=self.object_list.order_by().values("pk"))
        context["refunds_by_year"] = selectors.fund_yearly_totals(entries=entries, source=FundSource.REFUNDED_DUES)
        context["refunded_purposes"] = selectors.refunded_dues_purposes_label()
        return context


class FundLedgerView(ScopedListView):
    """One organisation's ledger: balances per source on top, its lines below (newest first)."""

    model = FundEntry
    filterset_class = FundLedgerFilterSet
    resource_class = FundEntryResource
    template_name = "organizations/fund_ledger.html"

    @cached_property
    def organization(self):
        queryset = PartyOrganization.objects.visible_to(self.request.user).select_related("area")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def scope_queryset(self, queryset):
        return selectors.fund_entries_for_ledger(queryset.filter(party_organization=self.organization))

    def get_print_title(self) -> str:
        return f"{self.organization.name}经费台账"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.organization
        entries = FundEntry.objects.filter(party_organization=organization)
        balances = selectors.fund_balances(entries=entries)
        context.update(
            organization=organization,
            balances=balances,
            balances_total=selectors.fund_balances_total(balances),
            can_edit=_can_edit(PartyOrganization, self.request.user, organization),
            refunded_purposes=selectors.refunded_dues_purposes_label(),
        )
        return context


class FundEntryFormView(EditableParentMixin, ServiceFormView):
    """Record income into, or spending from, one organisation's funds."""

    parent_model = PartyOrganization
    parent_related = ("area",)
    template_name = "organizations/fund_form.html"
    title = ""

    def get_context_data(self, **kwargs):
        balances = selectors.fund_balances(entries=FundEntry.objects.filter(party_organization=self.parent))
        return super().get_context_data(title=self.title, balances=balances, **kwargs)

    def redirect_after(self, entry):
        return redirect("organizations:fund_ledger", pk=self.parent.pk)


class FundIncomeView(FundEntryFormView):
    form_class = FundIncomeForm
    title = "登记经费收入"
    success_message = "已登记收入。"

    def perform(self, data):
        return services.fund_income_record(by=self.request.user, organization=self.parent, **data)


class FundSpendView(FundEntryFormView):
    form_class = FundSpendForm
    title = "登记经费支出"
    success_message = "已登记支出。"

    def perform(self, data):
        return services.fund_spend(by=self.request.user, organization=self.parent, **data)


class FundEntryReverseView(EditableParentMixin, ServiceFormView):
    """Correct a ledger line with a reversing entry; lines themselves are never edited or deleted."""

    parent_model = FundEntry
    parent_related = ("party_organization", "created_by")
    form_class = FundReverseForm
    template_name = "organizations/fund_reverse.html"
    success_message = "已冲销，冲销记录已记入台账。"

    def perform(self, data):
        return services.fund_entry_reverse(by=self.request.user, entry=self.parent, reason=data["reason"])

    def redirect_after(self, entry):
        return redirect("organizations:fund_ledger", pk=self.parent.party_organization_id)

    def get_context_data(self, **kwargs):
        entry = selectors.fund_entries_for_ledger(FundEntry.objects.filter(pk=self.parent.pk)).get()
        return super().get_context_data(entry=entry, **kwargs)


# --- venues (六有) ------------------------------------------------------------------------------


class VenueListView(ScopedListView):
    model = Venue
    filterset_class = VenueFilterSet
    resource_class = VenueResource
    template_name = "organizations/venue_list.html"
    totals = selectors.VENUE_TOTALS

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization__area").order_by(
            "party_organization__area__sort_order", "party_organization__path", "name", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["six_haves"] = SIX_HAVES
        context["can_add"] = PartyOrganization.objects.addable_by(self.request.user)
        return context


class VenueCreateView(OrgAddMixin, ServiceFormView):
    form_class = VenueForm
    template_name = "organizations/venue_form.html"
    success_message = "已登记活动阵地。"

    def perform(self, data):
        return services.venue_create(by=self.request.user, **data)

    def redirect_after(self, venue):
        return redirect("organizations:venue_detail", pk=venue.pk)


class VenueDetailView(AuditedDetailView):
    model = Venue
    template_name = "organizations/venue_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization__area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checks"] = [(label, getattr(self.object, field)) for field, label in SIX_HAVES]
        return context


class VenueUpdateView(ScopedUpdateFormView):
    model = Venue
    form_class = VenueUpdateForm
    template_name = "organizations/venue_form.html"

    def form_valid(self, form):
        try:
            services.venue_update(by=self.request.user, venue=self.object, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return redirect("organizations:venue_detail", pk=self.object.pk)


# --- liaison points -----------------------------------------------------------------------------


class LiaisonPointListView(ScopedListView):
    model = LiaisonPoint
    filterset_class = LiaisonPointFilterSet
    resource_class = LiaisonPointResource
    template_name = "organizations/liaisonpoint_list.html"
    totals = selectors.LIAISON_POINT_TOTALS

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("party_organization__area").order_by(
            "party_organization__area__sort_order", "party_organization__path", "cadre_name", "pk"
        )
        return selectors.liaison_points_with_counts(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = PartyOrganization.objects.addable_by(self.request.user)
        return context


class LiaisonPointCreateView(OrgAddMixin, ServiceFormView):
    form_class = LiaisonPointForm
    template_name = "organizations/liaisonpoint_form.html"
    success_message = "已建立联系点。"

    def perform(self, data):
        return services.liaison_point_create(by=self.request.user, **data)

    def redirect_after(self, point):
        return redirect("organizations:liaisonpoint_detail", pk=point.pk)


class LiaisonPointDetailView(AuditedDetailView):
    model = LiaisonPoint
    template_name = "organizations/liaisonpoint_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization__area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visits = self.object.visits.order_by("-visited_on", "-pk")
        context["visits"] = visits
        context["visit_counts"] = selectors.liaison_visit_counts(visits=visits)
        context["visit_form"] = LiaisonVisitForm()
        return context


class LiaisonVisitListView(ScopedListView):
    model = LiaisonVisit
    filterset_class = LiaisonVisitFilterSet
    resource_class = LiaisonVisitResource
    template_name = "organizations/liaisonvisit_list.html"
    totals = selectors.LIAISON_VISIT_TOTALS

    def scope_queryset(self, queryset):
        return queryset.select_related("point__party_organization").order_by("-visited_on", "-pk")


class LiaisonVisitCreateView(EditableParentMixin, ServiceFormView):
    parent_model = LiaisonPoint
    parent_related = ("party_organization",)
    form_class = LiaisonVisitForm
    template_name = "organizations/liaisonvisit_form.html"
    success_message = "已登记联系点活动。"

    def perform(self, data):
        return services.liaison_visit_record(by=self.request.user, point=self.parent, **data)

    def redirect_after(self, visit):
        return redirect("organizations:liaisonpoint_detail", pk=self.parent.pk)


# --- stationed cadres ---------------------------------------------------------------------------


class StationedCadreListView(ScopedListView):
    model = StationedCadre
    filterset_class = StationedCadreFilterSet
    resource_class = StationedCadreResource
    template_name = "organizations/stationedcadre_list.html"
    totals = selectors.STATIONED_CADRE_TOTALS

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("entity__area").order_by("entity__area__sort_order", "name", "pk")
        return selectors.stationed_cadres_with_counts(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The work of the cadres listed, whatever filter chose them, as the cards above it.
        activities = StationedActivity.objects.filter(cadre__in=self.object_list.order_by().values("pk"))
        context["projects_by_list"] = selectors.stationed_projects_by_list(activities=activities)
        context["today"] = timezone.localdate()  # a cadre whose end date is still ahead is on post, not 已结束
        context["can_add"] = PartyOrganization.objects.addable_by(self.request.user)
        return context


class StationedCadreCreateView(OrgAddMixin, ServiceFormView):
    form_class = StationedCadreForm
    template_name = "organizations/stationedcadre_form.html"
    success_message = "已登记驻企干部。"

    def perform(self, data):
        return services.stationed_cadre_create(by=self.request.user, **data)

    def redirect_after(self, cadre):
        return redirect("organizations:stationedcadre_detail", pk=cadre.pk)


class StationedCadreDetailView(AuditedDetailView):
    model = StationedCadre
    template_name = "organizations/stationedcadre_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("entity__area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activities"] = self.object.activities.order_by("-done_on", "-pk")
        context["activity_form"] = StationedActivityForm()
        context["project_lists"] = services.PROJECT_LISTS
        return context


class StationedCadreUpdateView(ScopedUpdateFormView):
    model = StationedCadre
    form_class = StationedCadreUpdateForm
    template_name = "organizations/stationedcadre_form.html"

    def form_valid(self, form):
        try:
            services.stationed_cadre_update(by=self.request.user, cadre=self.object, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return redirect("organizations:stationedcadre_detail", pk=self.object.pk)


class StationedActivityListView(ScopedListView):
    model = StationedActivity
    filterset_class = StationedActivityFilterSet
    resource_class = StationedActivityResource
    template_name = "organizations/stationedactivity_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("cadre__entity").order_by("-done_on", "-pk")


class StationedActivityCreateView(EditableParentMixin, ServiceFormView):
    parent_model = StationedCadre
    parent_related = ("entity",)
    form_class = StationedActivityForm
    template_name = "organizations/stationedactivity_form.html"
    success_message = "已登记驻企工作。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project_lists=services.PROJECT_LISTS, **kwargs)

    def perform(self, data):
        return services.stationed_activity_record(by=self.request.user, cadre=self.parent, **data)

    def redirect_after(self, activity):
        return redirect("organizations:stationedcadre_detail", pk=self.parent.pk)


# --- pairings -----------------------------------------------------------------------------------


class PairingListView(ScopedListView):
    model = Pairing
    filterset_class = PairingFilterSet
    resource_class = PairingResource
    template_name = "organizations/pairing_list.html"
    totals = selectors.PAIRING_TOTALS

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("party_organization__area").order_by(
            "party_organization__area__sort_order", "party_organization__path", "-started_on", "pk"
        )
        return selectors.pairings_with_counts(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = PartyOrganization.objects.addable_by(self.request.user)
        return context


class PairingCreateView(OrgAddMixin, ServiceFormView):
    form_class = PairingForm
    template_name = "organizations/pairing_form.html"
    success_message = "已登记结对共建。"

    def perform(self, data):
        return services.pairing_create(by=self.request.user, **data)

    def redirect_after(self, pairing):
        return redirect("organizations:pairing_detail", pk=pairing.pk)


class PairingDetailView(AuditedDetailView):
    model = Pairing
    template_name = "organizations/pairing_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization__area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activities = self.object.activities.order_by("-held_on", "-pk")
        context["activities"] = activities
        context["activity_counts"] = selectors.pairing_activity_counts(activities=activities)
        context["activity_form"] = PairingActivityForm()
        return context


class PairingActivityCreateView(EditableParentMixin, ServiceFormView):
    parent_model = Pairing
    parent_related = ("party_organization",)
    form_class = PairingActivityForm
    template_name = "organizations/pairingactivity_form.html"
    success_message = "已登记共建活动。"

    def perform(self, data):
        return services.pairing_activity_record(by=self.request.user, pairing=self.parent, **data)

    def redirect_after(self, activity):
        return redirect("organizations:pairing_detail", pk=self.parent.pk)


urlpatterns: list = [
    path("funds/", FundSummaryView.as_view(), name="fund_summary"),
    path("funds/<int:pk>/", FundLedgerView.as_view(), name="fund_ledger"),
    path("funds/<int:pk>/income/", FundIncomeView.as_view(), name="fund_income"),
    path("funds/<int:pk>/spend/", FundSpendView.as_view(), name="fund_spend"),
    path("fund-entries/<int:pk>/reverse/", FundEntryReverseView.as_view(), name="fundentry_reverse"),
    path("venues/", VenueListView.as_view(), name="venue_list"),
    path("venues/new/", VenueCreateView.as_view(), name="venue_create"),
    path("venues/<int:pk>/", VenueDetailView.as_view(), name="venue_detail"),
    path("venues/<int:pk>/edit/", VenueUpdateView.as_view(), name="venue_update"),
    path("liaison-points/", LiaisonPointListView.as_view(), name="liaisonpoint_list"),
    path("liaison-points/new/", LiaisonPointCreateView.as_view(), name="liaisonpoint_create"),
    path("liaison-points/<int:pk>/", LiaisonPointDetailView.as_view(), name="liaisonpoint_detail"),
    path("liaison-points/<int:pk>/visits/new/", LiaisonVisitCreateView.as_view(), name="liaisonvisit_create"),
    path("liaison-visits/", LiaisonVisitListView.as_view(), name="liaisonvisit_list"),
    path("stationed-cadres/", StationedCadreListView.as_view(), name="stationedcadre_list"),
    path("stationed-cadres/new/", StationedCadreCreateView.as_view(), name="stationedcadre_create"),
    path("stationed-cadres/<int:pk>/", StationedCadreDetailView.as_view(), name="stationedcadre_detail"),
    path("stationed-cadres/<int:pk>/edit/", StationedCadreUpdateView.as_view(), name="stationedcadre_update"),
    path(
        "stationed-cadres/<int:pk>/activities/new/",
        StationedActivityCreateView.as_view(),
        name="stationedactivity_create",
    ),
    path("stationed-activities/", StationedActivityListView.as_view(), name="stationedactivity_list"),
    path("pairings/", PairingListView.as_view(), name="pairing_list"),
    path("pairings/new/", PairingCreateView.as_view(), name="pairing_create"),
    path("pairings/<int:pk>/", PairingDetailView.as_view(), name="pairing_detail"),
    path("pairings/<int:pk>/activities/new/", PairingActivityCreateView.as_view(), name="pairingactivity_create"),
]
