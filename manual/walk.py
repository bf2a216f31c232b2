"""Walk a role's journey in a real browser (playwright), checking each step and photographing it.

Used by ``manage.py build_manual`` and by the browser tests; playwright is a development dependency, so nothing
served by the portal imports this module.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.urls import reverse
from playwright.sync_api import Browser, Error, Page, expect, sync_playwright

from manual.journeys import Journey, Step

DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
CHROMIUM = "/usr/bin/chromium"
# Debian's chromium (playwright cannot download its own here), without the calls home and the sandbox a
# container does not allow (the browser tests start it the same way).
CHROMIUM_BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
CHROMIUM_ARGS = [*CHROMIUM_BASE_ARGS, "--lang=zh-CN"]  # date inputs in Chinese order, as a clerk's browser shows them
# The outline drawn round the element a step's text names; removed again after the picture.
MARK_STYLE = "outline: 3px solid #d0021b; outline-offset: 2px;"


class StepFailed(AssertionError):
    """A journey's step no longer matches the portal: its page, heading or element is gone."""


@dataclass(frozen=True)
class WalkedStep:
    """A step as walked: its definition and, when photographed, the PNG."""

    step: Step
    image: bytes | None


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless chromium, closed on the way out."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def journey_page(browser: Browser, journey: Journey) -> Iterator[Page]:
    """A fresh tab (own cookies) sized for the journey's device: a 390 px phone or a desktop window."""
    if journey.phone:
        options = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    else:
        options = {"viewport": DESKTOP, "device_scale_factor": 1}
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        yield page
    finally:
        context.close()


def journey_walk(
    page: Page, *, base_url: str, journey: Journey, username: str, password: str, photograph: bool = True
) -> list[WalkedStep]:
    """Walk every step of the journey signed in as ``username``; raise StepFailed at the first step that fails."""
    walked = []
    for number, step in enumerate(journey.steps, start=1):
        try:
            image = _step_walk(
                page, base_url=base_url, step=step, username=username, password=password, photograph=photograph
            )
        except (AssertionError, Error) as error:
            raise StepFailed(f"{journey.title} 第 {number} 步“{step.title}”：{error}") from error
        walked.append(WalkedStep(step=step, image=image))
    return walked


def _step_walk(
    page: Page, *, base_url: str, step: Step, username: str, password: str, photograph: bool
) -> bytes | None:
    if step.url:
        response = page.goto(base_url + reverse(step.url))
        if response is None or not response.ok:
            raise StepFailed(f"{step.url} 答复 {response.status if response else '无'}")
    for selector in step.click:
        element = page.locator(selector).first
        # A toggle (the phone's menu button, a drop-down) has done its work once it says so and what it opens has
        # finished opening; a click landing mid-animation is tried once more. Other clicks may leave the page.
        toggle = element.get_attribute("aria-expanded") is not None
        element.click()
        if toggle:
            if element.get_attribute("aria-expanded") != "true":
                element.click()
            expect(element).to_have_attribute("aria-expanded", "true")
            opened = element.get_attribute("data-bs-target")
            if opened:
                expect(page.locator(opened)).to_have_class(re.compile(r"\bshow\b"))
    if step.click:
        # A click may have opened another page: it must not be an error page (403, 404) either.
        page.wait_for_load_state()
        status = page.evaluate("performance.getEntriesByType('navigation')[0]?.responseStatus")
        if status and status >= 400:
            raise StepFailed(f"{page.url} 答复 {status}")
    for label, value in step.fill:
        page.get_by_label(label, exact=True).fill(value.format(username=username, password=password))
    if step.heading:
        expect(page.locator("h1").first).to_contain_text(step.heading)
    target = page.locator(step.target).first
    expect(target).to_be_visible()
    if step.scroll:
        target.evaluate("el => el.scrollIntoView({block: 'start'})")
    image = None
    if photograph:
        mark = page.locator(step.mark).first if step.mark else None
        if mark is not None:
            expect(mark).to_be_visible()
            mark.evaluate(
                "(el, style) => { el.dataset.manualStyle = el.style.cssText; el.style.cssText += style; }", MARK_STYLE
            )
        # Let transitions (menus opening, charts drawing) settle before the picture.
        page.wait_for_timeout(400)
        image = target.screenshot() if step.crop else page.screenshot()
        if mark is not None:
            mark.evaluate("el => { el.style.cssText = el.dataset.manualStyle; }")
    elif step.mark:
        expect(page.locator(step.mark).first).to_be_visible()
    if step.then:
        url = page.url
        page.locator(step.then).first.click()
        page.wait_for_url(lambda new: new != url)
        page.wait_for_load_state()
    return image
