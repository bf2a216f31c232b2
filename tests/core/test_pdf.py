"""PDF rendering, checked with the real poppler tools and a real QR decoder (zbarimg)."""

import datetime
import email.message
import email.utils
import re
import struct
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from core.models import User
from core.pdf import (
    ResourceRefusedError,
    StaticFilesURLFetcher,
    html_to_pdf,
    pdf_response,
    qr_svg_data_uri,
    render_pdf,
    render_pdf_pages,
    render_table_pdf,
)

CJK_FONT = re.compile(r"WenQuanYi|Noto-?Sans-?CJK", re.IGNORECASE)


def run_bytes(*args: str) -> bytes:
    """Stdout of a command-line tool (poppler-utils, zbar-tools); the arguments are the tests' own."""
    return subprocess.run(args, check=True, capture_output=True).stdout  # noqa: S603


def run(*args: str) -> str:
    return run_bytes(*args).decode("utf-8")


def write(tmp_path: Path, pdf: bytes, name: str = "out.pdf") -> Path:
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def embedded_fonts(path: Path) -> list[str]:
    """Names of the fonts pdffonts reports as embedded ("emb" column yes)."""
    lines = run("pdffonts", str(path)).splitlines()[2:]  # after the header and its dashes
    # The type column holds spaces ("CID TrueType"), so read emb/sub/uni/object/generation from the right.
    return [line.split()[0] for line in lines if line.split()[-5] == "yes"]


def pdf_info(path: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(path)).splitlines() if ":" in line)


