"""A meeting's photos: upload (the secretary), show (whoever may read the meeting), remove. Files are served
through the app, so a photo is as private as its meeting."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST

from party_life.models import Meeting, MeetingPhoto
from party_life.services import photos as services

INDEX_LINKS: list = []


class PhotoForm(forms.Form):
    image = forms.FileField(label="照片")


@login_required
@require_POST
def meeting_photo_add(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.editable_by(request.user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的照片。")
    else:
        try:
            services.meeting_photo_add(by=request.user, meeting=meeting, upload=form.cleaned_data["image"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已上传照片。")
    return redirect("party_life:meeting_detail", pk=meeting.pk)


@login_required
def meeting_photo_file(request, pk: int):
    photo = get_object_or_404(MeetingPhoto.objects.visible_to(request.user), pk=pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = "image/png" if photo.image.name.endswith(".png") else "image/jpeg"
    return FileResponse(handle, content_type=content_type)


@login_required
@require_POST
def meeting_photo_remove(request, pk: int):
    photo = get_object_or_404(MeetingPhoto.objects.editable_by(request.user), pk=pk)
    meeting_pk = photo.meeting_id
    services.meeting_photo_remove(by=request.user, photo=photo)
    messages.success(request, "已删除照片。")
    return redirect("party_life:meeting_detail", pk=meeting_pk)


urlpatterns = [
    path("meetings/<int:pk>/photos/", meeting_photo_add, name="meetingphoto_add"),
    path("photos/<int:pk>/", meeting_photo_file, name="meetingphoto_file"),
    path("photos/<int:pk>/remove/", meeting_photo_remove, name="meetingphoto_remove"),
]
