"""``check --deploy`` refuses a SITE_URL that would print useless QR codes on certificates."""

import pytest

from core.checks import site_url_is_public


@pytest.mark.parametrize(
    ("site_url", "ids"),
    [
        ("http://127.0.0.1:8000", ["core.E001"]),
        ("http://localhost:8000", ["core.E001"]),
        ("https://[::1]/", ["core.E001"]),
        ("http://portal.example.gov.cn", ["core.E002"]),
        ("https://portal.example.gov.cn", []),
    ],
)
def test_site_url_must_be_the_public_https_address(settings, site_url, ids):
    settings.SITE_URL = site_url
    assert [error.id for error in site_url_is_public(None)] == ids


def test_the_check_runs_with_check_deploy():
    from django.core.checks import registry

    assert site_url_is_public in registry.registry.get_checks(include_deployment_checks=True)
    assert site_url_is_public not in registry.registry.get_checks(include_deployment_checks=False)
