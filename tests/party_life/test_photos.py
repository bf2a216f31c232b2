"""Meeting photos: JPEG/PNG up to 5 MB, at most four, location metadata stripped, never required."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from party_life.models import MeetingPhoto
from party_life.services import photos as services
from tests.party_life.conftest import record

pytestmark = pytest.mark.usefixtures("_today")


def jpeg_with_gps(name="现场.jpg") -> SimpleUploadedFile:
    picture = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 5.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (117.0, 8.0, 30.0)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    # The upload really carries a location (otherwise the test below could not fail).
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def meeting(world, secretary, members_a):
    return record(secretary, world.org_a, members_a)


def test_an_uploaded_photo_keeps_no_gps_or_camera_data_and_shows_on_the_meeting(meeting, secretary, as_user):
    client = as_user(secretary)
    response = client.post(reverse("party_life:meetingphoto_add", args=[meeting.pk]), {"image": jpeg_with_gps()})
    assert response.status_code == 302
    photo = MeetingPhoto.objects.get()
    stored = photo.image.open("rb").read()
    kept = Image.open(io.BytesIO(stored))
    assert kept.format == "JPEG" and kept.size == (64, 48)
    assert not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert len(kept.getexif()) == 0 and b"SpyCam" not in stored
    page = client.get(reverse("party_life:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("party_life:meetingphoto_file", args=[photo.pk]) in page
    served = client.get(reverse("party_life:meetingphoto_file", args=[photo.pk]))
    assert served["Content-Type"] == "image/jpeg" and b"".join(served.streaming_content) == stored


def test_a_file_that_is_not_an_image_is_refused_in_chinese_and_nothing_is_kept(meeting, secretary, as_user):
    client = as_user(secretary)
    fake = SimpleUploadedFile("会议.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(reverse("party_life:meetingphoto_add", args=[meeting.pk]), {"image": fake}, follow=True)
    assert "不是 JPEG 或 PNG 图片" in response.content.decode()
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    with pytest.raises(Exception, match="不是 JPEG 或 PNG 图片"):
        services.meeting_photo_add(by=secretary, meeting=meeting, upload=SimpleUploadedFile("a.gif", gif.getvalue()))
    assert not MeetingPhoto.objects.exists()


def test_a_large_file_and_a_fifth_photo_are_refused(meeting, secretary, monkeypatch):
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    with pytest.raises(Exception, match="照片不能超过 5 MB"):
        services.meeting_photo_add(by=secretary, meeting=meeting, upload=jpeg_with_gps())
    monkeypatch.undo()
    for _ in range(4):
        services.meeting_photo_add(by=secretary, meeting=meeting, upload=jpeg_with_gps())
    with pytest.raises(Exception, match="最多上传 4 张"):
        services.meeting_photo_add(by=secretary, meeting=meeting, upload=jpeg_with_gps())
    assert MeetingPhoto.objects.count() == 4


def test_another_secretary_cannot_see_add_or_remove_our_photos(meeting, secretary, other_secretary, as_user):
    photo = services.meeting_photo_add(by=secretary, meeting=meeting, upload=jpeg_with_gps())
    client = as_user(other_secretary)
    assert client.get(reverse("party_life:meetingphoto_file", args=[photo.pk])).status_code == 404
    assert client.post(reverse("party_life:meetingphoto_remove", args=[photo.pk])).status_code == 404
    assert (
        client.post(reverse("party_life:meetingphoto_add", args=[meeting.pk]), {"image": jpeg_with_gps()}).status_code
        == 404
    )
    assert MeetingPhoto.objects.count() == 1
