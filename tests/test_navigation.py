"""Every persona, led only where it may go: a crawl from the home page of the permission matrix's world.

Each persona starts at its first page and follows every link and every GET form found on the portal's pages
(deduplicated by path, bounded); no page reached may answer 403 or 500.
"""

import contextlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import reverse

from tests.permissions import PERSONAS
from tests.test_permission_matrix import MATRIX

# Never followed: leaving the portal's pages, or pages that are not pages (the API's JSON, Django's admin).
SKIPPED_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/accounts/logout/")
# A crawl of the small world reaches a few hundred pages; more means a link loops on itself.
LIMIT = 600
# Rows whose builders render a whole work report or archive (most of a minute each): their job pages are
# tried by the matrix and link nowhere a persona would not otherwise reach.
UNFURNISHED = ("core:report_job", "core:archive_job")


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


@pytest.fixture
def furnished_world(matrix_world, county_admin, area_reviewer, secretary, other_secretary, chain_staff, dept_handler):
    """The matrix world with the records its rows point at (a scorecard, a ticket, a meeting...), made by the
    rows' own builders, so the crawl reaches detail pages and their buttons too."""
    for name, (args_builder, _expected, _kind) in MATRIX.items():
        if args_builder is None or name.startswith(UNFURNISHED):
            continue
        # A builder whose record another builder already made fails; what it needs is there.
        with contextlib.suppress(Exception), transaction.atomic():
            args_builder(matrix_world)
    return matrix_world


def test_no_link_or_button_leads_any_persona_to_a_refusal_or_an_error(request, furnished_world, as_user):
    # All personas in one test: furnishing the world costs more than crawling it.
    bad, sizes = {}, {}
    for persona in PERSONAS:
        reached = crawl(as_user(request.getfixturevalue(persona)), reverse("core:home"))
        sizes[persona] = len(reached)
        bad[persona] = {path: found for path, found in reached.items() if found[0] in {403, 500}}
    assert all(size < LIMIT for size in sizes.values()), f"a crawl did not finish (a link loops): {sizes}"
    assert not any(bad.values()), f"pages answering 403/500 (status, found on): { {p: b for p, b in bad.items() if b} }"
    # Each crawl saw the modules the persona works in, not just the home page.
    assert min(sizes.values()) > 10, sizes
    print("pages reached per persona:", sizes)


def test_a_visitor_without_an_account_meets_no_refusal_on_the_public_board(client, matrix_world):
    reached = crawl(client, reverse("notices"))
    bad = {path: found for path, found in reached.items() if found[0] in {403, 500}}
    assert not bad, f"pages answering 403/500 (status, found on): {bad}"


def _menu(html: str) -> str:
    return html.split('id="mainNav"', 1)[1].split("</nav>", 1)[0]


def test_each_role_sees_only_the_sections_it_works_in_and_the_api_docs_only_if_it_uses_the_api(
    matrix_world, county_admin, secretary, chain_staff, dept_handler, as_user
):
    from rest_framework.authtoken.models import Token

    sections = ["组织覆盖", "党员队伍", "积分评星", "组织生活", "产业链党建"]
    seen = {}
    for user in (county_admin, secretary, chain_staff, dept_handler):
        menu = _menu(as_user(user).get(reverse("core:home")).content.decode())
        seen[user.username] = [s for s in sections if f">{s}</a>" in menu] + ["接口文档"] * ("接口文档" in menu)
    assert seen == {
        "alice": [*sections, "接口文档"],
        "charlie": sections,
        "erin": ["产业链党建"],
        "frank": ["产业链党建"],
    }
    Token.objects.create(user=secretary)
    assert "接口文档" in _menu(as_user(secretary).get(reverse("core:home")).content.decode())


def test_an_empty_list_says_whether_nothing_exists_yet_or_nothing_matches_the_filters(
    matrix_world, area_reviewer, as_user
):
    client = as_user(area_reviewer)
    empty = client.get(reverse("organizations:entity_list")).content.decode()
    assert "暂无数据" in empty and "没有符合筛选条件的记录" not in empty
    filtered = client.get(reverse("organizations:entity_list") + "?q=没有这家").content.decode()
    assert "没有符合筛选条件的记录" in filtered and "暂无数据" not in filtered
