"""Whether a page is worth offering a user: the one check a view refuses by and a menu, an index page or a
button is drawn by, so that no link leads to a 403 and no menu leads to lists that are always empty.

A view states who may open it with ``permits(user, **url_kwargs)``: a class view through ``Permitted`` (its
``dispatch`` refuses when the check fails), a function view through ``@permitted(check)``. A list of a scoped
model is offered to users whose scope reaches such rows at all (``ScopedQuerySet.reaches``): a department's
handler is not led to lists of Party members that are empty for him by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, resolve, reverse


class Permitted(LoginRequiredMixin):
    """A page some users may not open: ``permits`` says who may, ``refusal`` is the 403's reason."""

    refusal = ""

    @classmethod
    def permits(cls, user, **kwargs) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.permits(request.user, **kwargs):
            raise PermissionDenied(self.refusal or None)
        return super().dispatch(request, *args, **kwargs)


def permitted(check: Callable[..., bool], refusal: str = ""):
    """A function view that answers 403 (with ``refusal``) to a signed-in user ``check(user, **url_kwargs)`` refuses."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not check(request.user, **kwargs):
                raise PermissionDenied(refusal or None)
            return view(request, *args, **kwargs)

        guarded.permits = check
        return guarded

    return decorate


def offered(user, url_name: str, *args) -> bool:
    """Whether a link to ``url_name`` (with ``args``) leads ``user`` to a page he may use."""
    try:
        match = resolve(reverse(url_name, args=args))
    except NoReverseMatch:
        return False
    view = getattr(match.func, "view_class", match.func)
    check = getattr(view, "permits", None)
    if check is not None and not check(user, **match.kwargs):
        return False
    manager = getattr(getattr(view, "model", None), "_default_manager", None)
    return not hasattr(manager, "reaches") or manager.reaches(user)


def uses_api(user) -> bool:
    """Who is shown the API's documentation: county staff, and anyone who has taken an API token."""
    from rest_framework.authtoken.models import Token

    if not user.is_authenticated:
        return False
    return user.is_county_admin or Token.objects.filter(user=user).exists()


def offered_links(user, links: list[tuple]) -> list[tuple]:
    """An index page's links ``(url name, title, description)`` that lead the user somewhere he may work."""
    return [link for link in links if offered(user, link[0])]
