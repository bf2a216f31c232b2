"""``{% offered "app:page" arg as name %}``: whether a link or button leads the user to a page he may use."""

from django import template

from core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def offered(context, url_name: str, *args) -> bool:
    return access.offered(context["request"].user, url_name, *args)
