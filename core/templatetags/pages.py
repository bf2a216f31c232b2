"""Template filters of the page frame."""

from django import template

register = template.Library()


@register.filter
def page_title(title: str, site_name: str) -> str:
    """The browser tab's title: the page's own, a separator, the site (“公示栏 · 红色引擎”); the site alone
    on a page without a title of its own."""
    title = (title or "").strip()
    return f"{title} · {site_name}" if title else site_name
