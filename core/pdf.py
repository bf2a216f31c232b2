"""PDF rendering with WeasyPrint: fonts, the site's static files, page layout and download headers in one place.

County networks are often isolated and templates print user-entered text, so a PDF may load nothing but
the site's own static files (read straight from disk through the staticfiles finders) and data: URIs.
Every other URL, http(s) elsewhere or file:, is refused before any socket or file is opened.
"""

import base64
import io
import logging
import mimetypes
import posixpath
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.http import file_response

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Rows laid out first to measure how many rows a page holds, for a long printout's progress.
PROGRESS_SAMPLE_ROWS = 60


class ResourceRefusedError(ValueError):
    """A PDF asked for something other than the site's own static files or a data: URI."""


def _site_key(url: str) -> tuple[str, int | None] | None:
    """(host, port) of an http(s) URL, so that http://x and http://x:80 compare equal."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    return parts.hostname.lower(), port or _DEFAULT_PORTS[parts.scheme]


class StaticFilesURLFetcher(URLFetcher):
    """WeasyPrint fetcher that serves the site's static files from disk and refuses everything else."""

    def __init__(self, *, site_urls: Iterable[str]):
        # No redirects and a short timeout, although fetch() below never lets a request reach urllib's
        # network handlers: only data: URIs are handed to the parent class.
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
        static_url = settings.STATIC_URL
        self._static_path = urlsplit(static_url).path
        self._sites = {key for key in map(_site_key, [*site_urls, static_url]) if key}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        name = self._static_name(url)
        if name is None:
            logger.warning("PDF 渲染拒绝加载外部资源：%s", url[:200])
            raise ResourceRefusedError(f"PDFs load only the site's own static files, not {url[:200]}")
        content = _read_static(name)
        if content is None:
            raise FileNotFoundError(f"static file not found: {name}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=content, headers={"Content-Type": content_type})

    def _static_name(self, url: str) -> str | None:
        """The static file's name if the URL points into this site's STATIC_URL, else None."""
        if _site_key(url) not in self._sites:
            return None
        path = unquote(urlsplit(url).path)
        if not path.startswith(self._static_path):
            return None
        name = posixpath.normpath(path[len(self._static_path) :])
        if name.startswith(("/", "..")) or name == ".":
            return None
        return name


def _read_static(name: str) -> bytes | None:
    """Bytes of a static file: the finders first (no collectstatic needed), then STATIC_ROOT (hashed names)."""
    try:
        path = finders.find(name)
        if path:
            with open(path, "rb") as file:
                return file.read()
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as file:
                return file.read()
    except SuspiciousFileOperation:
        return None
    return None


def _site_urls(request: HttpRequest | None, base_url: str | None) -> list[str]:
    urls = [settings.SITE_URL]
    if request is not None:
        urls.append(request.build_absolute_uri("/"))
    if base_url:
        urls.append(base_url)
    return urls


def html_to_pdf(html: str, *, request: HttpRequest | None = None, base_url: str | None = None) -> bytes:
    """Render an HTML string to PDF bytes, resolving relative URLs against the site (request or SITE_URL)."""
    if base_url is None:
        base_url = request.build_absolute_uri("/") if request is not None else settings.SITE_URL
    fetcher = StaticFilesURLFetcher(site_urls=_site_urls(request, base_url))
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def _pdf_context(context: dict[str, Any], request: HttpRequest | None) -> dict[str, Any]:
    # The request is only put in the context: the site's context processors (navigation and the like)
    # are for pages, and would cost every PDF their queries and their imports.
    return {
        "pdf_font_stack": settings.PDF_FONT_STACK,
        "request": request,
        "user": getattr(request, "user", None),
        **context,
    }


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    base_url: str | None = None,
) -> bytes:
    """Render a Django template (usually one extending pdf/base.html) to PDF bytes."""
    html = render_to_string(template_name, _pdf_context(context, request))
    return html_to_pdf(html, request=request, base_url=base_url)


