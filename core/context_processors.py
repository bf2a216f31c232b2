from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.access import offered, uses_api
from core.notifications import unread_count

# The areas of the programme, in the order of domain.md; each has an index page.
SECTIONS = [
    ("organizations", "组织覆盖", "organizations:index", "bi-diagram-3"),
    ("members", "党员队伍", "members:index", "bi-people"),
    ("scoring", "积分评星", "scoring:index", "bi-star"),
    ("party_life", "组织生活", "party_life:index", "bi-calendar-check"),
    ("industry_chains", "产业链党建", "industry_chains:index", "bi-link-45deg"),
]


def _unread(request) -> int:
    # Error pages render without middleware, so there may be no user at all.
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None and user.is_authenticated else 0


def navigation(request):
    """Top navigation with the current section highlighted."""
    match = getattr(request, "resolver_match", None)
    current = match.app_name if match else ""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        # A section is shown to those its index page is offered to: whose scope reaches its records.
        "nav_sections": [
            {"key": key, "label": label, "url": reverse(url_name), "active": key == current}
            for key, label, url_name, _icon in SECTIONS
            if signed_in and offered(user, url_name)
        ],
        "shows_api_docs": SimpleLazyObject(lambda: signed_in and uses_api(user)),
        "site_name": "红色引擎",
        # Lazy: pages that do not show the header (PDFs, errors) do not pay for the count.
        "unread_notifications": SimpleLazyObject(lambda: _unread(request)),
    }
