"""Pages of 星级党员: the handbook, the monthly grid, point lines, months and their correction, results."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from core.figures import Total, Totals
from core.forms import apply_errors
from core.mixins import ScopedListView
from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import Star
from scoring.filters.stars import (
    MonthlyResultFilterSet,
    PointEntryFilterSet,
    QuarterlyResultFilterSet,
    ScoringMonthFilterSet,
)
from scoring.forms.stars import HandbookVersionForm
from scoring.models import HandbookVersion, MonthlyResult, PointEntry, PointRule, QuarterlyResult, ScoringMonth
from scoring.resources.stars import MonthlyResultResource, PointEntryResource, QuarterlyResultResource
from scoring.selectors import stars as selectors
from scoring.services import stars as services
from scoring.templatetags.scoring_tags import cell_name

INDEX_LINKS = [
    ("scoring:grid_start", "月度记分", "书记按月为本党组织党员记分，一页一个月，手机上也能快速填写"),
    ("scoring:monthlyresult_list", "月度星级党员", "每月结账后各党员五颗星的积分、获星数和月度星级党员"),
    ("scoring:quarterlyresult_list", "季度星级党员评选", "按季度汇总三个月积分评选的星级党员"),
    ("scoring:pointentry_list", "积分记录", "逐条积分与冲销记录（只增不改）"),
    ("scoring:scoringmonth_list", "积分月份与更正", "各月结账状态；已结账月份由县级更正并说明原因"),
    ("scoring:handbook", "积分手册", "“星级党员”量化积分手册各版本的积分事项、分值和每月上限"),
]


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class HandbookView(LoginRequiredMixin, TemplateView):
    template_name = "scoring/handbook.html"

    def get_context_data(self, **kwargs):
        versions = list(HandbookVersion.objects.visible_to(self.request.user).prefetch_related("rules"))
        can_manage = self.request.user.is_county_admin
        return super().get_context_data(versions=versions, stars=Star, can_manage=can_manage, **kwargs)


class HandbookVersionCreateView(LoginRequiredMixin, FormView):
    """County staff publish a new handbook version, starting from the current one's rules."""

    form_class = HandbookVersionForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        latest = HandbookVersion.objects.order_by("-effective_from").prefetch_related("rules").first()
        today = timezone.localdate()
        following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
        rules = ""
        if latest:
            rules = "\n".join(
                f"{r.code}|{r.name}|{r.get_star_display()}|{r.points}|{r.monthly_cap}" for r in latest.rules.all()
            )
        return {"number": (latest.number + 1) if latest else 1, "effective_from": following, "rules": rules}

    def get_context_data(self, **kwargs):
        intro = "每个月份按该月1日施行的版本记分；新版本只能从尚未开始记分的月份起施行。"
        return super().get_context_data(title="发布积分手册新版本", intro=intro, back="scoring:handbook", **kwargs)

    def form_valid(self, form):
        try:
            version = services.handbook_version_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已发布第{version.number}版，{version.effective_from:%Y年%m月}起施行。")
        return redirect("scoring:handbook")


class GridStartView(LoginRequiredMixin, TemplateView):
    """Organisations the user may score, each one tap from this month's grid (a secretary's own come first)."""

    template_name = "scoring/grid_start.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        q = self.request.GET.get("q", "").strip()
        orgs = (
            PartyOrganization.objects.editable_by(self.request.user)
            .annotate(member_count=Count("people"))
            .filter(member_count__gt=0)
            .select_related("area")
            .order_by("path")
        )
        if q:
            orgs = orgs.filter(name__icontains=q)
        return super().get_context_data(orgs=orgs[:100], q=q, today=today, **kwargs)


def _month_or_404(year: int, month: int) -> date:
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404 from None
    if first > timezone.localdate().replace(day=1):
        raise Http404
    return first


