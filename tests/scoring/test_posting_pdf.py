"""The public posting PDF: rendered once when the posting is published and stored; an anonymous visitor is
served the stored file with caching headers and never causes a render; a missing file is queued for the
background once; the notice board is limited per address like the certificate check."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse

from core.throttles import NoticeBoardThrottle
from scoring.choices import PostingKind
from scoring.models import Posting, PostingLine
from scoring.services import postings as services


@pytest.fixture
def posting(world):
    posting = Posting.objects.create(
        kind=PostingKind.STAR_MONTHLY,
        subject="2025-04",
        title="甲镇2025年4月月度星级党员公示",
        area=world.area_a,
        published_on=date(2025, 5, 6),
        start_on=date(2025, 5, 6),
        end_on=date(2025, 5, 13),
    )
    PostingLine.objects.create(posting=posting, position=1, masked_name="张*", organization="甲公司党委", detail="五星")
    cache.delete(f"posting-pdf-queued:{posting.pk}")
    return posting


@pytest.fixture
def renders(monkeypatch):
    """Every PDF rendered for a posting."""
    calls = []
    real = services.render_pdf

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "render_pdf", counted)
    return calls


def pdf_url(posting) -> str:
    return reverse("scoring:posting_public_pdf", args=[posting.pk])


def stored(posting) -> bytes:
    posting.refresh_from_db()
    with default_storage.open(posting.pdf.name, "rb") as file:
        return file.read()


def test_anonymous_visitors_are_served_the_stored_file_and_nothing_is_rendered(posting, renders, client):
    assert services.posting_pdf_render(posting_id=posting.pk) is True
    assert len(renders) == 1
    for _ in range(5):
        response = client.get(pdf_url(posting))
        assert response.status_code == 200
        assert response.getvalue() == stored(posting)
    assert len(renders) == 1
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] and response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_stored_file_is_one_a_shared_cache_may_keep_for_every_visitor(posting, client):
    """nginx answers the public PDFs from its cache (docs/nginx/public-pdfs.conf): it keeps only responses
    that set no cookie, and keeps one copy for everyone only when they do not vary by cookie."""
    services.posting_pdf_render(posting_id=posting.pk)
    response = client.get(pdf_url(posting))
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response
    assert "cookie" not in response.get("Vary", "").lower()
    assert "private" not in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_a_browser_that_has_the_file_gets_a_304(posting, client):
    services.posting_pdf_render(posting_id=posting.pk)
    etag = client.get(pdf_url(posting))["ETag"]
    response = client.get(pdf_url(posting), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert not response.content


def test_rendering_the_same_content_again_keeps_the_file_and_a_change_replaces_it(posting):
    assert services.posting_pdf_render(posting_id=posting.pk) is True
    first = Posting.objects.get(pk=posting.pk).pdf.name
    assert services.posting_pdf_render(posting_id=posting.pk) is False
    Posting.objects.filter(pk=posting.pk).update(title="甲镇2025年4月月度星级党员公示（更正）")
    assert services.posting_pdf_render(posting_id=posting.pk) is True
    second = Posting.objects.get(pk=posting.pk).pdf.name
    assert second != first
    assert default_storage.exists(second) and not default_storage.exists(first)


def test_a_missing_file_is_queued_for_the_background_once_and_the_visitor_told_to_wait(
    posting, renders, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.get(pdf_url(posting))
        again = client.get(pdf_url(posting))
    assert first.status_code == again.status_code == 202
    assert "正在生成" in first.content.decode()
    assert first["Retry-After"] and "no-cache" in first["Cache-Control"]
    assert not renders  # nothing rendered on the visitors' requests
    assert len(callbacks) == 1  # one render queued for two visitors
    callbacks[0]()  # what the worker does
    assert len(renders) == 1
    response = client.get(pdf_url(posting))
    assert response.status_code == 200
    assert response.getvalue() == stored(posting)


@pytest.mark.parametrize(
    "name", ["scoring:notice_board", "scoring:posting_public_detail", "scoring:posting_public_pdf"]
)
def test_the_notice_board_is_limited_per_address(name, posting, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "notice_board": "3/minute"},
    }
    services.posting_pdf_render(posting_id=posting.pk)
    for address in ("10.7.7.7", "10.7.7.8"):
        throttle = NoticeBoardThrottle()
        cache.delete(throttle.cache_format % {"scope": throttle.scope, "ident": address})
    url = reverse(name, args=[posting.pk] if name != "scoring:notice_board" else None)
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="10.7.7.7").status_code == 200
    response = client.get(url, REMOTE_ADDR="10.7.7.7")
    assert response.status_code == 429
    assert "访问过于频繁" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 60
    # A made-up X-Forwarded-For is no new address; another visitor is not held up.
    assert client.get(url, REMOTE_ADDR="10.7.7.7", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.7.7.8").status_code == 200
