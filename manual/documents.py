"""The printed 操作手册: render a walked journey to PDF, keep one file per role in the media storage, find it again."""

import base64
from collections.abc import Sequence
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.pdf import render_pdf
from manual.journeys import JOURNEYS, Journey

FOLDER = "manual"


def manual_storage_name(role: str) -> str:
    """Where a role's manual is kept in the media storage (one file per role, replaced by each build)."""
    return f"{FOLDER}/{role}.pdf"


def manual_render(*, journey: Journey, images: Sequence[bytes], built_at: datetime | None = None) -> bytes:
    """Cover, contents and one section per step (its text and its PNG) as one PDF."""
    if len(images) != len(journey.steps):
        raise ValueError(f"{journey.title}: {len(journey.steps)} steps but {len(images)} pictures")
    steps = [
        {
            "number": number,
            "title": step.title,
            "text": step.text,
            "image": "data:image/png;base64," + base64.b64encode(image).decode("ascii"),
        }
        for number, (step, image) in enumerate(zip(journey.steps, images, strict=True), start=1)
    ]
    context = {
        "journey": journey,
        "steps": steps,
        "built_at": timezone.localtime(built_at or timezone.now()),
    }
    return render_pdf("manual/manual_pdf.html", context)


def manual_save(*, role: str, pdf: bytes) -> str:
    """Store a role's freshly built manual in place of the old one; returns its storage name."""
    if role not in JOURNEYS:
        raise ValueError(f"no journey for role {role!r}")
    name = manual_storage_name(role)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(pdf))


def manual_built(role: str) -> bool:
    """Whether a manual has been built for the role."""
    return role in JOURNEYS and default_storage.exists(manual_storage_name(role))
