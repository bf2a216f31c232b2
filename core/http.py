"""Download responses whose Chinese file names survive every browser."""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ascii_filename(filename: str) -> str:
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""

    def clean(part: str) -> str:
        part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^A-Za-z0-9._-]+", "_", part).strip("._-")

    stem, suffix = clean(stem) or "document", clean(suffix)
    return f"{stem}.{suffix}" if suffix else stem


def content_disposition(filename: str, *, inline: bool = True) -> str:
    """Content-Disposition with an ASCII fallback and the real (Chinese) name as RFC 5987 filename*."""
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{_ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A download (or inline view) whose name is given both as an ASCII fallback and RFC 5987 UTF-8."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
