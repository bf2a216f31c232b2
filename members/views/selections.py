"""Pages of the members area: 红色头雁 selections, named studios and entrepreneurs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from core.audit import audit_entries
from core.figures import Total, Totals
from core.mixins import ScopedListView, ScopedQuerysetMixin
from members.choices import EntrepreneurHonourLevel, NominationStep, SelectionStatus
from members.filters.selections import (
    EntrepreneurFilterSet,
    NominationFilterSet,
    SelectionCampaignFilterSet,
    StudioFilterSet,
)
from members.forms.selections import (
    AssociationForm,
    CampaignCreateForm,
    HonourForm,
    NominationApplyForm,
    ReturnForm,
    StudioForm,
    TrainingForm,
)
from members.models import Entrepreneur, EntrepreneurHonour, Nomination, SelectionCampaign, Studio
from members.resources.selections import EntrepreneurResource, NominationResource, WinnerResource
from members.services import selections as services


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, "；".join(errors))


# --- campaigns ------------------------------------------------------------------------------------


class SelectionCampaignListView(ScopedListView):
    model = SelectionCampaign
    filterset_class = SelectionCampaignFilterSet
    template_name = "members/selectioncampaign_list.html"

    def scope_queryset(self, queryset):
        # Counts of the nominations the user may see, in the same query.
        visible = Nomination.objects.visible_to(self.request.user).values("pk")
        in_scope = Q(nominations__pk__in=visible)
        return queryset.annotate(
            nomination_count=Count("nominations", filter=in_scope),
            selected_count=Count("nominations", filter=in_scope & Q(nominations__step=NominationStep.SELECTED)),
        ).order_by("-year", "kind")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.is_county_admin
        context["create_form"] = CampaignCreateForm()
        return context


@login_required
@require_POST
def campaign_create(request):
    """Open a selection (county staff)."""
    if not request.user.is_county_admin:
        raise PermissionDenied
    form = CampaignCreateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("members:selectioncampaign_list")
    try:
        campaign = services.campaign_create(by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("members:selectioncampaign_list")
    messages.success(request, f"已发起{campaign}。")
    return redirect("members:selectioncampaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request, pk):
    """End a selection (county staff); others never see the action (404)."""
    campaign = get_object_or_404(SelectionCampaign.objects.editable_by(request.user), pk=pk)
    services.campaign_close(by=request.user, campaign=campaign)
    messages.success(request, f"{campaign}已结束。")
    return redirect("members:selectioncampaign_detail", pk=campaign.pk)


class SelectionCampaignDetailView(ScopedListView):
    """A selection: its nominations in the user's scope (filter by step and area, export, print)."""

    model = Nomination
    filterset_class = NominationFilterSet
    resource_class = NominationResource
    template_name = "members/selectioncampaign_detail.html"
    totals = Totals(
        *(
            Total(
                step,
                str(label),
                "名",
                f"按当前筛选条件列出的本次评选候选人中，进度为“{label}”的人数。",
                count=Count("pk", filter=Q(step=step)),
            )
            for step, label in NominationStep.choices
        )
    )

    @cached_property
    def campaign(self) -> SelectionCampaign:
        return get_object_or_404(SelectionCampaign.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def scope_queryset(self, queryset):
        return (
            queryset.filter(campaign=self.campaign)
            .select_related("person", "instructor", "party_organization", "area", "campaign")
            .order_by("area__sort_order", "area__code", "pk")
        )

    def get_print_title(self) -> str:
        return f"{self.campaign}候选人"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = self.campaign
        context["campaign"] = campaign
        context["is_open"] = campaign.status == SelectionStatus.OPEN
        context["can_manage"] = user.is_county_admin
        context["can_apply"] = (
            context["is_open"]
            and NominationApplyForm(user=user, campaign=campaign)
            .fields["person" if campaign.kind == "secretary" else "instructor"]
            .queryset.exists()
        )
        # The quota is the county's: measured against everyone selected, whatever the user sees or filters.
        context["selected_total"] = campaign.nominations.filter(step=NominationStep.SELECTED).count()
        return context


class WinnerListView(SelectionCampaignDetailView):
    """The winners of a selection, printable as PDF (?format=pdf)."""

    resource_class = WinnerResource
    template_name = "members/selectioncampaign_winners.html"
    totals = None  # every row is 入选: the page states the quota instead

    def scope_queryset(self, queryset):
        return super().scope_queryset(queryset).filter(step=NominationStep.SELECTED).select_related("studio")

    def get_print_title(self) -> str:
        return f"{self.campaign}入选名单"

    def get_print_footnote(self, queryset, total: int) -> str:
        return f"共 {total} 名（名额 {self.campaign.quota} 名）。"


@login_required
def nomination_create(request, pk):
    """Step 1: enter a personal application on the nominee's behalf."""
    campaign = get_object_or_404(SelectionCampaign.objects.visible_to(request.user), pk=pk)
    if campaign.status != SelectionStatus.OPEN:
        messages.error(request, services.CLOSED_MESSAGE)
        return redirect("members:selectioncampaign_detail", pk=campaign.pk)
    form = NominationApplyForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_apply(by=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"已提交{nomination}的个人申请。")
            return redirect("members:nomination_detail", pk=nomination.pk)
    return render(request, "members/nomination_form.html", {"form": form, "campaign": campaign})


class NominationDetailView(ScopedQuerysetMixin, DetailView):
    model = Nomination
    template_name = "members/nomination_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("campaign", "person", "instructor", "party_organization", "area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination = self.object
        user = self.request.user
        is_open = nomination.campaign.status == SelectionStatus.OPEN
        step = nomination.step
        context["is_open"] = is_open
        context["can_recommend"] = (
            is_open and step in services.WAITING_FOR_RECOMMENDATION and services.may_recommend(user, nomination)
        )
        context["can_review"] = is_open and step == NominationStep.RECOMMENDED and services.may_review(user, nomination)
        context["can_evaluate"] = is_open and step == NominationStep.REVIEWED and services.may_evaluate(user)
        context["can_return"] = is_open and services.may_return(user, nomination)
        context["studio"] = Studio.objects.filter(nomination=nomination).first()
        context["can_name_studio"] = (
            step == NominationStep.SELECTED and context["studio"] is None and user.is_county_admin
        )
        context["return_form"] = ReturnForm()
        context["studio_form"] = StudioForm()
        context["steps"] = [
            ("applied", "个人申请"),
            ("recommended", "党组织推荐"),
            ("reviewed", "部门/街镇审核"),
            ("selected", "县级评定"),
        ]
        order = {"applied": 0, "returned": 0, "recommended": 1, "reviewed": 2, "selected": 3, "not_selected": 3}
        context["step_index"] = order[step]
        context["audit_entries"] = audit_entries(nomination)
        return context


def _nomination_action(request, pk, action):
    nomination = get_object_or_404(Nomination.objects.visible_to(request.user), pk=pk)
    try:
        done = action(nomination)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{done}：{done.get_step_display()}。")
    return redirect("members:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_recommend(request, pk):
    return _nomination_action(request, pk, lambda n: services.nomination_recommend(by=request.user, nomination=n))


@login_required
@require_POST
def nomination_review(request, pk):
    return _nomination_action(request, pk, lambda n: services.nomination_review(by=request.user, nomination=n))


@login_required
@require_POST
def nomination_evaluate(request, pk):
    selected = request.POST.get("result") == "selected"
    return _nomination_action(
        request, pk, lambda n: services.nomination_evaluate(by=request.user, nomination=n, selected=selected)
    )


@login_required
@require_POST
def nomination_return(request, pk):
    reason = request.POST.get("reason", "")
    return _nomination_action(
        request, pk, lambda n: services.nomination_return(by=request.user, nomination=n, reason=reason)
    )


@login_required
@require_POST
def studio_create(request, pk):
    """Name a studio after a selected 头雁 (county staff)."""
    nomination = get_object_or_404(Nomination.objects.visible_to(request.user), pk=pk)
    form = StudioForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            studio = services.studio_name(by=request.user, nomination=nomination, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"已命名“{studio.name}”。")
    return redirect("members:nomination_detail", pk=nomination.pk)


class StudioListView(ScopedListView):
    model = Studio
    filterset_class = StudioFilterSet
    template_name = "members/studio_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related(
            "nomination__person", "nomination__instructor", "nomination__campaign", "nomination__area"
        )


# --- entrepreneurs --------------------------------------------------------------------------------


class EntrepreneurListView(ScopedListView):
    model = Entrepreneur
    filterset_class = EntrepreneurFilterSet
    resource_class = EntrepreneurResource
    template_name = "members/entrepreneur_list.html"
    # People, not honours: subqueries rather than joins, so that someone honoured twice counts once.
    totals = Totals(
        Total(
            "honoured",
            "获评荣誉",
            "人",
            "按当前筛选条件列出的企业家中，获评过任一荣誉称号的人数，不分年度。",
            count=Count("pk", filter=Exists(EntrepreneurHonour.objects.filter(entrepreneur=OuterRef("pk")))),
        ),
        *(
            Total(
                level,
                str(label),
                "人",
                f"按当前筛选条件列出的企业家中，获评“{label}”称号的人数，不分年度。",
                count=Count(
                    "pk", filter=Exists(EntrepreneurHonour.objects.filter(entrepreneur=OuterRef("pk"), level=level))
                ),
            )
            for level, label in EntrepreneurHonourLevel.choices
        ),
    )

    def scope_queryset(self, queryset):
        return queryset.select_related("entity__area").prefetch_related("honours", "trainings")


class EntrepreneurDetailView(ScopedQuerysetMixin, DetailView):
    model = Entrepreneur
    template_name = "members/entrepreneur_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("entity__area", "person")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entrepreneur = self.object
        user = self.request.user
        context["trainings"] = entrepreneur.trainings.all()
        context["honours"] = entrepreneur.honours.all()
        context["associations"] = entrepreneur.associations.select_related("association")
        context["can_edit"] = Entrepreneur.objects.editable_by(user).filter(pk=entrepreneur.pk).exists()
        context["can_honour"] = user.is_county_admin
        context["training_form"] = TrainingForm()
        context["honour_form"] = HonourForm()
        context["association_form"] = AssociationForm()
        context["audit_entries"] = audit_entries(entrepreneur)
        return context


def _entrepreneur_action(request, pk, form_class, action, done: str):
    entrepreneur = get_object_or_404(Entrepreneur.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            action(entrepreneur, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, done)
    return redirect("members:entrepreneur_detail", pk=entrepreneur.pk)


@login_required
@require_POST
def entrepreneur_training_add(request, pk):
    return _entrepreneur_action(
        request,
        pk,
        TrainingForm,
        lambda e, data: services.training_add(by=request.user, entrepreneur=e, **data),
        "已登记培训。",
    )


@login_required
@require_POST
def entrepreneur_honour_add(request, pk):
    return _entrepreneur_action(
        request,
        pk,
        HonourForm,
        lambda e, data: services.honour_add(by=request.user, entrepreneur=e, **data),
        "已登记荣誉称号。",
    )


@login_required
@require_POST
def entrepreneur_association_add(request, pk):
    return _entrepreneur_action(
        request,
        pk,
        AssociationForm,
        lambda e, data: services.association_join(by=request.user, entrepreneur=e, **data),
        "已登记协会商会任职。",
    )


# (url name, title, one-line description) shown on the area's index page.
INDEX_LINKS: list[tuple[str, str, str]] = [
    (
        "members:selectioncampaign_list",
        "红色头雁评选",
        "优秀党组织书记、“红帆”党建指导员：个人申请 → 党组织推荐 → 部门/街镇审核 → 县级评定",
    ),
    ("members:studio_list", "头雁工作室", "以入选头雁命名的工作室"),
    ("members:entrepreneur_list", "企业家", "EMBA 等培训、功勋/杰出/优秀企业家称号、行业协会商会任职"),
]

urlpatterns: list = [
    path("selections/", SelectionCampaignListView.as_view(), name="selectioncampaign_list"),
    path("selections/create/", campaign_create, name="selectioncampaign_create"),
    path("selections/<int:pk>/", SelectionCampaignDetailView.as_view(), name="selectioncampaign_detail"),
    path("selections/<int:pk>/close/", campaign_close, name="selectioncampaign_close"),
    path("selections/<int:pk>/winners/", WinnerListView.as_view(), name="selectioncampaign_winners"),
    path("selections/<int:pk>/apply/", nomination_create, name="nomination_create"),
    path("nominations/<int:pk>/", NominationDetailView.as_view(), name="nomination_detail"),
    path("nominations/<int:pk>/recommend/", nomination_recommend, name="nomination_recommend"),
    path("nominations/<int:pk>/review/", nomination_review, name="nomination_review"),
    path("nominations/<int:pk>/evaluate/", nomination_evaluate, name="nomination_evaluate"),
    path("nominations/<int:pk>/return/", nomination_return, name="nomination_return"),
    path("nominations/<int:pk>/studio/", studio_create, name="studio_create"),
    path("studios/", StudioListView.as_view(), name="studio_list"),
    path("entrepreneurs/", EntrepreneurListView.as_view(), name="entrepreneur_list"),
    path("entrepreneurs/<int:pk>/", EntrepreneurDetailView.as_view(), name="entrepreneur_detail"),
    path("entrepreneurs/<int:pk>/trainings/", entrepreneur_training_add, name="entrepreneur_training_add"),
    path("entrepreneurs/<int:pk>/honours/", entrepreneur_honour_add, name="entrepreneur_honour_add"),
    path("entrepreneurs/<int:pk>/associations/", entrepreneur_association_add, name="entrepreneur_association_add"),
]
