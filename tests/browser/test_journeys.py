"""Journeys through the real pages in headless Chromium: signing in, scope, phone layout, spreadsheet import."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from core.choices import ImportStatus
from core.models import ImportJob
from organizations.choices import EstablishmentMethod, PartyOrgKind
from organizations.models import PartyOrganization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["组织覆盖", "党员队伍", "积分评星", "产业链党建"]
IMPORT_HEADERS = ["名称", "组织类型", "组建方式", "所属街镇/园区", "上级党组织", "成立日期"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_file(name: str, rows: list[tuple]) -> dict:
    """An upload for ``set_input_files``: a real workbook with the template's Chinese headers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(IMPORT_HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return {"name": name, "mimeType": XLSX_MIME, "buffer": buffer.getvalue()}


def test_a_wrong_password_shows_the_chinese_error_and_stays_on_the_login_page(page, live_server, secretary):
    login_url = f"{live_server.url}/accounts/login/"
    page.goto(login_url)
    page.get_by_label("用户名", exact=True).fill(secretary.username)
    page.get_by_label("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
    expect(page).to_have_url(login_url)
    expect(page.get_by_label("密码", exact=True)).to_be_visible()
    # Not signed in: the home page still sends the visitor back to the login form.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_a_secretary_sees_only_their_own_organisation_and_its_branch(page, live_server, logged_in, secretary, world):
    logged_in(page, live_server, secretary)
    navbar = page.locator("nav.navbar")

    navbar.get_by_role("button", name=secretary.name).click()
    menu = navbar.locator(".dropdown-menu.show")  # the user menu just opened, not the 帮助 menu beside it
    expect(menu).to_be_visible()
    expect(menu).to_contain_text("党组织书记")
    expect(menu).to_contain_text(world.org_a.name)

    navbar.get_by_role("link", name="组织覆盖", exact=True).click()
    expect(page.get_by_role("heading", name="组织覆盖")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^党组织")).click()
    expect(page).to_have_url(f"{live_server.url}{reverse('organizations:partyorganization_list')}")

    table = page.locator("table tbody")
    expect(table.get_by_role("link", name=world.org_a.name, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name=world.org_a_child.name, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name=world.org_b.name, exact=True)).to_have_count(0)
    expect(table.locator("tr")).to_have_count(2)
    expect(page.get_by_text("共 2 条")).to_be_visible()

    own = page.goto(f"{live_server.url}{reverse('organizations:partyorganization_detail', args=[world.org_a.pk])}")
    assert own.status == 200
    expect(page.get_by_role("heading", name=world.org_a.name)).to_be_visible()

    other = page.goto(f"{live_server.url}{reverse('organizations:partyorganization_detail', args=[world.org_b.pk])}")
    assert other.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.get_by_text(world.org_b.name)).to_have_count(0)


def test_on_a_phone_the_menu_folds_away_and_the_list_fits_the_screen(
    page, phone_page, live_server, logged_in, screenshot, county_admin, world
):
    logged_in(phone_page, live_server, county_admin)
    navbar = phone_page.locator("nav.navbar")
    toggler = navbar.get_by_role("button", name="展开导航")

    expect(toggler).to_be_visible()
    for label in SECTIONS:
        expect(navbar.get_by_role("link", name=label, exact=True)).to_be_hidden()
    screenshot(phone_page, "phone-home")

    toggler.tap()
    # Bootstrap marks the menu .show once its opening animation has finished.
    expect(navbar.locator("#mainNav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(toggler).to_have_attribute("aria-expanded", "true")
    for label in SECTIONS:
        expect(navbar.get_by_role("link", name=label, exact=True)).to_be_visible()
    screenshot(phone_page, "phone-home-menu-open")

    navbar.get_by_role("link", name="组织覆盖", exact=True).tap()
    phone_page.get_by_role("link", name=re.compile(r"^党组织")).tap()
    expect(phone_page).to_have_url(f"{live_server.url}{reverse('organizations:partyorganization_list')}")
    expect(phone_page.locator("table tbody").get_by_role("link", name=world.org_b.name, exact=True)).to_be_visible()
    scroll_width, viewport_width = phone_page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert viewport_width == phone_page.viewport_size["width"]
    assert scroll_width <= viewport_width, f"the page scrolls sideways: {scroll_width}px wide in {viewport_width}px"
    screenshot(phone_page, "phone-party-organization-list")

    logged_in(page, live_server, county_admin)
    expect(page.locator("nav.navbar").get_by_role("button", name="展开导航")).to_be_hidden()
    page.goto(f"{live_server.url}{reverse('organizations:partyorganization_list')}")
    expect(page.locator("table tbody tr")).to_have_count(PartyOrganization.objects.count())
    scroll_width, viewport_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= viewport_width
    screenshot(page, "desktop-party-organization-list")


def test_an_import_with_one_bad_row_writes_nothing_and_a_good_one_is_written_after_confirming(
    page, live_server, logged_in, screenshot, county_admin, world
):
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(error))
    committee = world.committee_a.name
    good_rows = [
        ("甲镇新材料公司党支部", "党支部", "单独建", world.area_a.name, committee, date(2021, 5, 1)),
        ("甲镇物流园联合党支部", "联合党支部", "联合建", world.area_a.name, committee, date(2022, 7, 1)),
        ("甲公司第二党支部", "党支部", "单独建", world.area_a.name, world.org_a.name, date(2023, 3, 15)),
    ]
    bad_row = ("甲镇电商协会党小组", "党小组", "单独建", world.area_a.name, committee, date(2024, 1, 10))
    new_names = [row[0] for row in [*good_rows, bad_row]]
    organizations_before = PartyOrganization.objects.count()
    logged_in(page, live_server, county_admin)

    # A file whose third Excel row (the header is row 1) is wrong: nothing at all is written.
    page.goto(f"{live_server.url}{reverse('core:import_start', args=['party-organizations'])}")
    page.get_by_label("数据文件").set_input_files(
        xlsx_file("党组织-有错.xlsx", [good_rows[0], bad_row, *good_rows[1:]])
    )
    page.get_by_role("button", name="上传并校验").click()
    expect(page).to_have_url(re.compile(r"/imports/jobs/\d+/$"))
    expect(page.get_by_test_id("import-status")).to_have_text(ImportStatus.INVALID.label)
    errors = page.get_by_test_id("import-errors").locator("tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("第 3 行")
    expect(errors.first).to_contain_text("党小组")
    expect(page.get_by_text("没有导入任何数据")).to_be_visible()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    screenshot(page, "desktop-import-invalid")
    assert PartyOrganization.objects.count() == organizations_before
    assert not PartyOrganization.objects.filter(name__in=new_names).exists()

    # The corrected file passes, is shown as a preview and is written only after 确认导入.
    page.get_by_role("link", name="重新上传").click()
    page.get_by_label("数据文件").set_input_files(xlsx_file("党组织.xlsx", good_rows))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("import-status")).to_have_text(ImportStatus.VALIDATED.label)
    expect(page.get_by_text("全部 3 行校验通过")).to_be_visible()
    assert PartyOrganization.objects.count() == organizations_before
    screenshot(page, "desktop-import-validated")

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_test_id("import-status")).to_have_text(ImportStatus.DONE.label)
    expect(page.get_by_text("导入完成：新增 3 条")).to_be_visible()
    assert PartyOrganization.objects.count() == organizations_before + 3
    job = ImportJob.objects.get(created_by=county_admin, status=ImportStatus.DONE)
    assert (job.original_name, job.new_rows) == ("党组织.xlsx", 3)

    branch = PartyOrganization.objects.get(name="甲公司第二党支部")
    assert PartyOrganization.objects.get_parent(branch) == world.org_a
    assert (branch.area, branch.kind, branch.founded_on) == (world.area_a, PartyOrgKind.BRANCH, date(2023, 3, 15))
    joint = PartyOrganization.objects.get(name="甲镇物流园联合党支部")
    assert PartyOrganization.objects.get_parent(joint) == world.committee_a
    assert joint.establishment_method == EstablishmentMethod.JOINT
    assert script_errors == []
