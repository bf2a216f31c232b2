"""Pages of the organisations area: the semi-annual survey (摸底排查)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView, UpdateView

from core.audit import audit_entries
from core.mixins import ScopedListView, ScopedQuerysetMixin
from organizations.choices import CampaignStatus, EstablishmentMethod
from organizations.filters.survey import SurveyCampaignFilterSet, SurveyRecordFilterSet
from organizations.forms.survey import CampaignCompareForm, CampaignOpenForm, SurveyRecordForm
from organizations.models import SIX_CLEARS, SurveyCampaign, SurveyRecord
from organizations.resources.survey import SurveyRecordPrintResource, SurveyRecordResource
from organizations.selectors.survey import campaign_compare, campaign_progress
from organizations.services import survey as services

# Entities listed per change on the comparison page; the counts above each list are always complete.
COMPARE_LIST_LIMIT = 100


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


def _records_count(user, *, complete: bool = False):
    """A subquery counting a campaign's records in the user's scope (optionally only complete ones)."""
    records = SurveyRecord.objects.visible_to(user).filter(campaign=OuterRef("pk"))
    if complete:
        records = records.with_completeness().filter(is_complete=True)
    counted = records.order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class SurveyCampaignListView(ScopedListView):
    model = SurveyCampaign
    filterset_class = SurveyCampaignFilterSet
    template_name = "organizations/surveycampaign_list.html"

    def scope_queryset(self, queryset):
        user = self.request.user
        return queryset.annotate(
            record_count=_records_count(user), complete_count=_records_count(user, complete=True)
        ).order_by("-year", "-half")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_manage"] = user.is_county_admin
        if user.is_county_admin:
            context["open_form"] = CampaignOpenForm()
            context["running"] = SurveyCampaign.objects.filter(status=CampaignStatus.OPEN).first()
        context["can_import"] = SurveyRecord.objects.addable_by(user)
        return context


@login_required
@require_POST
def campaign_open(request):
    """Open the half-year's campaign (county staff)."""
    if not request.user.is_county_admin:
        raise PermissionDenied
    form = CampaignOpenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("organizations:surveycampaign_list")
    try:
        campaign = services.campaign_open(by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("organizations:surveycampaign_list")
    messages.success(request, f"已开启{campaign}，共生成 {campaign.records.count()} 条记录。")
    return redirect("organizations:surveycampaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request, pk):
    """Close a campaign and snapshot coverage (county staff); others never see the action (404)."""
    campaign = get_object_or_404(SurveyCampaign.objects.editable_by(request.user), pk=pk)
    try:
        campaign = services.campaign_close(by=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{campaign}已结束，覆盖情况已存档。")
    return redirect("organizations:surveycampaign_detail", pk=campaign.pk)


class SurveyCampaignDetailView(ScopedListView):
    """A campaign: progress per area, then its records in the user's scope (filter, search, export, print)."""

    model = SurveyRecord
    filterset_class = SurveyRecordFilterSet
    resource_class = SurveyRecordResource
    # The six facts are paragraphs: the printed list shows how far each record is filled instead.
    print_resource_class = SurveyRecordPrintResource
    template_name = "organizations/surveycampaign_detail.html"

    @cached_property
    def campaign(self) -> SurveyCampaign:
        return get_object_or_404(SurveyCampaign.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def scope_queryset(self, queryset):
        return (
            queryset.filter(campaign=self.campaign)
            .with_completeness()
            .select_related("entity", "area", "campaign")
            .order_by("area__sort_order", "area__code", "entity__name", "pk")
        )

    def export_filename(self, extension: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return f"{self.campaign}记录_{stamp}.{extension}"

    def get_print_title(self) -> str:
        return f"{self.campaign}记录"

    def get_print_footnote(self, queryset, total: int) -> str:
        complete = queryset.filter(is_complete=True).count()
        return f"共 {total} 条，其中“六个清”已填全 {complete} 条。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = self.campaign
        context["campaign"] = campaign
        context["progress"] = campaign_progress(campaign=campaign, user=user)
        context["is_open"] = campaign.status == CampaignStatus.OPEN
        context["can_manage"] = SurveyCampaign.objects.editable_by(user).filter(pk=campaign.pk).exists()
        context["can_import"] = context["is_open"] and SurveyRecord.objects.addable_by(user)
        earlier = Q(year__lt=campaign.year) | Q(year=campaign.year, half__lt=campaign.half)
        context["previous"] = SurveyCampaign.objects.visible_to(user).filter(earlier).order_by("-year", "-half").first()
        return context


class SurveyRecordDetailView(ScopedQuerysetMixin, DetailView):
    model = SurveyRecord
    template_name = "organizations/surveyrecord_detail.html"

    def scope_queryset(self, queryset):
        return queryset.with_completeness().select_related("entity", "area", "campaign")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        user = self.request.user
        context["facts"] = [(label, getattr(record, field)) for field, label in SIX_CLEARS]
        context["is_open"] = record.campaign.status == CampaignStatus.OPEN
        context["can_edit"] = (
            context["is_open"] and SurveyRecord.objects.editable_by(user).filter(pk=record.pk).exists()
        )
        context["audit_entries"] = audit_entries(record)
        return context


class SurveyRecordUpdateView(ScopedQuerysetMixin, UpdateView):
    scope = "editable"
    model = SurveyRecord
    form_class = SurveyRecordForm
    template_name = "organizations/surveyrecord_form.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("entity", "area", "campaign")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.campaign.status != CampaignStatus.OPEN:
            messages.error(request, services.CLOSED_MESSAGE)
            return redirect("organizations:surveyrecord_detail", pk=self.object.pk)
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form):
        try:
            services.record_update(by=self.request.user, record=self.object, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存“{self.object.entity.name}”的摸底排查记录。")
        return redirect("organizations:surveyrecord_detail", pk=self.object.pk)


def _with_method_labels(records) -> list:
    """Chinese labels for the annotated methods of the (at most a hundred) listed records."""
    labels = dict(EstablishmentMethod.choices)
    rows = list(records)
    for record in rows:
        record.coverage_method_display = labels.get(record.coverage_method, "")
        record.earlier_method_display = labels.get(getattr(record, "earlier_method", ""), "")
    return rows


class SurveyCampaignCompareView(LoginRequiredMixin, TemplateView):
    """Two campaigns side by side: entities new and gone, coverage gained and lost, organisations founded."""

    template_name = "organizations/surveycampaign_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        data = self.request.GET if {"earlier", "later"} & set(self.request.GET) else None
        if data is None:
            # Nothing chosen yet: the two latest campaigns.
            latest = list(
                SurveyCampaign.objects.visible_to(user).order_by("-year", "-half").values_list("pk", flat=True)[:2]
            )
            data = {"later": latest[0], "earlier": latest[1]} if len(latest) == 2 else None
        form = CampaignCompareForm(data, user=user)
        context["form"] = form
        context["limit"] = COMPARE_LIST_LIMIT
        if form.is_bound and form.is_valid():
            comparison = campaign_compare(
                earlier=form.cleaned_data["earlier"], later=form.cleaned_data["later"], user=user
            )
            context["comparison"] = comparison
            sections = [
                ("new", "新增经营主体", f"在{comparison.later}中、不在{comparison.earlier}中", comparison.new_entities),
                (
                    "gone",
                    "减少经营主体",
                    f"在{comparison.earlier}中、不在{comparison.later}中",
                    comparison.gone_entities,
                ),
                ("gained", "新增组织覆盖", "此前未被党组织覆盖，现已覆盖", comparison.coverage_gained),
                ("lost", "失去组织覆盖", "此前已被党组织覆盖，现未覆盖", comparison.coverage_lost),
            ]
            context["section_rows"] = [
                (key, title, note, queryset.count(), _with_method_labels(queryset[:COMPARE_LIST_LIMIT]))
                for key, title, note, queryset in sections
            ]
        return context


# (url name, title, one-line description) shown on the area's index page.
INDEX_LINKS: list[tuple[str, str, str]] = [
    ("organizations:surveycampaign_list", "摸底排查", "每半年一次：每个经营主体的“六个清”、各街镇/园区填报进度"),
    (
        "organizations:surveycampaign_compare",
        "摸底排查对比",
        "两次摸底排查之间：新增和减少的主体、组织覆盖的增减、新建党组织",
    ),
]

urlpatterns: list = [
    path("survey/", SurveyCampaignListView.as_view(), name="surveycampaign_list"),
    path("survey/open/", campaign_open, name="surveycampaign_open"),
    path("survey/compare/", SurveyCampaignCompareView.as_view(), name="surveycampaign_compare"),
    path("survey/<int:pk>/", SurveyCampaignDetailView.as_view(), name="surveycampaign_detail"),
    path("survey/<int:pk>/close/", campaign_close, name="surveycampaign_close"),
    path("survey/records/<int:pk>/", SurveyRecordDetailView.as_view(), name="surveyrecord_detail"),
    path("survey/records/<int:pk>/edit/", SurveyRecordUpdateView.as_view(), name="surveyrecord_update"),
]
