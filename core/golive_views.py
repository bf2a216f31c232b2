"""上线检查 page for county staff (core.golive gathers it)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import golive
from core.access import permitted


@login_required
@permitted(lambda user, **kwargs: user.is_county_admin, "上线检查仅供县级管理员使用。")
def golive_page(request):
    checks = golive.checks()
    return render(
        request,
        "core/golive.html",
        {"loaded": golive.loaded(), "checks": checks, "open": sum(not check.done for check in checks)},
    )