def render_pdf_pages(
    template_name: str,
    pages: Iterable[dict[str, Any]],
    *,
    common: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    base_url: str | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Render many pages (certificates, notices) as one document: ~10× faster than one document each.

    The template gets ``pages`` plus ``common``; pdf/base.html loops over ``pages`` and renders
    ``{% block page %}`` once per item inside ``<section class="page">``, with ``page`` bound to the item.

    With ``chunk_size``, the pages are laid out that many at a time and ``progress(done)`` is called after
    each chunk (for a task's progress bar); the chunks are joined into one document, written once.
    """
    pages = list(pages)
    if not pages:
        raise ValueError("render_pdf_pages needs at least one page")
    if chunk_size is None or (len(pages) <= chunk_size and progress is None):
        return render_pdf(template_name, {**(common or {}), "pages": pages}, request=request, base_url=base_url)
    if base_url is None:
        base_url = request.build_absolute_uri("/") if request is not None else settings.SITE_URL
    fetcher = StaticFilesURLFetcher(site_urls=_site_urls(request, base_url))
    documents = []
    for start in range(0, len(pages), chunk_size):
        chunk = pages[start : start + chunk_size]
        html = render_to_string(template_name, _pdf_context({**(common or {}), "pages": chunk}, request))
        documents.append(HTML(string=html, base_url=base_url, url_fetcher=fetcher).render())
        if progress is not None:
            progress(start + len(chunk))
    every_page = [page for document in documents for page in document.pages]
    return documents[0].copy(every_page).write_pdf()


def _user_display_name(user: Any) -> str:
    return getattr(user, "name", "") or user.get_full_name() or user.get_username()


def text_width(text: str) -> int:
    """How wide a text prints, in Latin characters: a CJK (or other wide) character counts two."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


def table_column_widths(
    headers: list, rows: list, *, sample: int = 300, least: int = 4, most: int = 30, row_numbers: bool = False
) -> list[float]:
    """Each column's share of the table's width (percent), from its header and the longest usual cell of the
    first ``sample`` rows (the 90th percentile, so one long remark does not squeeze every other column); with
    ``row_numbers``, a first share for the 序号 column."""
    weights = [max(3, len(str(len(rows))))] if row_numbers else []
    for index, header in enumerate(headers):
        lengths = sorted(text_width(str(row[index] if row[index] is not None else "")) for row in rows[:sample])
        usual = lengths[int(len(lengths) * 0.9)] if lengths else 0
        # A header wraps onto two lines rather than widening a narrow column of numbers.
        weights.append(min(max(least, usual, (text_width(str(header)) + 1) // 2), most))
    total = sum(weights) or 1
    return [round(100 * weight / total, 2) for weight in weights]


class _PagesLaidOut(logging.Handler):
    """Counts the pages WeasyPrint lays out, from its documented ``weasyprint.progress`` logger."""

    def __init__(self, on_page: Callable[[int], None]):
        super().__init__(logging.INFO)
        self.on_page = on_page

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "Step 5 - Creating layout - Page %d" and record.args:
            self.on_page(record.args[0])


@contextmanager
def pages_reported(on_page: Callable[[int], None]) -> Iterator[None]:
    """``on_page(n)`` is called as WeasyPrint lays out page n of a document rendered inside the block."""
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _PagesLaidOut(on_page)
    level, propagate = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False  # the counting is ours; the site's log stays quiet
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(level)
        progress_logger.propagate = propagate


def render_table_pdf(
    *,
    title: str,
    headers: Iterable[str],
    rows: Iterable[Iterable[Any]],
    request: HttpRequest | None = None,
    subtitle: str | None = None,
    landscape: bool = False,
    row_numbers: bool = True,
    footnote: str = "",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Print a list page's rows through pdf/table.html; the subtitle defaults to 打印时间 and 打印人.

    The columns have fixed widths, shared by content (``table_column_widths``): WeasyPrint's automatic table
    layout measures every cell again for every page, which made a long list quadratic (2,000 rows took three
    minutes; now about a minute on a busy two-core machine, growing with the rows).

    With ``progress``, ``progress(rows)`` tells about how many rows are laid out as the pages are: the rows a
    page holds are measured first on a sample of ``PROGRESS_SAMPLE_ROWS``.
    """
    if subtitle is None:
        subtitle = f"打印时间：{timezone.localtime():%Y-%m-%d %H:%M}"
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            subtitle += f"　打印人：{_user_display_name(user)}"
    headers = [str(header) for header in headers]
    rows = [list(row) for row in rows]
    context = {
        "title": title,
        "subtitle": subtitle,
        "headers": headers,
        "widths": table_column_widths(headers, rows, row_numbers=row_numbers),
        "rows": rows,
        "landscape": landscape,
        "row_numbers": row_numbers,
        "footnote": footnote,
    }
    if progress is None or len(rows) <= PROGRESS_SAMPLE_ROWS:
        pdf = render_pdf("pdf/table.html", context, request=request)
        if progress is not None:
            progress(len(rows))
        return pdf
    base_url = request.build_absolute_uri("/") if request is not None else settings.SITE_URL
    fetcher = StaticFilesURLFetcher(site_urls=_site_urls(request, base_url))

    def document(rows_printed: list):
        html = render_to_string("pdf/table.html", _pdf_context({**context, "rows": rows_printed}, request))
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()

    sample = document(rows[:PROGRESS_SAMPLE_ROWS])
    per_page = PROGRESS_SAMPLE_ROWS / max(1, len(sample.pages) - 0.5)  # the sample's last page is about half full
    progress(0)
    with pages_reported(lambda page: progress(min(len(rows) - 1, round(page * per_page)))):
        whole = document(rows)
    progress(len(rows))
    return whole.write_pdf()


def pdf_response(pdf_bytes: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """HttpResponse for a PDF, shown in the browser (inline) or downloaded; ".pdf" is appended if missing."""
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    return file_response(pdf_bytes, filename, "application/pdf", inline=inline)


def qr_png_data_uri(text: str, *, scale: int = 8, border: int = 4, error: str = "m", mask: int | None = None) -> str:
    """A QR code as a data: URI of a PNG: for documents with hundreds of codes, where SVG's many small
    rectangles make the PDF slow to write. Print it with CSS ``image-rendering: pixelated``.

    ``mask`` fixes the mask pattern instead of trying all eight (each is valid for scanners; trying them
    only picks the one with the fewest awkward patterns), which makes a code ~4× faster to build.
    """
    buffer = io.BytesIO()
    segno.make_qr(text, error=error, mask=mask).save(buffer, kind="png", scale=scale, border=border)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_svg_data_uri(text: str, *, scale: int = 4, border: int = 4, error: str = "m") -> str:
    """A QR code as a data: URI of an SVG, for <img src> in pages and PDFs; size it with CSS."""
    # make_qr, not make: segno.make picks a Micro QR for short text, which most phone scanners cannot read.
    return segno.make_qr(text, error=error).svg_data_uri(scale=scale, border=border)
