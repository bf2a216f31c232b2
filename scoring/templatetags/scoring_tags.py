"""Small template helpers of the scoring pages."""

from django import template

register = template.Library()


@register.simple_tag
def cell_name(person_id: int, rule_id: int) -> str:
    """The grid's input name for one member and one rule."""
    return f"c_{person_id}_{rule_id}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def stars_text(count: int) -> str:
    return "★" * int(count or 0)
