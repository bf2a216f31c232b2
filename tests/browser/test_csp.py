"""Under the Content-Security-Policy the pages' scripts still run in a real browser: htmx, Bootstrap's
menu, the portal's confirmations and its auto-submitting selects, with no violation reported."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organizations.choices import CampaignHalf, CampaignStatus
from organizations.models import SurveyCampaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pages_scripts_run_under_the_policy_without_violations(page, live_server, logged_in, county_admin, world):
    campaign = SurveyCampaign.objects.create(
        year=2025, half=CampaignHalf.values[0], status=CampaignStatus.CLOSED, closed_at=timezone.now()
    )
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    logged_in(page, live_server, county_admin)
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
    page.goto(f"{live_server.url}{reverse('organizations:coverage')}")
    page.select_option("#campaign-select", str(campaign.pk))
    expect(page).to_have_url(f"{live_server.url}{reverse('organizations:coverage')}?campaign={campaign.pk}")
    page.goto(f"{live_server.url}{reverse('scoring:notice_board')}")
    assert violations == []
