"""帮助 → 操作手册: the signed-in user's own role's manual, or a page saying it has not been built yet."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render

from manual.documents import manual_built, manual_storage_name
from manual.journeys import JOURNEYS


@login_required
def manual_own(request):
    """The PDF manual of the user's role, shown in the browser; built by ``manage.py build_manual``."""
    journey = JOURNEYS.get(request.user.role)
    if journey is None or not manual_built(journey.role):
        return render(request, "manual/manual_missing.html", {"journey": journey})
    return FileResponse(
        default_storage.open(manual_storage_name(journey.role), "rb"),
        filename=f"红色引擎{journey.title}.pdf",
        content_type="application/pdf",
    )
