"""Reading a printed manual back with poppler's tools, for the manual's tests."""

import re
import subprocess
from pathlib import Path

CJK_FONT = re.compile(r"WenQuanYi|CJK", re.IGNORECASE)


def pdf_tool(*args: str) -> str:
    """The output of a poppler tool (pdffonts, pdftotext, pdfimages) run on a file the test wrote."""
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout  # noqa: S603


def assert_prints_chinese(pdf: Path) -> str:
    """The PDF embeds a CJK font (text with empty boxes would still read right in pdftotext); returns its text."""
    fonts = pdf_tool("pdffonts", str(pdf))
    assert CJK_FONT.search(fonts), fonts
    return pdf_tool("pdftotext", "-layout", str(pdf), "-")


def pictures_in(pdf: Path) -> int:
    """How many pictures the PDF prints (pdfimages lists soft masks as well: those are not counted)."""
    listing = pdf_tool("pdfimages", "-list", str(pdf))
    return [line.split()[2] for line in listing.splitlines()[2:]].count("image")
