"""Every page carries a Content-Security-Policy: scripts only from the portal or with the page's nonce, no
framing, no plugins; the scripts the pages load carry that nonce, a new one on every response."""

import re

import pytest
from django.urls import reverse

NONCE = re.compile(r"'nonce-([^']+)'")


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    ("name", "signed_in"),
    [("core:home", True), ("login", False), ("scoring:notice_board", False), ("members:certificate_lookup", False)],
)
def test_pages_carry_the_policy(name, signed_in, county_admin, client, as_user):
    response = (as_user(county_admin) if signed_in else client).get(reverse(name))
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'self'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]


def test_the_scripts_of_a_staff_page_carry_the_nonce_of_its_policy(world, county_admin, as_user):
    client = as_user(county_admin)
    first, second = client.get(reverse("core:home")), client.get(reverse("core:home"))
    nonce = NONCE.search(first["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script\b[^>]*>", first.content.decode())
    assert len(scripts) >= 3  # htmx, bootstrap, the portal's own
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert NONCE.search(second["Content-Security-Policy"]).group(1) != nonce


def test_no_template_has_an_inline_script_without_the_nonce_or_an_inline_handler():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offending = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "nonce=" not in tag:
                offending.append(f"{template.relative_to(root)}: {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text) or "javascript:" in text:
            offending.append(f"{template.relative_to(root)}: inline handler")
    assert not offending


def test_the_api_reference_loads_its_script_from_the_portal(county_admin, as_user):
    page = as_user(county_admin).get(reverse("api:docs")).content.decode()
    assert not re.search(r"<script>\s*\S", page)  # no inline script the policy would block