class MonthGridView(LoginRequiredMixin, TemplateView):
    """One month of one organisation: members down, each star's rules across on its tab; counts in the cells.

    All tabs are one form: switching the star keeps what was typed, and one save sends every star's counts.
    """

    template_name = "scoring/month_grid.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.org = get_object_or_404(PartyOrganization.objects.editable_by(request.user), pk=kwargs["org"])
        self.month = _month_or_404(kwargs["year"], kwargs["month"])
        self.star = request.GET.get("star") or Star.STUDY
        if self.star not in Star.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            grid = selectors.month_grid(party_organization=self.org, month=self.month)
        except ValidationError as error:
            context.update(org=self.org, month=self.month, no_handbook=error.messages[0], stars=Star.choices)
            return context
        previous = services.previous_month(self.month)
        following = date(self.month.year + (self.month.month == 12), self.month.month % 12 + 1, 1)
        scoring_month = grid["scoring_month"]
        context.update(
            org=self.org,
            month=self.month,
            star=self.star,
            stars=Star.choices,
            is_open=scoring_month is None or scoring_month.status == "open",
            previous=previous,
            following=following if following <= timezone.localdate().replace(day=1) else None,
            **grid,
        )
        return context

    def post(self, request, *args, **kwargs):
        counts: dict[tuple[int, int], int] = {}
        errors = []
        cell_errors: dict[str, list[str]] = {}  # input name -> what is wrong with that cell
        for key, value in request.POST.items():
            if not key.startswith("c_"):
                continue
            try:
                _c, person_id, rule_id = key.split("_")
                cell = (int(person_id), int(rule_id))
            except ValueError:
                raise Http404 from None
            value = value.strip()
            if value == "":
                continue
            if not value.isdigit():
                cell_errors[key] = ["次数应填写不小于 0 的整数。"]
                continue
            counts[cell] = int(value)
        # A cell for someone who is not this organisation's member: as if the record did not exist.
        person_ids = {person_id for person_id, _rule in counts}
        own = set(Person.objects.filter(pk__in=person_ids, party_organization=self.org).values_list("pk", flat=True))
        if person_ids - own:
            raise Http404
        if not cell_errors:
            try:
                added = services.month_grid_save(
                    by=request.user, party_organization=self.org, month=self.month, counts=counts
                )
            except ValidationError as error:
                # A refusal about cells goes beside each cell; any other above the grid.
                for cell, messages_ in getattr(error, "error_dict", {}).items():
                    cell_errors[cell_name(*cell)] = [m for e in messages_ for m in e]
                if not hasattr(error, "error_dict"):
                    errors.extend(error.messages)
            else:
                messages.success(request, f"已保存，新增 {added} 条积分记录。" if added else "已保存，没有变化。")
                # Back on the tab the user was on when saving (tabs switch without a page load).
                star = request.POST.get("star") if request.POST.get("star") in Star.values else self.star
                return redirect(f"{request.path}?star={star}")
        for message in errors:
            messages.error(request, message)
        if cell_errors:
            messages.error(request, f"有 {len(cell_errors)} 处次数未通过检查，已在表中标出，均未保存。")
        context = self.get_context_data(**kwargs)
        context["posted"] = {key: value for key, value in request.POST.items() if key.startswith("c_")}
        context["cell_errors"] = cell_errors
        # Show the tab of the first marked cell (the one the user must correct).
        marked = {int(name.split("_")[2]) for name in cell_errors}
        for tab in context.get("tabs", []):
            if any(rule.pk in marked for rule in tab.rules):
                context["star"] = tab.star
                break
        return self.render_to_response(context)


class PointEntryListView(ScopedListView):
    model = PointEntry
    filterset_class = PointEntryFilterSet
    resource_class = PointEntryResource
    template_name = "scoring/pointentry_list.html"

    def scope_queryset(self, queryset):
        return (
            queryset.select_related("person", "person__party_organization", "rule")
            .annotate(reversed_count=Count("reversal"))
            .order_by("-month", "-pk")
        )

    def get_print_title(self) -> str:
        return "星级党员积分记录"


@login_required
@require_POST
def point_entry_reverse(request, pk: int):
    entry = get_object_or_404(PointEntry.objects.editable_by(request.user), pk=pk)
    try:
        services.point_entry_reverse(by=request.user, entry=entry, note=request.POST.get("note", ""))
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, "已冲销该条积分。")
    return redirect(reverse("scoring:pointentry_list") + f"?q={entry.person.name}")


class ScoringMonthListView(ScopedListView):
    model = ScoringMonth
    filterset_class = ScoringMonthFilterSet
    template_name = "scoring/scoringmonth_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("version").annotate(correction_count=Count("corrections")).order_by("-month")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_correct"] = self.request.user.is_county_admin
        return context