def text_of(path: Path, page: int | None = None) -> str:
    """pdftotext's text without whitespace: it drops the spaces between CJK characters anyway."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return re.sub(r"\s+", "", run("pdftotext", *pages, str(path), "-"))


def page_count(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def table_context(**extra):
    return {
        "title": "党员名册",
        "subtitle": "打印时间：2025-10-09 09:30　打印人：王建国",
        "headers": ["姓名", "所属党组织", "入党时间"],
        "rows": [["张䶮", "中共城关镇某某科技有限公司支部委员会", "2019-07-01"], ["李红", "城关镇联合党支部", None]],
        **extra,
    }


def test_a_chinese_table_embeds_a_cjk_font_and_keeps_its_text(tmp_path):
    path = write(tmp_path, render_pdf("pdf/table.html", table_context()))

    fonts = embedded_fonts(path)
    assert any(CJK_FONT.search(font) for font in fonts), fonts
    text = text_of(path)
    for expected in ["党员名册", "打印人：王建国", "姓名", "张䶮", "中共城关镇某某科技有限公司支部委员会", "共2条"]:
        assert expected in text


def test_rare_extension_a_and_b_characters_are_drawn_with_noto_sans_cjk(tmp_path):
    # WenQuanYi Micro Hei has neither 䶮 (U+4DAE, Extension A) nor 𠮷 (U+20BB7, Extension B): a glyph for them
    # exists only if the font stack falls back to Noto Sans CJK, which must then be embedded.
    html = f'<p style="font-family: {settings.PDF_FONT_STACK}">䶮𠮷</p>'
    path = write(tmp_path, html_to_pdf(html))

    fonts = embedded_fonts(path)
    assert any("Noto-Sans-CJK" in font for font in fonts), fonts
    assert not any("WenQuanYi" in font for font in fonts), fonts
    assert "䶮𠮷" in text_of(path)


def test_the_footer_numbers_every_page_as_page_n_of_m(tmp_path):
    rows = [[f"党员{i}", "城关镇联合党支部", "2020-01-01"] for i in range(80)]
    path = write(tmp_path, render_pdf("pdf/table.html", table_context(rows=rows)))

    pages = page_count(path)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"第{number}页/共{pages}页" in text_of(path, number)


def test_a_landscape_table_is_printed_on_landscape_a4(tmp_path):
    portrait = write(tmp_path, render_pdf("pdf/table.html", table_context()), "portrait.pdf")
    landscape = write(tmp_path, render_pdf("pdf/table.html", table_context(landscape=True)), "landscape.pdf")

    assert pdf_info(portrait)["Page size"].split()[:3] == ["595.276", "x", "841.89"]
    assert pdf_info(landscape)["Page size"].split()[:3] == ["841.89", "x", "595.276"]


@time_machine.travel(datetime.datetime(2025, 10, 9, 9, 30, tzinfo=datetime.UTC), tick=False)
def test_a_printed_list_names_the_print_time_and_the_person_who_printed_it(tmp_path):
    request = RequestFactory().get("/members/")
    request.user = User(username="wangjg", name="王建国")

    pdf = render_table_pdf(title="党员名册", headers=["姓名"], rows=[["张䶮"]], request=request)

    text = text_of(write(tmp_path, pdf))
    assert "打印时间：2025-10-0917:30" in text  # Asia/Shanghai
    assert "打印人：王建国" in text
    assert "序号" in text


def test_a_batch_of_certificates_is_one_document_with_one_page_each(tmp_path, settings):
    (tmp_path / "certificate.html").write_text(
        '{% extends "pdf/base.html" %}{% block page %}<h1>{{ heading }}</h1><p>授予 {{ page.name }} 同志</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    names = [f"党员{i:03d}" for i in range(1, 26)]

    pdf = render_pdf_pages("certificate.html", ({"name": name} for name in names), common={"heading": "荣誉证书"})

    path = write(tmp_path, pdf)
    assert page_count(path) == len(names)
    for number in (1, 13, 25):
        page_text = text_of(path, number)
        assert f"授予{names[number - 1]}同志" in page_text
        assert "荣誉证书" in page_text


def test_an_empty_batch_is_refused():
    with pytest.raises(ValueError, match="at least one page"):
        render_pdf_pages("pdf/base.html", [])


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://cdn.jsdelivr.net/npm/bootstrap/dist/css/bootstrap.min.css",
        "http://127.0.0.1:8000.evil.example/static/admin/img/icon-yes.svg",
        "http://127.0.0.1:8001/static/admin/img/icon-yes.svg",
        "http://127.0.0.1:8000/media/uploads/id-card.png",
        "http://127.0.0.1:8000/static/../../../etc/passwd",
        "file:///etc/passwd",
        "ftp://127.0.0.1/static/admin/img/icon-yes.svg",
    ],
)
def test_the_fetcher_refuses_anything_but_the_sites_own_static_files(url, network_attempts):
    fetcher = StaticFilesURLFetcher(site_urls=["http://127.0.0.1:8000/"])

    with pytest.raises(ResourceRefusedError):
        fetcher.fetch(url)
    assert network_attempts == []


def test_a_pdf_with_an_external_image_still_renders_and_never_touches_the_network(tmp_path, network_attempts):
    html = '<link rel="stylesheet" href="https://example.com/x.css"><p>正文</p><img src="http://example.com/t.png">'

    path = write(tmp_path, html_to_pdf(html))

    assert network_attempts == []
    assert "正文" in text_of(path)


def test_the_fetcher_serves_static_files_from_the_finders_without_collectstatic(network_attempts):
    fetcher = StaticFilesURLFetcher(site_urls=["http://127.0.0.1:8000/"])

    response = fetcher.fetch("http://127.0.0.1:8000/static/admin/img/icon-yes.svg")

    assert response.read() == Path(finders.find("admin/img/icon-yes.svg")).read_bytes()
    assert response.content_type == "image/svg+xml"
    assert network_attempts == []


def test_a_relative_static_image_is_embedded_from_disk_for_the_requests_host(tmp_path, network_attempts):
    request = RequestFactory().get("/members/", HTTP_HOST="127.0.0.1")
    html = '<p>附图</p><img src="/static/rest_framework/img/grid.png" style="width: 20mm">'

    path = write(tmp_path, html_to_pdf(html, request=request))

    png = Path(finders.find("rest_framework/img/grid.png")).read_bytes()
    width, height = struct.unpack(">II", png[16:24])  # from the PNG's IHDR chunk
    listed = [line.split() for line in run("pdfimages", "-list", str(path)).splitlines()[2:]]
    assert [(row[3], row[4]) for row in listed if row[2] == "image"] == [(str(width), str(height))]
    assert network_attempts == []


def test_the_qr_data_uri_is_an_svg_that_a_real_scanner_reads_back(tmp_path):
    text = "https://dj.example.cn/certificates/verify/8f3a2c?name=张䶮"
    uri = qr_svg_data_uri(text)

    assert uri.startswith("data:image/svg+xml")
    with urllib.request.urlopen(uri) as decoded:  # noqa: S310 -- a data: URI, decoded in memory
        assert decoded.read().startswith(b"<svg")
    # Print it the way a certificate would and scan the printed page.
    path = write(tmp_path, html_to_pdf(f'<img src="{uri}" style="width: 40mm">'))
    run("pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(tmp_path / "page"))
    # -Sbinary: the raw bytes, as zbar would otherwise guess a charset (Latin-1 here) for mixed text.
    scanned = run_bytes("zbarimg", "--raw", "-q", "-Sbinary", str(tmp_path / "page.png"))
    assert scanned.decode("utf-8") == text


def test_a_short_qr_text_still_gives_a_full_qr_code_not_a_micro_qr(tmp_path):
    # segno.make would pick a Micro QR for "12345", which most phone scanners cannot read.
    path = write(tmp_path, html_to_pdf(f'<img src="{qr_svg_data_uri("12345")}" style="width: 30mm">'))
    run("pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(tmp_path / "page"))

    assert run("zbarimg", "-q", str(tmp_path / "page.png")).strip() == "QR-Code:12345"


def test_a_pdf_response_carries_the_chinese_filename_with_an_ascii_fallback():
    filename = "党员名册（2025年）.pdf"

    response = pdf_response(b"%PDF-1.7", filename, inline=False)

    header = response["Content-Disposition"]
    assert header == f"attachment; filename=\"2025.pdf\"; filename*=UTF-8''{quote(filename, safe='')}"
    parsed = email.message.Message()
    parsed["Content-Disposition"] = header
    params = parsed.get_params(header="Content-Disposition")
    assert [email.utils.collapse_rfc2231_value(value) for key, value in params if key == "filename"] == [
        "2025.pdf",
        filename,
    ]
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7"


def test_a_pdf_response_is_inline_by_default_and_always_ends_in_pdf():
    response = pdf_response(b"%PDF-1.7", "荣誉证书")

    assert response["Content-Disposition"] == (
        "inline; filename=\"document.pdf\"; filename*=UTF-8''%E8%8D%A3%E8%AA%89%E8%AF%81%E4%B9%A6.pdf"
    )
