"""Request middleware of the portal."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

# Pages an account with a one-time password may still open: changing it, and leaving.
_ALLOWED = ("password_change", "password_change_done", "logout")


class PasswordChangeRequiredMiddleware:
    """An account signed in with a one-time password is sent to change it before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in _ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/api/")):
                messages.info(request, "这是初始密码，请先设置您自己的新密码。")
                return redirect("password_change")
        return self.get_response(request)
