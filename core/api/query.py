"""Query parameters an endpoint reads by hand (outside its FilterSet): a value it does not know is a 400."""

from rest_framework.exceptions import ValidationError


def query_choice(request, name: str, choices: list[str]) -> str | None:
    """The parameter's value if it is one of ``choices``; None when absent or empty; a Chinese 400 otherwise."""
    value = request.query_params.get(name, "")
    if value == "":
        return None
    if value not in choices:
        raise ValidationError({name: [f"“{value}”不是有效选项，可选：{'、'.join(choices)}。"]})
    return value
