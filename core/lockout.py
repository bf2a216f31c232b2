"""Login lockout (django-axes): what a locked-out visitor is told, on the login page and by the token endpoint."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def _wait(request=None) -> str:
    """How long a lockout lasts, from the AXES_COOLOFF_TIME setting (empty: until an administrator unlocks)."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return ""
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return f"{minutes // 60} 小时" if minutes % 60 == 0 else f"{minutes} 分钟"


def locked_out_message(request=None) -> str:
    """The reason and when to try again."""
    wait = _wait(request)
    if not wait:
        return "登录失败次数过多，账号已锁定，请联系县委社会工作部管理员解锁。"
    return f"登录失败次数过多，账号已临时锁定，请 {wait}后再试。"


def login_notice() -> str:
    """What the login page warns, from the AXES_FAILURE_LIMIT and AXES_COOLOFF_TIME settings."""
    wait = _wait()
    until = f"锁定 {wait}" if wait else "锁定，须由管理员解锁"
    return f"连续输错密码 {settings.AXES_FAILURE_LIMIT} 次，该账号将被{until}。"


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page's answer while the account or the address is locked out."""
    return render(request, "registration/locked_out.html", {"message": locked_out_message(request)}, status=429)
