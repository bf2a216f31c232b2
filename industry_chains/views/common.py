"""Small helpers the area's pages share."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_message(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))
