"""Pages of the 积分超市: items, redemptions, reversal, and a member's ledger and balance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import LedgerKind
from scoring.filters.market import PointAccountFilterSet, RedemptionFilterSet, RewardItemFilterSet
from scoring.forms.market import RedemptionForm, RewardItemForm
from scoring.models import LedgerEntry, MonthlyResult, PointAccount, Redemption, RewardItem
from scoring.resources.market import PointAccountResource, RedemptionResource, RewardItemResource
from scoring.services import market as services

INDEX_LINKS = [
    ("scoring:rewarditem_list", "积分超市", "可兑换的奖品、所需积分和库存"),
    ("scoring:redemption_list", "积分兑换记录", "党员用积分兑换奖品的记录，可冲销"),
    ("scoring:pointaccount_list", "积分余额", "各党员的积分余额和明细"),
]


class RewardItemListView(ScopedListView):
    model = RewardItem
    filterset_class = RewardItemFilterSet
    resource_class = RewardItemResource
    template_name = "scoring/rewarditem_list.html"

    def get_print_title(self) -> str:
        return "积分超市商品"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_manage"] = user.is_county_admin
        context["can_redeem"] = PartyOrganization.objects.editable_by(user).exists()
        return context


class RewardItemFormView(LoginRequiredMixin, FormView):
    form_class = RewardItemForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.item = None
        if "pk" in kwargs:
            self.item = get_object_or_404(RewardItem.objects.visible_to(request.user), pk=kwargs["pk"])
        if not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def get_context_data(self, **kwargs):
        title = f"修改“{self.item}”" if self.item else "上架商品"
        return super().get_context_data(title=title, back="scoring:rewarditem_list", **kwargs)

    def form_valid(self, form):
        data = {key: form.cleaned_data[key] for key in ("name", "price", "stock", "is_active")}
        try:
            services.reward_item_save(by=self.request.user, item=self.item, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return redirect("scoring:rewarditem_list")


class RedemptionListView(ScopedListView):
    model = Redemption
    filterset_class = RedemptionFilterSet
    resource_class = RedemptionResource
    template_name = "scoring/redemption_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "person__party_organization", "item")

    def get_print_title(self) -> str:
        return "积分兑换记录"


class RedemptionCreateView(LoginRequiredMixin, FormView):
    form_class = RedemptionForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not PartyOrganization.objects.editable_by(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"person": self.request.GET.get("person")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="积分兑换", back="scoring:redemption_list", **kwargs)

    def form_valid(self, form):
        try:
            redemption = services.redemption_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"已兑换“{redemption.item}”×{redemption.quantity}，扣减 {redemption.points} 分。"
        )
        return redirect("scoring:pointaccount_detail", pk=redemption.person_id)


@login_required
@require_POST
def redemption_reverse(request, pk: int):
    redemption = get_object_or_404(Redemption.objects.editable_by(request.user), pk=pk)
    try:
        services.redemption_reverse(by=request.user, redemption=redemption, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已冲销，积分和库存已退回。")
    return redirect("scoring:pointaccount_detail", pk=redemption.person_id)


class PointAccountListView(ScopedListView):
    model = PointAccount
    filterset_class = PointAccountFilterSet
    resource_class = PointAccountResource
    template_name = "scoring/pointaccount_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "person__party_organization").order_by("-balance", "person__name")

    def get_print_title(self) -> str:
        return "党员积分余额"


def ledger_lines(person, limit: int = 200) -> list[dict]:
    """The member's ledger, newest first: each closed month's total (the credit) and every other line."""
    credits = [
        {"on": r.month, "kind": LedgerKind.CREDIT.label, "note": f"{r.month:%Y年%m月}积分", "amount": r.total}
        for r in MonthlyResult.objects.filter(person=person, total__gt=0)
        .only("month", "total")
        .order_by("-month")[:limit]
    ]
    others = [
        {"on": line.created_at.date(), "kind": line.get_kind_display(), "note": line.note, "amount": line.amount}
        for line in LedgerEntry.objects.filter(person=person).order_by("-created_at")[:limit]
    ]
    return sorted(credits + others, key=lambda line: line["on"], reverse=True)[:limit]


class PointAccountDetailView(ScopedQuerysetMixin, DetailView):
    """A member's balance and ledger (the member's own page in the 积分超市)."""

    model = Person
    template_name = "scoring/pointaccount_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context.update(
            balance=services.balance_of(person),
            ledger=ledger_lines(person),
            redemptions=Redemption.objects.filter(person=person).select_related("item")[:100],
            can_act=Person.objects.editable_by(self.request.user).filter(pk=person.pk).exists(),
        )
        return context


urlpatterns = [
    path("market/", RewardItemListView.as_view(), name="rewarditem_list"),
    path("market/new/", RewardItemFormView.as_view(), name="rewarditem_create"),
    path("market/<int:pk>/edit/", RewardItemFormView.as_view(), name="rewarditem_update"),
    path("market/redemptions/", RedemptionListView.as_view(), name="redemption_list"),
    path("market/redeem/", RedemptionCreateView.as_view(), name="redemption_create"),
    path("market/redemptions/<int:pk>/reverse/", redemption_reverse, name="redemption_reverse"),
    path("market/accounts/", PointAccountListView.as_view(), name="pointaccount_list"),
    path("market/accounts/<int:pk>/", PointAccountDetailView.as_view(), name="pointaccount_detail"),
]
