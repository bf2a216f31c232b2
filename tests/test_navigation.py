"""Every persona, led only where it may go: a crawl from the home page of the permission matrix's world.

Each persona starts at its first page and follows every link and every GET form found on the portal's pages
(deduplicated by path, bounded); no page reached may answer 403 or 500.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.permissions import PERSONAS

# Never followed: leaving the portal's pages, or pages that are not pages (the API's JSON, Django's admin).
SKIPPED_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/accounts/logout/")
# A crawl of the small world reaches a few hundred pages; more means a link loops on itself.
LIMIT = 600


class _Links(HTMLParser):
    """The targets a visitor can reach by a click: a[href], and the action of each GET form."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.targets.append(attrs.get("action") or "")


def _targets(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.targets:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc and parts.netloc != "testserver":
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        # Exports and printouts are files, not pages (tried by the list pages' own tests).
        query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(("format=", "page=")))
        found.append(f"{parts.path}?{query}" if query else parts.path)
    return found


def crawl(client, start: str) -> dict[str, tuple[int, str]]:
    """Path -> (status, the page it was found on), for every page reachable from ``start``."""
    seen: dict[str, tuple[int, str]] = {}
    queue = [(start, "")]
    while queue and len(seen) < LIMIT:
        url, source = queue.pop(0)
        path = urlsplit(url).path
        if path in seen:
            continue
        response = client.get(url)
        seen[path] = (response.status_code, source)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            html = response.content.decode()
            queue.extend((target, path) for target in _targets(url, html))
    return seen


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_link_or_button_leads_a_persona_to_a_refusal_or_an_error(persona, request, matrix_world, as_user):
    client = as_user(request.getfixturevalue(persona))
    reached = crawl(client, reverse("core:home"))
    assert len(reached) < LIMIT, "the crawl did not finish: a link generates new paths without end"
    bad = {path: found for path, found in reached.items() if found[0] in {403, 500}}
    assert not bad, f"{persona}: pages answering 403/500 (status, found on): {bad}"
    # The crawl saw the modules the persona works in, not just the home page.
    assert len(reached) > 10


def test_a_visitor_without_an_account_meets_no_refusal_on_the_public_board(client, matrix_world):
    reached = crawl(client, reverse("notices"))
    bad = {path: found for path, found in reached.items() if found[0] in {403, 500}}
    assert not bad, f"pages answering 403/500 (status, found on): {bad}"
