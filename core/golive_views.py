"""上线检查 page for county staff (core.golive gathers it)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core import golive


@login_required
def golive_page(request):
    if not request.user.is_county_admin:
        raise PermissionDenied
    checks = golive.checks()
    return render(
        request,
        "core/golive.html",
        {"loaded": golive.loaded(), "checks": checks, "open": sum(not check.done for check in checks)},
    )
