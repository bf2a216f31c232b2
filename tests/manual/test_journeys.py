"""The manual cannot go stale: every role's journey is walked in chromium on a small world, step by step.

``manage.py build_manual`` walks the same definitions (manual/journeys.py) in the demo county and photographs them;
if a page, a heading or a photographed element named by a step is gone, these tests fail before the build does.
"""

from dataclasses import replace

import pytest

from core.choices import Role
from manual.documents import manual_render
from manual.journeys import JOURNEYS, SECRETARY, Journey, Step
from manual.walk import StepFailed, journey_page, journey_walk
from tests.manual.pdf_checks import assert_prints_chinese, pictures_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2026"  # every persona's password (tests/factories.py)
PERSONA = {
    Role.COUNTY_ADMIN: "county_admin",
    Role.AREA_REVIEWER: "area_reviewer",
    Role.ORG_SECRETARY: "secretary",
    Role.CHAIN_STAFF: "chain_staff",
    Role.DEPT_HANDLER: "dept_handler",
}


@pytest.mark.parametrize("role", [role for role in JOURNEYS if role != Role.ORG_SECRETARY])
def test_each_step_of_the_role_manual_still_finds_its_page_and_element(
    role, request, browser, live_server, matrix_world
):
    user = request.getfixturevalue(PERSONA[role])
    journey = JOURNEYS[role]
    with journey_page(browser, journey) as page:
        walked = journey_walk(
            page, base_url=live_server.url, journey=journey, username=user.username, password=PASSWORD, photograph=False
        )
    assert [step.step for step in walked] == list(journey.steps)


def test_the_secretary_manual_is_walked_on_a_phone_and_printed_with_its_pictures(
    browser, live_server, matrix_world, secretary, tmp_path
):
    with journey_page(browser, SECRETARY) as page:
        walked = journey_walk(
            page, base_url=live_server.url, journey=SECRETARY, username=secretary.username, password=PASSWORD
        )
        assert page.viewport_size["width"] == 390
    images = [step.image for step in walked]
    assert all(image and image.startswith(b"\x89PNG") for image in images)

    pdf = tmp_path / "manual.pdf"
    pdf.write_bytes(manual_render(journey=SECRETARY, images=images))
    text = assert_prints_chinese(pdf)
    assert SECRETARY.title in text
    for step in SECRETARY.steps:
        assert step.title in text, f"step “{step.title}” missing from the printed manual"
    # Each step's picture is printed: one image per step, beside its text.
    assert pictures_in(pdf) == len(SECRETARY.steps)


def test_a_step_whose_page_has_changed_fails_and_names_the_step(browser, live_server, world, secretary):
    moved = Step(title="已改版的页面", text="", url="core:home", heading="这个标题已不存在")
    journey = Journey(
        role=Role.ORG_SECRETARY,
        title="测试手册",
        readers="",
        username="",
        phone=False,
        steps=(SECRETARY.steps[0], moved),
    )
    with journey_page(browser, journey) as page, pytest.raises(StepFailed, match="第 2 步“已改版的页面”"):
        journey_walk(
            page,
            base_url=live_server.url,
            journey=journey,
            username=secretary.username,
            password=PASSWORD,
            photograph=False,
        )


def test_a_step_whose_photographed_element_is_gone_fails(browser, live_server, world, secretary):
    gone = replace(SECRETARY.steps[1], title="找不到的元素", target="#no-such-element")
    journey = replace(SECRETARY, steps=(SECRETARY.steps[0], gone))
    with journey_page(browser, journey) as page, pytest.raises(StepFailed, match="找不到的元素"):
        journey_walk(
            page,
            base_url=live_server.url,
            journey=journey,
            username=secretary.username,
            password=PASSWORD,
            photograph=False,
        )
