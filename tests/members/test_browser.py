"""In a real browser: a person's page on a phone and on a desktop, with the whole development history and what is
due next. Screenshots go to test-artifacts/screenshots/."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import Stage
from members.models import Person, TalentRecord
from members.validators import id_check_char
from tests.browser.conftest import SCREENSHOTS, sign_in, tab
from tests.factories import make_entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _today():
    """Before the probation ends; the records are made on the same day, so the audit trail agrees."""
    with time_machine.travel("2025-06-15 10:00 +0800", tick=True):
        yield


@pytest.fixture
def probationary(world):
    first17 = "37083019920318152"
    person = Person.objects.create(
        name="孙红梅",
        gender="F",
        birth_date=date(1992, 3, 18),
        id_number=first17 + id_check_char(first17),
        phone="13905371234",
        education="bachelor",
        entity=make_entity(world.area_a, "甲纺织有限公司", org=world.org_a),
        post="technical",
        is_technical_talent=True,
        party_organization=world.org_a_child,
        stage=Stage.PROBATIONARY,
        applied_on=date(2022, 3, 1),
        activist_on=date(2022, 6, 1),
        candidate_on=date(2023, 7, 1),
        admitted_on=date(2024, 7, 1),
        probation_ends_on=date(2025, 7, 1),
    )
    TalentRecord.objects.create(
        person=person, kind="contest", title="全县纺织技能大赛一等奖", awarded_on=date(2024, 10, 20)
    )
    return person


def test_a_persons_page_on_a_phone_and_a_desktop(browser, live_server, secretary, area_reviewer, probationary):
    url = f"{live_server.url}{reverse('members:person_detail', args=[probationary.pk])}"

    phone = tab(browser, 390, 844)
    sign_in(phone, live_server, secretary)
    phone.goto(url)
    expect(phone.get_by_role("status")).to_contain_text("预备期 2025-07-01 期满，期满后讨论转正。")
    history = phone.locator("ol.timeline li")
    expect(history).to_have_count(6)
    expect(history.nth(3)).to_contain_text("接收为预备党员")
    expect(history.nth(3)).to_contain_text("2024-07-01")
    expect(phone.get_by_text("全县纺织技能大赛一等奖")).to_be_visible()
    expect(phone.get_by_text(probationary.id_number)).to_be_visible()  # the own secretary sees it in full
    # The page fits the phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "members_person_phone.png"), full_page=True)

    desk = tab(browser, 1366)
    sign_in(desk, live_server, area_reviewer)
    desk.goto(url)
    expect(desk.locator("ol.timeline li")).to_have_count(6)
    page_text = desk.inner_text("body")
    assert probationary.id_number not in page_text and "13905371234" not in page_text  # masked for a reviewer
    assert "139****1234" in page_text
    desk.screenshot(path=str(SCREENSHOTS / "members_person_desktop.png"), full_page=True)
