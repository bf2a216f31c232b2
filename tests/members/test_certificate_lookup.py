"""证书核验 from the notice board: the printed serial leads to the verification page, anything else finds
nothing and says so the same way, and lookups are limited per address."""

import re
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from members.choices import CertLevel, CertStatus
from members.services import certification as services
from members.views.certification import CertificateLookupThrottle
from tests.members.matrix_certification import person_a

LOOKUP = reverse("members:certificate_lookup")
NOT_FOUND = "未找到该证书"
ADDRESSES = ("127.0.0.1", "10.0.0.8")


@pytest.fixture(autouse=True)
def _fresh_limit():
    """The limit lives in the shared cache: each test starts with no lookups counted for its addresses."""
    throttle = CertificateLookupThrottle()
    keys = [throttle.cache_format % {"scope": throttle.scope, "ident": address} for address in ADDRESSES]
    cache.delete_many(keys)
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        yield
    cache.delete_many(keys)


@pytest.fixture
def certificate(world, county_admin):
    return services.certificate_grant(
        by=county_admin,
        person=person_a(world),
        level=CertLevel.JUNIOR,
        annual_score=85,
        demo_point_work="",
        results="",
        issued_on=date(2025, 6, 1),
    )


def lookup(client, code: str, **extra):
    return client.get(LOOKUP, {"code": code}, **extra)


def alert(response) -> str:
    match = re.search(r'data-testid="lookup-result">([^<]*)<', response.content.decode())
    return match.group(1) if match else ""


def test_the_printed_serial_leads_to_the_verification_page(certificate, client):
    response = lookup(client, certificate.serial)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:certificate_verify", args=[certificate.token])
    page = client.get(response["Location"]).content.decode()
    assert "该证书<strong>有效</strong>" in page and "张**" in page and "张红领" not in page


def test_a_revoked_certificate_is_found_and_shown_as_revoked(certificate, client, county_admin):
    services.certificate_revoke(by=county_admin, certificate=certificate, reason="调离")
    response = lookup(client, certificate.serial, follow=True)
    assert response.redirect_chain
    assert "已撤销" in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.serial.lower(),
        lambda c: f"  {c.serial[:6]} {c.serial[6:10]}-{c.serial[10:]} ",
        # Full-width letters and digits, as a Chinese input method may type them.
        lambda c: "".join(chr(ord(ch) + 0xFEE0) for ch in c.serial),
        # The link a QR scanner app shows, pasted whole.
        lambda c: services.verify_url(c),
    ],
    ids=["lower-case", "spaced", "full-width", "qr-link"],
)
def test_the_serial_is_found_however_it_is_typed_and_the_qr_link_too(certificate, client, typed):
    response = lookup(client, typed(certificate))
    assert response["Location"] == reverse("members:certificate_verify", args=[certificate.token])


def test_an_unknown_code_says_the_certificate_was_not_found(world, client):
    response = lookup(client, "HL2025ZZZZZZZZ")
    assert response.status_code == 404
    assert NOT_FOUND in alert(response)
    assert reverse("scoring:notice_board") in response.content.decode()


def test_nothing_but_the_whole_serial_reveals_a_certificate(certificate, client):
    serial = certificate.serial
    wrong_last = serial[:-1] + ("A" if serial[-1] != "A" else "B")
    near_misses = [
        serial[:-1],  # one character short
        serial[:6],  # the year prefix every serial of 2025 shares
        wrong_last,
        serial + "A",
        "HL2025%",
        str(certificate.pk),  # the database id is sequential, so it must not be a key
        certificate.person.name,
        certificate.person.id_number,
    ]
    expected = alert(lookup(client, "NO-SUCH-CODE"))
    assert NOT_FOUND in expected
    for code in near_misses:
        response = lookup(client, code)
        assert response.status_code == 404, code
        assert "Location" not in response, code
        assert alert(response) == expected, code
        page = response.content.decode()
        assert "张**" not in page and "初级" not in page and certificate.token not in page, code
        _forget()


def _forget() -> None:
    """Start the count again, so a long list of misses is not cut short by the limit it is not testing."""
    throttle = CertificateLookupThrottle()
    cache.delete(throttle.cache_format % {"scope": throttle.scope, "ident": "127.0.0.1"})


def test_lookups_are_limited_per_address_even_for_the_right_serial(certificate, client):
    for attempt in range(10):
        assert lookup(client, f"HL2025GUESS{attempt:03d}").status_code == 404
    response = lookup(client, certificate.serial)
    assert response.status_code == 429
    assert "核验次数过多" in alert(response) and "秒后再试" in alert(response)
    assert 0 < int(response["Retry-After"]) <= 60
    assert certificate.token not in response.content.decode()
    # A made-up X-Forwarded-For is no new address (no trusted proxy is configured) ...
    assert lookup(client, certificate.serial, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # ... while another visitor is not held up.
    assert lookup(client, certificate.serial, REMOTE_ADDR="10.0.0.8").status_code == 302
    # A minute later the first address may look up again.
    with time_machine.travel("2026-03-01 10:01:01 +0800", tick=False):
        assert lookup(client, certificate.serial).status_code == 302


def test_opening_the_form_is_not_counted(world, client):
    for _ in range(12):
        response = client.get(LOOKUP)
        assert response.status_code == 200
        assert 'name="code"' in response.content.decode()
    assert lookup(client, "HL2025ZZZZZZZZ").status_code == 404


def test_the_verification_page_leads_back_to_the_board_and_to_another_check(certificate, client):
    page = client.get(reverse("members:certificate_verify", args=[certificate.token])).content.decode()
    assert f'<a href="{reverse("scoring:notice_board")}">返回公示栏</a>' in page
    assert f'<a href="{LOOKUP}">核验其他证书</a>' in page
    assert "积分评星" not in page  # the public layout, without staff navigation


def test_a_promoted_certificate_found_by_its_old_serial_says_it_is_no_longer_valid(certificate, client, county_admin):
    services.certificate_promote(
        by=county_admin,
        certificate=certificate,
        level=CertLevel.INTERMEDIATE,
        annual_score=90,
        demo_point_work="创建党建示范点",
        results="",
        changed_on=date(2026, 2, 1),
    )
    certificate.refresh_from_db()
    assert certificate.status != CertStatus.VALID
    page = lookup(client, certificate.serial, follow=True).content.decode()
    assert "不再有效" in page
