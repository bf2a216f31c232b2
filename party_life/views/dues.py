"""Pages of Party dues: members with their base, payments and arrears; the base and payment forms; the
append-only ledger with its reversals; the members listed under the six-month rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from core.figures import Total, Totals
from core.forms import apply_errors
from core.mixins import ScopedListView
from members.models import Person
from party_life.choices import DuesCategory
from party_life.filters.dues import DuesPaymentFilterSet, MemberFilterSet
from party_life.forms.dues import DuesBaseForm, DuesPaymentForm, ReverseForm
from party_life.models import DuesBase, DuesPayment
from party_life.resources.dues import DuesPaymentResource, LapsedResource, MemberDuesResource
from party_life.selectors import dues as selectors
from party_life.services import dues as services
from party_life.views.meetings import _year
from scoring.services.stars import MEMBER_STAGES

INDEX_LINKS = [
    ("party_life:member_dues", "党费收缴", "党员党费基数（按税后收入分档核定）、已缴月数、欠缴金额"),
    ("party_life:duespayment_list", "党费台账", "逐笔缴纳与冲销记录（只增不改），各党组织收缴合计"),
    ("party_life:lapsed", "连续六个月未缴党费或未参加组织生活的党员", "按党章第九条列出，供党组织核实，系统不作处理"),
]

CATEGORIES = dict(DuesCategory.choices)


class MemberDuesView(ScopedListView):
    """The members in scope with the year's monthly dues, months and amount paid, and arrears (this page's rows)."""

    model = Person
    filterset_class = MemberFilterSet
    resource_class = MemberDuesResource
    template_name = "party_life/member_dues.html"

    def scope_queryset(self, queryset):
        return selectors.with_dues(queryset, year=_year(self.request)).select_related("party_organization")

    def get_print_title(self) -> str:
        return f"{_year(self.request)}年党费收缴情况"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, today = _year(self.request), timezone.localdate()
        for person in context["object_list"]:
            person.unpaid_months, person.owed = selectors.arrears(person, year=year, today=today)
            person.dues_category_label = CATEGORIES.get(person.dues_category, "")
        context["year"] = year
        context["due_months"] = selectors.due_months(year, today)
        return context


class _MemberFormView(LoginRequiredMixin, FormView):
    """A form about one member the user may edit (a full or probationary member); anyone else is a 404."""

    template_name = "party_life/simple_form.html"

    @cached_property
    def person(self):
        people = Person.objects.editable_by(self.request.user).filter(stage__in=MEMBER_STAGES)
        return get_object_or_404(people.select_related("party_organization"), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.person  # noqa: B018 - a 404 before anything else
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            message = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(reverse("party_life:member_dues") + f"?q={self.person.name}")


class DuesBaseView(_MemberFormView):
    form_class = DuesBaseForm

    def get_initial(self):
        year = timezone.localdate().year
        base = DuesBase.objects.filter(person=self.person, year=year).first()
        if base is None:
            return {"year": year}
        return {"year": year, "category": base.category, "monthly_income": base.monthly_income}

    def get_context_data(self, **kwargs):
        title = f"核定党费基数 · {self.person.name}"
        intro = (
            "在职党员按月税后工资收入：3000元及以下0.5%，3000元以上至5000元1%，5000元以上至10000元1.5%，"
            "10000元以上2%；离退休党员5000元及以下0.5%，5000元以上1%；学生、失业或无固定收入、"
            "享受最低生活保障的党员每月0.2元。"
        )
        bases = DuesBase.objects.filter(person=self.person).order_by("-year")
        return super().get_context_data(title=title, intro=intro, bases=bases, **kwargs)

    def perform(self, data: dict) -> str:
        base = services.dues_base_set(by=self.request.user, person=self.person, **data)
        return f"已核定{base.year}年月缴党费 {base.monthly_amount} 元。"


class DuesPaymentCreateView(_MemberFormView):
    form_class = DuesPaymentForm

    def get_initial(self):
        return {"month": timezone.localdate().replace(day=1), "months": 1, "paid_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        title = f"登记党费 · {self.person.name}"
        intro = "每月一条记录；一次缴纳多个月的，填写起始月份和月数。登记有误的，在党费台账中冲销后重新登记。"
        return super().get_context_data(title=title, intro=intro, **kwargs)

    def perform(self, data: dict) -> str:
        lines = services.dues_payment_record(by=self.request.user, person=self.person, **data)
        return f"已登记 {len(lines)} 个月党费，共 {sum(line.amount for line in lines)} 元。"


class DuesPaymentListView(ScopedListView):
    model = DuesPayment
    filterset_class = DuesPaymentFilterSet
    resource_class = DuesPaymentResource
    template_name = "party_life/duespayment_list.html"
    totals = Totals(
        Total(
            "collected",
            "实收合计",
            "元",
            "按当前筛选条件列出的党费记录金额之和，冲销记录为负数已扣除；年度、月份按党费所属月份。",
            count=Sum("amount"),
        ),
        Total("lines", "记录", "笔", "按当前筛选条件列出的党费记录笔数，冲销记录也计一笔。", count=Count("pk")),
    )

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "party_organization", "reversal").order_by("-month", "-pk")

    def get_print_title(self) -> str:
        return "党费台账"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reverse_form"] = ReverseForm()
        return context


@login_required
@require_POST
def dues_payment_reverse(request, pk: int):
    payment = get_object_or_404(DuesPayment.objects.editable_by(request.user).select_related("person"), pk=pk)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写冲销原因。")
    else:
        try:
            services.dues_payment_reverse(by=request.user, payment=payment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已冲销该笔党费。")
    return redirect(reverse("party_life:duespayment_list") + f"?q={payment.person.name}")


class LapsedListView(ScopedListView):
    """Members with six consecutive ended months without dues or without organisational life: listed only."""

    model = Person
    filterset_class = MemberFilterSet
    resource_class = LapsedResource
    template_name = "party_life/lapsed_list.html"

    def scope_queryset(self, queryset):
        today = timezone.localdate()
        return (
            selectors.lapsed_members(queryset, today=today)
            .select_related("party_organization")
            .order_by("party_organization__path", "name", "pk")
        )

    def get_print_title(self) -> str:
        return "连续六个月未缴纳党费或未参加组织生活的党员"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = selectors.lapse_window(timezone.localdate())
        context["window"] = (start, selectors.months_back(end, 1))
        return context


urlpatterns = [
    path("dues/", MemberDuesView.as_view(), name="member_dues"),
    path("dues/<int:pk>/base/", DuesBaseView.as_view(), name="duesbase_set"),
    path("dues/<int:pk>/pay/", DuesPaymentCreateView.as_view(), name="duespayment_create"),
    path("dues/ledger/", DuesPaymentListView.as_view(), name="duespayment_list"),
    path("dues/ledger/<int:pk>/reverse/", dues_payment_reverse, name="duespayment_reverse"),
    path("lapsed/", LapsedListView.as_view(), name="lapsed"),
]