class CorrectionForm(forms.Form):
    id_number = forms.CharField(label="党员身份证号", max_length=18, help_text="县内党员众多，按身份证号查找")
    rule = forms.ModelChoiceField(label="积分事项", queryset=PointRule.objects.none())
    points = forms.IntegerField(label="更正分值", help_text="补记填正数，扣减填负数")
    reason = forms.CharField(label="更正原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scoring_month: ScoringMonth, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = PointRule.objects.filter(version_id=scoring_month.version_id)

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip().upper()
        person = Person.objects.filter(id_number=number, stage__in=services.MEMBER_STAGES).first()
        if person is None:
            raise forms.ValidationError("未找到该身份证号的党员（含预备党员）。")
        self.cleaned_data["person"] = person
        return number


class MonthCorrectView(LoginRequiredMixin, FormView):
    """County staff correct a closed month; the reason is kept and audited."""

    form_class = CorrectionForm
    template_name = "scoring/month_correct.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.scoring_month = get_object_or_404(ScoringMonth.objects.visible_to(request.user), pk=kwargs["pk"])
        if not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scoring_month": self.scoring_month}

    def get_context_data(self, **kwargs):
        corrections = self.scoring_month.corrections.select_related("person", "entry__rule", "created_by")
        return super().get_context_data(scoring_month=self.scoring_month, corrections=corrections, **kwargs)

    def form_valid(self, form):
        try:
            data = form.cleaned_data
            services.month_correct(
                by=self.request.user,
                month=self.scoring_month.month,
                person=data["person"],
                rule=data["rule"],
                points=data["points"],
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已更正并重新计算该党员的月度结果。")
        return redirect("scoring:month_correct", pk=self.scoring_month.pk)


def result_totals(period: str) -> Totals:
    """The cards above a list of star results (``period``: 月度 or 季度): people, not rows, so a person listed for
    several periods counts once."""
    rows = f"按当前筛选条件列出的{period}评星结果中"
    return Totals(
        Total(
            "members", "参评党员", "人", f"{rows}的党员人数，同一人多期只计一次。", count=Count("person", distinct=True)
        ),
        Total(
            "star_members",
            "星级党员",
            "人",
            f"{rows}评为星级党员（获星数达到规定星数）的党员人数，同一人多期只计一次。",
            count=Count("person", distinct=True, filter=Q(is_star_member=True)),
        ),
        Total(
            "five_star",
            "五星党员",
            "人",
            f"{rows}五颗星全部获得的党员人数，同一人多期只计一次。",
            count=Count("person", distinct=True, filter=Q(star_count=5)),
        ),
    )


class MonthlyResultListView(ScopedListView):
    model = MonthlyResult
    filterset_class = MonthlyResultFilterSet
    resource_class = MonthlyResultResource
    template_name = "scoring/result_list.html"
    totals = result_totals("月度")

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "party_organization", "party_organization__area")

    def get_print_title(self) -> str:
        return "月度星级党员"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(period="月份", star_fields=selectors.STAR_FIELDS, title="月度星级党员")
        return context


class QuarterlyResultListView(MonthlyResultListView):
    model = QuarterlyResult
    filterset_class = QuarterlyResultFilterSet
    resource_class = QuarterlyResultResource
    totals = result_totals("季度")

    def get_print_title(self) -> str:
        return "季度星级党员"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(period="季度", title="季度星级党员评选")
        return context


urlpatterns = [
    path("stars/handbook/", HandbookView.as_view(), name="handbook"),
    path("stars/handbook/new/", HandbookVersionCreateView.as_view(), name="handbook_create"),
    path("stars/grid/", GridStartView.as_view(), name="grid_start"),
    path("stars/grid/<int:org>/<int:year>/<int:month>/", MonthGridView.as_view(), name="month_grid"),
    path("stars/entries/", PointEntryListView.as_view(), name="pointentry_list"),
    path("stars/entries/<int:pk>/reverse/", point_entry_reverse, name="pointentry_reverse"),
    path("stars/months/", ScoringMonthListView.as_view(), name="scoringmonth_list"),
    path("stars/months/<int:pk>/correct/", MonthCorrectView.as_view(), name="month_correct"),
    path("stars/monthly/", MonthlyResultListView.as_view(), name="monthlyresult_list"),
    path("stars/quarterly/", QuarterlyResultListView.as_view(), name="quarterlyresult_list"),
]
