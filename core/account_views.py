"""用户管理: county staff find an account, reset its password (a one-time password on a slip), deactivate or
re-enable it; every act goes into the account's trail (core.accounts keeps the rules)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from core import accounts
from core.filters import AccountFilterSet
from core.forms import apply_errors
from core.mixins import ScopedListView
from core.models import User
from core.pdf import pdf_response, render_pdf
from core.resources import AccountListResource

SLIP_SESSION_KEY = "account_reset_slip"


class AccountListView(ScopedListView):
    """用户管理: every staff account, with its role, scope, state and last sign-in, for county staff."""

    model = User
    filterset_class = AccountFilterSet
    resource_class = AccountListResource
    template_name = "core/account_list.html"

    @classmethod
    def permits(cls, user, **kwargs) -> bool:
        return user.is_county_admin

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.permits(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("area", "party_organization", "chain", "department")
            .order_by("-is_active", "role", "username")
        )

    def get_print_title(self) -> str:
        return "用户账号"


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, help_text="会记入账号操作记录，如“书记调整，交接账号”")


def _account(request, pk) -> User:
    if not request.user.is_county_admin:
        raise PermissionDenied
    return get_object_or_404(User.objects.visible_to(request.user), pk=pk)


@login_required
def account_detail(request, pk):
    account = _account(request, pk)
    return render(
        request,
        "core/account_detail.html",
        {"account": account, "events": account.account_events.all()[:50], "form": ReasonForm()},
    )


_ACTS = {
    "reset": (accounts.account_reset_password, "重置密码"),
    "deactivate": (accounts.account_deactivate, "停用账号"),
    "activate": (accounts.account_activate, "重新启用"),
}


@never_cache
@login_required
def account_act(request, pk, act):
    """A confirmation page with a required reason, then the act: reset, deactivate or activate."""
    account = _account(request, pk)
    service, title = _ACTS[act]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password = service(by=request.user, account=account, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if act == "reset":
                request.session[SLIP_SESSION_KEY] = {"pk": account.pk, "password": password}
                return redirect("core:account_reset_done", pk=account.pk)
            messages.success(request, f"已{title}：{account}。")
            return redirect("core:account_detail", pk=account.pk)
    return render(request, "core/account_act.html", {"account": account, "form": form, "title": title, "act": act})


@never_cache
@login_required
def account_reset_done(request, pk):
    """The new one-time password, shown once to the county staff who reset it, and its printable slip."""
    account = _account(request, pk)
    held = request.session.get(SLIP_SESSION_KEY)
    if not held or held.get("pk") != account.pk:
        messages.error(request, "新密码只显示一次，已不再保存；如需要请再次重置。")
        return redirect("core:account_detail", pk=account.pk)
    if request.GET.get("format") == "pdf":
        pdf = render_pdf(
            "core/account_slips_pdf.html",
            {"slips": [accounts.slip(account, held["password"])], "title": "账号密码", "site_url": settings.SITE_URL},
            request=request,
        )
        return pdf_response(pdf, f"账号密码_{account.username}.pdf")
    if request.method == "POST":  # 完成: the password leaves the session
        request.session.pop(SLIP_SESSION_KEY, None)
        return redirect("core:account_detail", pk=account.pk)
    return render(
        request, "core/account_reset_done.html", {"account": account, "slip": accounts.slip(account, held["password"])}
    )
