"""Pages of the organisations area: entities, their coverage, mass organisations and instructors."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView

from core.audit import audit_entries
from core.charts import stacked_bars_svg
from core.figures import Scope
from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from members.choices import Stage
from organizations.choices import CampaignStatus, EstablishmentMethod, FundSource
from organizations.filters.entities import EntityFilterSet, InstructorFilterSet, MassOrganizationFilterSet
from organizations.forms.entities import AssignForm, CoverForm, EntityForm, InstructorForm, MassOrganizationForm
from organizations.models import (
    Entity,
    FundEntry,
    Instructor,
    InstructorAssignment,
    MassOrganization,
    PartyOrganization,
    SurveyCampaign,
    SurveyRecord,
    Venue,
)
from organizations.resources.entities import EntityResource, InstructorResource, MassOrganizationResource
from organizations.selectors import coverage
from organizations.selectors.coverage import COVERAGE_SERIES
from organizations.selectors.figures import CATALOGUE, COVERAGE_COLUMNS, COVERAGE_TABLE
from organizations.selectors.support import fund_yearly_totals
from organizations.services import entities as services

INDEX_LINKS = [
    ("organizations:coverage", "覆盖情况", "组织覆盖率、工作覆盖率（含分子分母），按街镇/园区和类型"),
    ("organizations:entity_list", "经营主体", "非公企业、社会组织、行业协会商会、新就业群体"),
    ("organizations:should_have_list", "应建未建", "正式党员3人以上、尚未单独建立党组织的经营主体"),
    ("organizations:massorganization_list", "群团组织", "工会、共青团、妇联等"),
    ("organizations:instructor_list", "党建工作指导员", "指导员及其选派记录，“红帆”指导员"),
]


class CoverageView(LoginRequiredMixin, TemplateView):
    """Coverage rates with numerators and denominators, by area and by kind, with a chart."""

    template_name = "organizations/coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = EntityFilterSet(self.request.GET, queryset=Entity.objects.visible_to(user), request=self.request)
        for name in ("coverage", "is_operating", "q"):
            filterset.filters.pop(name)
        entities = filterset.qs if filterset.is_valid() else Entity.objects.visible_to(user)
        area = filterset.form.cleaned_data.get("area") if filterset.is_valid() else None
        campaigns = SurveyCampaign.objects.visible_to(user).filter(status=CampaignStatus.CLOSED)
        campaign = campaigns.filter(pk=self.request.GET.get("campaign") or None).first()
        if campaign is None:
            breakdown = coverage.coverage_breakdown(entities)
        else:
            # As the campaign froze it: area and kind from the snapshot, not from today's registry.
            records = SurveyRecord.objects.visible_to(user).filter(campaign=campaign)
            data = filterset.form.cleaned_data if filterset.is_valid() else {}
            if data.get("area"):
                records = records.filter(area=data["area"])
            if data.get("kind"):
                records = records.filter(kind=data["kind"])
            if data.get("is_key_enterprise") is not None:
                records = records.filter(entity__is_key_enterprise=data["is_key_enterprise"])
            breakdown = coverage.campaign_coverage_breakdown(records)
        by_area = breakdown.by_area
        context.update(
            filter=filterset,
            campaigns=campaigns,
            campaign=campaign,
            total=breakdown.total,
            by_area=by_area,
            by_kind=breakdown.by_kind,
            chart=stacked_bars_svg(
                [
                    (
                        row.label,
                        [
                            _share(part, row.operating)
                            for part in (row.standalone, row.joint, row.fallback, row.work_only)
                        ],
                    )
                    for row in by_area
                ],
                COVERAGE_SERIES,
                total=100,
                title="各街镇/园区覆盖率",
            ),
            figures=programme_figures(user, area=area),
            figures_area=area.name if area is not None else (user.scope_label if user.area_id else "全县"),
            should_have_count=coverage.should_have_but_dont(entities).count(),
            should_have_definition=coverage.SHOULD_HAVE_DEFINITION,
            columns=COVERAGE_COLUMNS,
            table_columns=[COVERAGE_COLUMNS[name] for name in COVERAGE_TABLE],
            rates={"org": CATALOGUE["coverage_org_rate"], "work": CATALOGUE["coverage_work_rate"]},
        )
        return context


def _share(part: int, whole: int) -> float:
    return part * 100 / whole if whole else 0


def programme_figures(user, *, area=None) -> dict:
    """The article's headline figures for the user's scope (narrowed to ``area`` when one is chosen), labelled and
    defined by the figure catalogue; each one aggregate query."""
    scope = Scope(user, area=area)
    orgs = scope.visible(PartyOrganization.objects.filter(is_active=True, depth__gt=1))
    by_method = orgs.aggregate(
        standalone=Count("pk", filter=Q(establishment_method=EstablishmentMethod.STANDALONE)),
        joint_or_fallback=Count(
            "pk", filter=Q(establishment_method__in=[EstablishmentMethod.JOINT, EstablishmentMethod.FALLBACK])
        ),
    )
    refunds = fund_yearly_totals(entries=scope.visible(FundEntry.objects.all()), source=FundSource.REFUNDED_DUES)[:5]
    figure = partial(CATALOGUE.figure, scope)
    return {
        "cards": [
            figure("org_standalone", by_method["standalone"]),
            figure("org_joint_fallback", by_method["joint_or_fallback"]),
            figure("mass_orgs", scope.visible(MassOrganization.objects.all()).count()),
            figure("instructors", scope.visible(Instructor.objects.all()).count()),
            figure("venues_compliant", scope.visible(Venue.objects.all()).compliant().count()),
        ],
        "refunds": CATALOGUE["refunded_dues"],
        "refunds_by_year": refunds,
    }


class EntityListView(ScopedListView):
    model = Entity
    filterset_class = EntityFilterSet
    resource_class = EntityResource
    template_name = "organizations/entity_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("area", "party_organization").alias(reached=coverage.work_reach())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = _can_register_entities(self.request.user)
        return context


def _can_register_entities(user) -> bool:
    return user.is_county_admin or user.area_id is not None


class ShouldHaveListView(EntityListView):
    """应建未建: the same list, narrowed to entities that should have their own organisation."""

    template_name = "organizations/entity_should_have_list.html"

    def scope_queryset(self, queryset):
        return coverage.should_have_but_dont(super().scope_queryset(queryset))

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # Every entity on this list is operating by definition: a 正常经营 filter could only empty it.
        filterset.filters.pop("is_operating", None)
        return filterset

    def get_print_title(self) -> str:
        return "应建未建党组织的经营主体"

    def get_print_footnote(self, queryset, total: int) -> str:
        return coverage.SHOULD_HAVE_DEFINITION

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "definition": coverage.SHOULD_HAVE_DEFINITION}


class EntityDetailView(ScopedQuerysetMixin, DetailView):
    model = Entity
    template_name = "organizations/entity_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("area", "party_organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity, user = self.object, self.request.user
        can_edit = Entity.objects.editable_by(user).filter(pk=entity.pk).exists()
        can_assign = services.can_assign_instructors(user, entity.area_id)
        context.update(
            can_edit=can_edit,
            can_assign=can_assign,
            mass_orgs=entity.mass_orgs.all(),
            assignments=entity.instructor_assignments.select_related("instructor"),
            audit_entries=audit_entries(entity),
            # The survey's count is what the entity reported; the people recorded at the 正式党员 stage are
            # counted from the members area. A difference is shown, not resolved: the survey is the record.
            registered_full_members=entity.people.filter(stage=Stage.FULL).count(),
        )
        if can_edit:
            context.update(
                cover_form=CoverForm(
                    user=user, entity=entity, initial={"party_organization": entity.party_organization}
                ),
                mass_org_form=MassOrganizationForm(),
            )
        if can_assign:
            context["assign_form"] = AssignForm(user=user, entity=entity, initial={"started_on": timezone.localdate()})
        return context


class EntityCreateView(LoginRequiredMixin, FormView):
    form_class = EntityForm
    template_name = "organizations/entity_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _can_register_entities(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            entity = services.entity_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已登记经营主体“{entity}”。")
        return redirect("organizations:entity_detail", pk=entity.pk)


class EntityUpdateView(ScopedQuerysetMixin, FormView):
    scope = "editable"
    model = Entity
    form_class = EntityForm
    template_name = "organizations/entity_form.html"

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.entity_update(by=self.request.user, entity=self.object, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return redirect("organizations:entity_detail", pk=self.object.pk)


def _editable_entity(request, pk) -> Entity:
    return get_object_or_404(Entity.objects.editable_by(request.user), pk=pk)


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def entity_cover(request, pk):
    entity = _editable_entity(request, pk)
    form = CoverForm(request.POST, user=request.user, entity=entity)
    if not form.is_valid():
        messages.error(request, "请选择本街镇/园区内您管理的党组织。")
    else:
        try:
            services.entity_cover(by=request.user, entity=entity, organization=form.cleaned_data["party_organization"])
            messages.success(request, "覆盖党组织已更新。")
        except ValidationError as error:
            _report(request, error)
    return redirect("organizations:entity_detail", pk=entity.pk)


@login_required
@require_POST
def entity_mass_org_add(request, pk):
    entity = _editable_entity(request, pk)
    form = MassOrganizationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写群团组织的类型和名称。")
    else:
        try:
            services.mass_organization_create(by=request.user, entity=entity, **form.cleaned_data)
            messages.success(request, "已添加群团组织。")
        except ValidationError as error:
            _report(request, error)
    return redirect("organizations:entity_detail", pk=entity.pk)


@login_required
@require_POST
def entity_instructor_assign(request, pk):
    entity = _editable_entity(request, pk)
    form = AssignForm(request.POST, user=request.user, entity=entity)
    if not form.is_valid():
        messages.error(request, "请选择本街镇/园区的指导员和开始日期。")
    else:
        try:
            services.instructor_assign(by=request.user, entity=entity, **form.cleaned_data)
            messages.success(request, "已选派指导员。")
        except ValidationError as error:
            _report(request, error)
    return redirect("organizations:entity_detail", pk=entity.pk)


@login_required
@require_POST
def instructor_assignment_end(request, pk):
    assignment = get_object_or_404(InstructorAssignment.objects.editable_by(request.user), pk=pk)
    try:
        services.instructor_unassign(by=request.user, assignment=assignment, ended_on=timezone.localdate())
        messages.success(request, "已结束该指导员的选派。")
    except ValidationError as error:
        _report(request, error)
    return redirect("organizations:entity_detail", pk=assignment.entity_id)


class MassOrganizationListView(ScopedListView):
    model = MassOrganization
    filterset_class = MassOrganizationFilterSet
    resource_class = MassOrganizationResource
    template_name = "organizations/massorganization_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("entity", "entity__area").order_by("entity__area__sort_order", "entity__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = MassOrganization.objects.addable_by(self.request.user)
        return context


class InstructorListView(ScopedListView):
    model = Instructor
    filterset_class = InstructorFilterSet
    resource_class = InstructorResource
    template_name = "organizations/instructor_list.html"

    def scope_queryset(self, queryset):
        return (
            queryset.select_related("area")
            .annotate(current_entities=Count("assignments", filter=Q(assignments__ended_on__isnull=True)))
            .order_by("area__sort_order", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = _can_register_entities(self.request.user)
        return context


class InstructorCreateView(LoginRequiredMixin, FormView):
    form_class = InstructorForm
    template_name = "organizations/instructor_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _can_register_entities(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            services.instructor_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已登记指导员。")
        return redirect("organizations:instructor_list")


urlpatterns = [
    path("coverage/", CoverageView.as_view(), name="coverage"),
    path("entities/", EntityListView.as_view(), name="entity_list"),
    path("entities/should-have/", ShouldHaveListView.as_view(), name="should_have_list"),
    path("entities/new/", EntityCreateView.as_view(), name="entity_create"),
    path("entities/<int:pk>/", EntityDetailView.as_view(), name="entity_detail"),
    path("entities/<int:pk>/edit/", EntityUpdateView.as_view(), name="entity_update"),
    path("entities/<int:pk>/cover/", entity_cover, name="entity_cover"),
    path("entities/<int:pk>/mass-organizations/", entity_mass_org_add, name="entity_mass_org_add"),
    path("entities/<int:pk>/instructors/", entity_instructor_assign, name="entity_instructor_assign"),
    path("instructor-assignments/<int:pk>/end/", instructor_assignment_end, name="instructor_assignment_end"),
    path("mass-organizations/", MassOrganizationListView.as_view(), name="massorganization_list"),
    path("instructors/", InstructorListView.as_view(), name="instructor_list"),
    path("instructors/new/", InstructorCreateView.as_view(), name="instructor_create"),
]
