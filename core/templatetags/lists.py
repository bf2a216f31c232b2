"""Template filters of list pages."""

from django import template

register = template.Library()


def _given(value) -> bool:
    if isinstance(value, list | tuple):
        return any(_given(part) for part in value)
    return value not in (None, "")


@register.filter
def filters_active(filterset) -> bool:
    """Whether the user narrowed the list: an empty list then means "nothing matches", not "nothing yet"."""
    form = getattr(filterset, "form", None)
    if form is None or not form.is_bound:
        return False
    return any(_given(field.value()) for field in form)
