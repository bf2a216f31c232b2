"""Pages of organisation star rating (评星定级), 红旗支部 and designations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from core.audit import audit_entries
from core.charts import Series, stacked_bars_svg
from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from core.spreadsheets import Table, xlsx_response
from organizations.models import PartyOrganization
from party_life.selectors.meetings import compliance
from scoring.choices import FIVE_STRENGTHS, Criterion, OrgTrack
from scoring.filters.ratings import DesignationFilterSet, OrgRatingFilterSet, RedFlagFilterSet
from scoring.forms.ratings import (
    CampaignForm,
    CriterionScoresForm,
    DesignationForm,
    GuidanceForm,
    RatingSheetForm,
    RedFlagForm,
)
from scoring.models import Designation, ImprovementTask, OrgRating, RatingCampaign, RatingSheet, RedFlagCandidate
from scoring.resources.ratings import DesignationResource, OrgRatingResource, RedFlagResource
from scoring.selectors import ratings as selectors
from scoring.services import ratings as services

INDEX_LINKS = [
    ("scoring:ratingcampaign_list", "党组织评星定级", "“六好”百分制评星：自查初评、转化提升、检查验收、授牌奖励"),
    ("scoring:orgrating_list", "党组织星级", "各党组织历年星级、自评和验收得分、转化提升任务"),
    ("scoring:redflag_list", "红旗支部", "从五星级党组织中按“五强”标准评选"),
    ("scoring:designation_list", "示范创建", "党员示范车间、示范班组、党员先锋岗和“三亮三比”承诺"),
]
STAR_COLORS = ["#b71c1c", "#e53935", "#fb8c00", "#fdd835", "#9e9e9e", "#e0e0e0"]


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class RatingCampaignListView(ScopedListView):
    model = RatingCampaign
    filterset_fields = ["year"]
    template_name = "scoring/ratingcampaign_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.is_county_admin
        context["campaign_form"] = CampaignForm(initial={"year": timezone.localdate().year})
        return context


@login_required
@require_POST
def ratingcampaign_create(request):
    form = CampaignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写年度。")
        return redirect("scoring:ratingcampaign_list")
    try:
        campaign = services.rating_campaign_create(by=request.user, year=form.cleaned_data["year"])
    except ValidationError as error:
        _report(request, error)
        return redirect("scoring:ratingcampaign_list")
    messages.success(request, f"已开展{campaign}。")
    return redirect("scoring:ratingcampaign_detail", pk=campaign.pk)


class RatingSheetCreateView(LoginRequiredMixin, FormView):
    """County staff publish a new version of the six-“好” sheet (caps must sum to 100)."""

    form_class = RatingSheetForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        latest = RatingSheet.objects.order_by("-effective_from").prefetch_related("criteria").first()
        initial = {"number": latest.number + 1 if latest else 1}
        for c in latest.criteria.all() if latest else []:
            initial[f"{c.criterion}_cap"], initial[f"{c.criterion}_rules"] = c.cap, c.rules
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="制定评星定级评分表新版本",
            intro="“六好”满分合计应为 100 分；每年的评星定级按当年1月1日施行的版本评分。",
            back="scoring:ratingcampaign_list",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.rating_sheet_create(
                by=self.request.user,
                number=form.cleaned_data["number"],
                effective_from=form.cleaned_data["effective_from"],
                criteria=form.criteria(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已发布新版本评分表。")
        return redirect("scoring:ratingcampaign_list")


class RatingCampaignDetailView(ScopedQuerysetMixin, DetailView):
    model = RatingCampaign
    template_name = "scoring/ratingcampaign_detail.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") != "xlsx":
            return super().get(request, *args, **kwargs)
        campaign = self.get_object()
        rows = selectors.distribution_by_area(campaign=campaign, ratings=OrgRating.objects.visible_to(request.user))
        table = Table(
            title="星级分布",
            headers=["街镇/园区", "党组织", "五星", "四星", "三星", "二星", "一星", "未定级"],
            rows=[[row[key] for key in ("area", "total", "s5", "s4", "s3", "s2", "s1", "none")] for row in rows],
        )
        return xlsx_response([table], f"{campaign}星级分布.xlsx")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = OrgRating.objects.visible_to(self.request.user)
        rows = selectors.distribution_by_area(campaign=self.object, ratings=visible)
        series = [Series(f"{n}星", STAR_COLORS[5 - n]) for n in (5, 4, 3, 2, 1)] + [Series("未定级", STAR_COLORS[5])]
        chart_rows = [
            (row["area"], [row["s5"], row["s4"], row["s3"], row["s2"], row["s1"], row["none"]]) for row in rows
        ]
        context.update(
            rows=rows,
            chart=stacked_bars_svg(chart_rows, series, unit="个", title="各街镇/园区党组织星级分布") if rows else "",
            can_manage=self.request.user.is_county_admin,
            criteria=self.object.sheet.criteria.all(),
        )
        return context


@login_required
@require_POST
def ratingcampaign_advance(request, pk: int):
    campaign = get_object_or_404(RatingCampaign.objects.visible_to(request.user), pk=pk)
    try:
        campaign = services.campaign_advance(by=request.user, campaign=campaign)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, f"已进入“{campaign.get_step_display()}”阶段。")
    return redirect("scoring:ratingcampaign_detail", pk=pk)


class OrgRatingListView(ScopedListView):
    model = OrgRating
    filterset_class = OrgRatingFilterSet
    resource_class = OrgRatingResource
    template_name = "scoring/orgrating_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("campaign", "party_organization", "party_organization__area")

    def get_print_title(self) -> str:
        return "党组织星级评定"


class OrgRatingDetailView(ScopedQuerysetMixin, DetailView):
    model = OrgRating
    template_name = "scoring/orgrating_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("campaign", "campaign__sheet", "party_organization", "party_organization__area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rating, user = self.object, self.request.user
        sheet = rating.campaign.sheet
        can_edit = OrgRating.objects.editable_by(user).filter(pk=rating.pk).exists()
        can_inspect = services.can_inspect(user, rating)
        step = rating.campaign.step
        scores = [(c.label, rating.self_scores.get(c.value), rating.inspection_scores.get(c.value)) for c in Criterion]
        context.update(
            scores=scores,
            can_edit=can_edit,
            can_inspect=can_inspect,
            guidance_form=GuidanceForm(
                initial={
                    "cadre": rating.guide_cadre,
                    "instructor": rating.guide_instructor,
                    "paired_org": rating.guide_paired_org,
                    "worker": rating.guide_worker,
                }
            ),
            self_form=CriterionScoresForm(sheet=sheet, initial_scores=rating.self_scores)
            if can_edit and step == "self_check"
            else None,
            inspect_form=CriterionScoresForm(sheet=sheet, initial_scores=rating.inspection_scores)
            if can_inspect and step == "inspection"
            else None,
            tasks=rating.tasks.all(),
            history=selectors.history(party_organization=rating.party_organization),
            red_flag=RedFlagCandidate.objects.filter(rating=rating).first(),
            audit_entries=audit_entries(rating),
            life=compliance([rating.party_organization], year=rating.campaign.year, today=timezone.localdate())[0],
        )
        if can_inspect and rating.stars == 5:
            try:
                track = services.org_track(rating.party_organization)
                context["red_flag_form"] = RedFlagForm(labels=FIVE_STRENGTHS[track])
                context["track_label"] = dict(OrgTrack.choices)[track]
            except ValidationError as error:
                context["red_flag_error"] = error.messages[0]
        return context


def _rating_action(request, pk: int, action, *, scope="editable"):
    manager = OrgRating.objects
    rating = get_object_or_404(
        (manager.editable_by(request.user) if scope == "editable" else manager.visible_to(request.user)).select_related(
            "campaign", "campaign__sheet", "party_organization"
        ),
        pk=pk,
    )
    try:
        action(rating)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, "已保存。")
    return redirect("scoring:orgrating_detail", pk=pk)


def _scores(request, rating) -> dict:
    form = CriterionScoresForm(request.POST, sheet=rating.campaign.sheet)
    form.is_valid()
    return {c: form.cleaned_data.get(c) for c in Criterion.values}


@login_required
@require_POST
def orgrating_guidance(request, pk: int):
    def action(rating):
        form = GuidanceForm(request.POST)
        form.is_valid()
        services.org_rating_guidance(by=request.user, rating=rating, **form.cleaned_data)

    return _rating_action(request, pk, action)


@login_required
@require_POST
def orgrating_self(request, pk: int):
    return _rating_action(
        request,
        pk,
        lambda rating: services.org_rating_self_score(by=request.user, rating=rating, scores=_scores(request, rating)),
    )


@login_required
@require_POST
def orgrating_inspect(request, pk: int):
    return _rating_action(
        request,
        pk,
        lambda rating: services.org_rating_inspect(by=request.user, rating=rating, scores=_scores(request, rating)),
        scope="visible",
    )


@login_required
@require_POST
def redflag_nominate(request, pk: int):
    def action(rating):
        form = RedFlagForm(request.POST)
        if not form.is_valid():
            raise ValidationError("“五强”每项得分应在 0 到 20 分之间。")
        data = form.cleaned_data
        services.red_flag_nominate(
            by=request.user,
            rating=rating,
            strengths=[data[f"strength_{i}"] for i in range(1, 6)],
            is_demo_point=data["is_demo_point"],
            demo_point_note=data["demo_point_note"],
        )

    return _rating_action(request, pk, action, scope="visible")


@login_required
@require_POST
def improvementtask_done(request, pk: int):
    task = get_object_or_404(ImprovementTask.objects.editable_by(request.user), pk=pk)
    try:
        services.improvement_task_done(by=request.user, task=task, done_on=timezone.localdate())
    except ValidationError as error:
        _report(request, error)
    return redirect("scoring:orgrating_detail", pk=task.rating_id)


class RedFlagListView(ScopedListView):
    model = RedFlagCandidate
    filterset_class = RedFlagFilterSet
    resource_class = RedFlagResource
    template_name = "scoring/redflag_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("rating__campaign", "party_organization", "party_organization__area")

    def get_print_title(self) -> str:
        return "红旗支部候选"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_select"] = self.request.user.is_county_admin
        context["labels"] = FIVE_STRENGTHS
        # The 红旗支部 evidence: each candidate's recorded organisational life for its rating year.
        by_year: dict[int, list] = {}
        for candidate in context["object_list"]:
            by_year.setdefault(candidate.rating.campaign.year, []).append(candidate)
        today = timezone.localdate()
        for year, candidates in by_year.items():
            rows = compliance([c.party_organization for c in candidates], year=year, today=today)
            for candidate, life in zip(candidates, rows, strict=True):
                candidate.life = life
        return context


@login_required
@require_POST
def redflag_select(request, pk: int):
    candidate = get_object_or_404(RedFlagCandidate.objects.visible_to(request.user), pk=pk)
    try:
        services.red_flag_select(by=request.user, candidate=candidate, selected=request.POST.get("selected") == "1")
    except ValidationError as error:
        _report(request, error)
    return redirect("scoring:redflag_list")


class DesignationListView(ScopedListView):
    model = Designation
    filterset_class = DesignationFilterSet
    resource_class = DesignationResource
    template_name = "scoring/designation_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "person")

    def get_print_title(self) -> str:
        return "示范创建"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = PartyOrganization.objects.editable_by(self.request.user).exists()
        return context


class DesignationCreateView(LoginRequiredMixin, FormView):
    form_class = DesignationForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not PartyOrganization.objects.editable_by(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="登记示范创建", back="scoring:designation_list", **kwargs)

    def form_valid(self, form):
        try:
            services.designation_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "已登记。")
        return redirect("scoring:designation_list")


urlpatterns = [
    path("ratings/", RatingCampaignListView.as_view(), name="ratingcampaign_list"),
    path("ratings/new/", ratingcampaign_create, name="ratingcampaign_create"),
    path("ratings/sheets/new/", RatingSheetCreateView.as_view(), name="ratingsheet_create"),
    path("ratings/<int:pk>/", RatingCampaignDetailView.as_view(), name="ratingcampaign_detail"),
    path("ratings/<int:pk>/advance/", ratingcampaign_advance, name="ratingcampaign_advance"),
    path("ratings/orgs/", OrgRatingListView.as_view(), name="orgrating_list"),
    path("ratings/orgs/<int:pk>/", OrgRatingDetailView.as_view(), name="orgrating_detail"),
    path("ratings/orgs/<int:pk>/guidance/", orgrating_guidance, name="orgrating_guidance"),
    path("ratings/orgs/<int:pk>/self/", orgrating_self, name="orgrating_self"),
    path("ratings/orgs/<int:pk>/inspect/", orgrating_inspect, name="orgrating_inspect"),
    path("ratings/orgs/<int:pk>/red-flag/", redflag_nominate, name="redflag_nominate"),
    path("ratings/tasks/<int:pk>/done/", improvementtask_done, name="improvementtask_done"),
    path("ratings/red-flag/", RedFlagListView.as_view(), name="redflag_list"),
    path("ratings/red-flag/<int:pk>/select/", redflag_select, name="redflag_select"),
    path("designations/", DesignationListView.as_view(), name="designation_list"),
    path("designations/new/", DesignationCreateView.as_view(), name="designation_create"),
]
