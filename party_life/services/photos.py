"""Photos of a meeting: at most a few, JPEG or PNG up to 5 MB, re-encoded on save so that no metadata (GPS
location, camera, time) is kept. A meeting counts without photos: they are never required."""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from core.models import User
from party_life.models import Meeting, MeetingPhoto

MAX_PHOTOS = 4
MAX_BYTES = 5 * 1024 * 1024
FORMATS = {"JPEG": "jpg", "PNG": "png"}
# A decompression bomb (a small file of a huge picture) is refused before it is decoded.
MAX_PIXELS = 40_000_000


def _clean_image(upload) -> tuple[bytes, str]:
    """The picture's pixels re-encoded in its own format, without EXIF or any other metadata."""
    if upload.size > MAX_BYTES:
        raise ValidationError({"image": f"照片不能超过 5 MB（“{upload.name}”为 {upload.size / 1024 / 1024:.1f} MB）。"})
    upload.seek(0)
    try:
        with Image.open(upload) as picture:
            kind = picture.format
            if kind not in FORMATS:
                raise ValidationError({"image": f"“{upload.name}”不是 JPEG 或 PNG 图片。"})
            if picture.width * picture.height > MAX_PIXELS:
                raise ValidationError({"image": f"“{upload.name}”像素过大，请缩小后上传。"})
            # Turn the picture upright as the camera meant, then keep only the pixels.
            picture = ImageOps.exif_transpose(picture)
            mode = "RGB" if kind == "JPEG" else ("RGBA" if "A" in picture.getbands() else "RGB")
            clean = Image.new(mode, picture.size)
            clean.paste(picture.convert(mode))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError({"image": f"“{upload.name}”不是 JPEG 或 PNG 图片，或文件已损坏。"}) from None
    out = io.BytesIO()
    if kind == "JPEG":
        clean.save(out, "JPEG", quality=88, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue(), FORMATS[kind]


@transaction.atomic
def meeting_photo_add(*, by: User, meeting: Meeting, upload) -> MeetingPhoto:
    """Add a photo to a meeting the user may edit: at most four, JPEG or PNG up to 5 MB, metadata stripped."""
    if not Meeting.objects.editable_by(by).filter(pk=meeting.pk).exists():
        raise ValidationError("该会议记录不在您的管理范围内。")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"image": f"每次会议最多上传 {MAX_PHOTOS} 张照片。"})
    data, extension = _clean_image(upload)
    photo = MeetingPhoto(meeting=meeting, uploaded_by=by)
    photo.image.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    photo.save()
    return photo


@transaction.atomic
def meeting_photo_remove(*, by: User, photo: MeetingPhoto) -> None:
    """Remove a photo (and its file) from a meeting the user may edit."""
    if not MeetingPhoto.objects.editable_by(by).filter(pk=photo.pk).exists():
        raise ValidationError("该照片不在您的管理范围内。")
    name = photo.image.name
    storage = photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
