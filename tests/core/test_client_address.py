"""The client's address behind the proxies AXES_PROXY_COUNT says are in front: the login lockout and the public
pages' rate limits count per address, so behind nginx each visitor must be told apart, and no visitor may choose
their own address with a made-up X-Forwarded-For."""

import runpy
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings" / "base.py"
NGINX = "10.0.0.2"  # the connection comes from the proxy; nginx sets X-Forwarded-For $proxy_add_x_forwarded_for


@pytest.fixture
def proxies(monkeypatch, settings):
    """Apply the address settings base.py derives from AXES_PROXY_COUNT=count."""

    def apply(count: int) -> None:
        monkeypatch.setenv("AXES_PROXY_COUNT", str(count))
        derived = runpy.run_path(str(BASE_SETTINGS))
        settings.AXES_IPWARE_PROXY_COUNT = derived["AXES_IPWARE_PROXY_COUNT"]
        settings.AXES_IPWARE_META_PRECEDENCE_ORDER = derived["AXES_IPWARE_META_PRECEDENCE_ORDER"]

    return apply


def address(**meta) -> str | None:
    return get_client_ip_address(RequestFactory().get("/", **meta))


def test_behind_one_nginx_each_visitor_has_their_own_address(proxies):
    proxies(1)
    assert address(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.7") == "198.51.100.7"
    assert address(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.8") == "198.51.100.8"
    # A visitor who sends their own header is not whoever they name (nginx appends the real address).
    assert address(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7") != "6.6.6.6"


def test_behind_two_proxies_the_client_is_the_address_the_outer_one_saw(proxies):
    proxies(2)
    assert address(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1") == "198.51.100.7"


def test_without_proxies_the_header_is_ignored(proxies):
    proxies(0)
    assert address(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6") == "198.51.100.7"
