"""Pages of the quarterly scorecard: list, fill in, detail with submit / review / return, templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView

from core.audit import audit_entries
from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from organizations.models import PartyOrganization
from scoring.choices import Dimension
from scoring.filters.scorecards import ScorecardFilterSet
from scoring.forms.scorecards import ReturnForm, ScorecardForm, ScorecardTemplateForm
from scoring.models import Scorecard, ScorecardTemplate
from scoring.resources.scorecards import ScorecardResource
from scoring.services import scorecards as services

INDEX_LINKS = [
    ("scoring:scorecard_list", "季度积分卡", "入党积极分子、预备党员每季度考察积分：书记评分、街镇审核、公示、确定"),
    ("scoring:scorecardtemplate_list", "积分卡模板", "四个维度的满分和评分细则，按版本施行"),
]


class ScorecardListView(ScopedListView):
    model = Scorecard
    filterset_class = ScorecardFilterSet
    resource_class = ScorecardResource
    template_name = "scoring/scorecard_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "party_organization")

    def get_print_title(self) -> str:
        return "季度积分卡"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = PartyOrganization.objects.editable_by(self.request.user).exists()
        return context


def _edit_refusal(user, card: Scorecard) -> str:
    """Why the user may not change this card now ("" if he may): the service's own check."""
    try:
        services.scorecard_edit_check(by=user, scorecard=card)
    except ValidationError as error:
        return error.messages[0]
    return ""


class ScorecardFormView(LoginRequiredMixin, FormView):
    """Fill in (or correct, while a draft or returned) one person's scorecard for a quarter."""

    form_class = ScorecardForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.card = None
        if "pk" in kwargs:
            self.card = get_object_or_404(Scorecard.objects.editable_by(request.user), pk=kwargs["pk"])
            refusal = _edit_refusal(request.user, self.card)
            if refusal:
                raise PermissionDenied(refusal)
        elif not PartyOrganization.objects.editable_by(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _template(self):
        if self.card:
            return self.card.template
        today = timezone.localdate()
        try:
            return services.template_for(today.year, (today.month - 1) // 3 + 1)
        except ValidationError:
            return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "template": self._template()}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.card is not None:
            # The card being corrected is fixed: changing its person or quarter here saved another card instead.
            for name in ("person", "year", "quarter"):
                form.fields[name].disabled = True
        return form

    def get_initial(self):
        if self.card is None:
            return {"person": self.request.GET.get("person")}
        card = self.card
        return {"person": card.person_id, "year": card.year, "quarter": card.quarter} | {
            d: getattr(card, d) for d in Dimension.values
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="填写季度积分卡",
            intro="总分由四个维度得分自动相加，不能直接填写。",
            back="scoring:scorecard_list",
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            card = services.scorecard_save(
                by=self.request.user,
                person=data["person"],
                year=data["year"],
                quarter=data["quarter"],
                scores=form.scores(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存，总分 {card.total} 分。")
        return redirect("scoring:scorecard_detail", pk=card.pk)


class ScorecardDetailView(ScopedQuerysetMixin, DetailView):
    model = Scorecard
    template_name = "scoring/scorecard_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "party_organization", "template")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        card, user = self.object, self.request.user
        caps = {d.dimension: d for d in card.template.dimensions.all()}
        context.update(
            rows=[(d.label, getattr(card, d.value), caps[d.value]) for d in Dimension],
            can_edit=Scorecard.objects.editable_by(user).filter(pk=card.pk).exists() and not _edit_refusal(user, card),
            can_review=services.can_review(user, card),
            return_form=ReturnForm(),
            audit_entries=audit_entries(card),
        )
        return context


def _act(request, pk: int, action):
    card = get_object_or_404(Scorecard.objects.visible_to(request.user), pk=pk)
    try:
        action(card)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已办理：{card.get_status_display()}。")
    return redirect("scoring:scorecard_detail", pk=card.pk)


@login_required
@require_POST
def scorecard_submit(request, pk: int):
    return _act(request, pk, lambda card: services.scorecard_submit(by=request.user, scorecard=card))


@login_required
@require_POST
def scorecard_review(request, pk: int):
    return _act(request, pk, lambda card: services.scorecard_review(by=request.user, scorecard=card))


@login_required
@require_POST
def scorecard_return(request, pk: int):
    reason = request.POST.get("reason", "")
    return _act(request, pk, lambda card: services.scorecard_return(by=request.user, scorecard=card, reason=reason))


class ScorecardTemplateListView(LoginRequiredMixin, TemplateView):
    template_name = "scoring/scorecardtemplate_list.html"

    def get_context_data(self, **kwargs):
        templates = ScorecardTemplate.objects.visible_to(self.request.user).prefetch_related("dimensions")
        return super().get_context_data(templates=templates, can_manage=self.request.user.is_county_admin, **kwargs)


class ScorecardTemplateCreateView(LoginRequiredMixin, FormView):
    """County staff publish a new template version (caps must sum to 100)."""

    form_class = ScorecardTemplateForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        latest = ScorecardTemplate.objects.order_by("-effective_from").prefetch_related("dimensions").first()
        initial = {"number": latest.number + 1 if latest else 1}
        for d in latest.dimensions.all() if latest else []:
            initial[f"{d.dimension}_cap"], initial[f"{d.dimension}_items"] = d.cap, d.items
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="制定积分卡模板新版本",
            intro="四个维度满分合计应为 100 分；每个季度按季度首日施行的版本评分。",
            back="scoring:scorecardtemplate_list",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.scorecard_template_create(
                by=self.request.user,
                number=form.cleaned_data["number"],
                effective_from=form.cleaned_data["effective_from"],
                dimensions=form.dimensions(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已发布新版本积分卡模板。")
        return redirect("scoring:scorecardtemplate_list")


urlpatterns = [
    path("scorecards/", ScorecardListView.as_view(), name="scorecard_list"),
    path("scorecards/new/", ScorecardFormView.as_view(), name="scorecard_create"),
    path("scorecards/<int:pk>/", ScorecardDetailView.as_view(), name="scorecard_detail"),
    path("scorecards/<int:pk>/edit/", ScorecardFormView.as_view(), name="scorecard_update"),
    path("scorecards/<int:pk>/submit/", scorecard_submit, name="scorecard_submit"),
    path("scorecards/<int:pk>/review/", scorecard_review, name="scorecard_review"),
    path("scorecards/<int:pk>/return/", scorecard_return, name="scorecard_return"),
    path("scorecards/templates/", ScorecardTemplateListView.as_view(), name="scorecardtemplate_list"),
    path("scorecards/templates/new/", ScorecardTemplateCreateView.as_view(), name="scorecardtemplate_create"),
]
