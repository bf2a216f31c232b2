"""Real headless Chromium (Debian's, playwright cannot download one here) against Django's live server."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Secret#2026"  # every persona's password (tests/factories.py)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    """Every test in this folder drives a real browser, so each one carries the ``browser`` marker."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def tab(browser: Browser, width: int, height: int = 900) -> Page:
    """A tab of its own (own cookies) at a window size, for a test with several users at once."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    return _new_page(context)


def _new_page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop browser tab with its own cookies."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    yield _new_page(context)
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized touch browser tab with its own cookies."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    yield _new_page(context)
    context.close()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, not the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")`` saves a full-page PNG under test-artifacts/screenshots/ for a person to look at."""

    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page: Page, live_server, user, password: str = PASSWORD) -> Page:
    """Sign in through the real login form and wait for the home page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名", exact=True).fill(user.username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/")
    return page


@pytest.fixture
def logged_in():
    """``logged_in(page, live_server, user)`` signs the user in through the login form."""
    return sign_in
