"""A county moves in without the admin: from a migrated, empty portal, a county administrator made by the
documented command (``manage.py createsuperuser``) brings in a small county entirely through pages — areas on
their form; organisations (the whole tree in one file), entities, people, instructors, mass organisations and
accounts by import — prints the password slips, and a secretary signs in with the slip and must change the
password first. The 上线检查 page follows along."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from core import imports
from core.choices import ImportStatus, Role
from core.models import User
from members.models import Person
from members.validators import id_check_char
from organizations.demo.entities import credit_code
from organizations.models import Area, Entity, Instructor, MassOrganization, PartyOrganization
from tests.browser.conftest import tab
from tests.manual.pdf_checks import assert_prints_chinese

ADMIN_PASSWORD = "County#Admin2026"


def _workbook(key: str, rows: list[dict]) -> dict:
    """An upload in the import's own template columns (cells not given left empty)."""
    headers = imports.get_import_kind(key).resource_class().template_dataset().headers
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        book.active.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return {
        "name": f"{key}.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def _import(page: Page, live_server, key: str, rows: list[dict], new_rows: int) -> None:
    page.goto(f"{live_server.url}{reverse('core:import_start', args=[key])}")
    page.get_by_label("数据文件").set_input_files(_workbook(key, rows))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("import-status")).to_have_text(ImportStatus.VALIDATED.label)
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_test_id("import-status")).to_have_text(ImportStatus.DONE.label)
    expect(page.get_by_text(f"导入完成：新增 {new_rows} 条")).to_be_visible()


def _id_number(birth: date, sequence: int) -> str:
    first17 = f"370830{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def _missing(page: Page, live_server) -> dict[str, int]:
    page.goto(f"{live_server.url}{reverse('core:golive')}")
    items = page.get_by_test_id("golive-checks").locator("li")
    return {
        items.nth(i).get_attribute("data-check"): int(items.nth(i).get_attribute("data-missing"))
        for i in range(items.count())
    }


@pytest.mark.django_db(transaction=True)
def test_a_county_moves_in_through_pages_and_its_secretaries_sign_in_with_their_slips(
    browser, live_server, monkeypatch, screenshot, tmp_path
):
    assert not Area.objects.exists() and not User.objects.exists()  # migrated, nothing else
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command("createsuperuser", "--noinput", username="county", email="county@example.gov.cn")
    admin = User.objects.get(username="county")
    assert admin.role == Role.COUNTY_ADMIN

    page = tab(browser, 1280)
    page.goto(f"{live_server.url}/accounts/login/", timeout=90_000)  # the first page warms the live server up
    page.get_by_label("用户名", exact=True).fill("county")
    page.get_by_label("密码", exact=True).fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/")
    assert _missing(page, live_server)["登记街镇/园区"] == 1

    # Areas on their own form.
    for name, kind, code in (("城关镇", "镇", "CG"), ("经济开发区", "开发区", "KF")):
        page.goto(f"{live_server.url}{reverse('organizations:area_create')}")
        page.get_by_label("名称").fill(name)
        page.get_by_label("类型").select_option(label=kind)
        page.get_by_label("编码").fill(code)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert list(Area.objects.order_by("code").values_list("name", flat=True)) == ["城关镇", "经济开发区"]

    # The whole tree in one file, children before their parents.
    _import(
        page,
        live_server,
        "party-organizations",
        [
            {
                "名称": "城关纺织公司第一支部",
                "组织类型": "党支部",
                "组建方式": "单独建",
                "上级党组织": "城关纺织公司党委",
            },
            {"名称": "城关纺织公司党委", "组织类型": "党委", "组建方式": "单独建", "上级党组织": "城关镇党委"},
            {"名称": "城关镇党委", "组织类型": "党委", "所属街镇/园区": "城关镇"},
            {"名称": "开发区党工委", "组织类型": "党委", "所属街镇/园区": "经济开发区"},
            {"名称": "开发区电子公司党支部", "组织类型": "党支部", "组建方式": "单独建", "上级党组织": "开发区党工委"},
        ],
        5,
    )
    textile = PartyOrganization.objects.get(name="城关纺织公司党委")
    assert PartyOrganization.objects.get(name="城关纺织公司第一支部").area.name == "城关镇"
    _import(
        page,
        live_server,
        "entities",
        [
            {
                "统一社会信用代码": credit_code(301),
                "名称": "城关纺织有限公司",
                "类型": "非公企业",
                "所属街镇/园区": "城关镇",
                "行业": "纺织",
                "从业人员数": 320,
                "正式党员数": 12,
                "正常经营": "是",
                "覆盖党组织": "城关纺织公司党委",
            },
            {
                "统一社会信用代码": credit_code(302),
                "名称": "开发区电子有限公司",
                "类型": "非公企业",
                "所属街镇/园区": "经济开发区",
                "从业人员数": 80,
                "正式党员数": 3,
                "正常经营": "是",
                "覆盖党组织": "开发区电子公司党支部",
            },
        ],
        2,
    )
    _import(
        page,
        live_server,
        "people",
        [
            {
                "姓名": "王芳",
                "性别": "女",
                "出生日期": "1988-03-02",
                "身份证号": _id_number(date(1988, 3, 2), 124),
                "所在党组织": "城关纺织公司第一支部",
                "发展阶段": "正式党员",
                "递交入党申请日期": "2008-03-01",
                "确定为入党积极分子日期": "2008-09-01",
                "确定为发展对象日期": "2009-10-01",
                "接收为预备党员日期": "2010-01-01",
                "预备期满日期": "2011-01-01",
                "转为正式党员日期": "2011-01-01",
            },
            {
                "姓名": "李强",
                "性别": "男",
                "出生日期": "1995-07-09",
                "身份证号": _id_number(date(1995, 7, 9), 135),
                "所在党组织": "开发区电子公司党支部",
                "发展阶段": "入党申请人",
                "递交入党申请日期": "2026-03-01",
            },
        ],
        2,
    )
    _import(
        page,
        live_server,
        "instructors",
        [{"姓名": "赵红", "工作单位": "县委社会工作部", "所属街镇/园区": "城关镇", "“红帆”党建指导员": "是"}],
        1,
    )
    _import(
        page,
        live_server,
        "mass-organizations",
        [{"经营主体统一社会信用代码": credit_code(301), "类型": "工会", "名称": "城关纺织有限公司工会委员会"}],
        1,
    )
    _import(
        page,
        live_server,
        "accounts",
        [
            {"用户名": "sec_textile", "姓名": "孙书记", "角色": "党组织书记", "所属党组织": "城关纺织公司党委"},
            {"用户名": "sec_chip", "姓名": "周书记", "角色": "党组织书记", "所属党组织": "开发区电子公司党支部"},
            {"用户名": "rev_cg", "姓名": "吴审核", "角色": "街镇/园区审核员", "所属街镇/园区": "城关镇"},
        ],
        3,
    )
    assert (Entity.objects.count(), Person.objects.count(), Instructor.objects.count()) == (2, 2, 1)
    assert MassOrganization.objects.get().entity.name == "城关纺织有限公司"
    screenshot(page, "go-live-accounts-imported")

    # The slips: one per account, read off the printed PDF.
    slips_link = page.get_by_role("link", name="打印初始密码条")
    pdf = page.request.get(f"{live_server.url}{slips_link.get_attribute('href')}")
    assert pdf.headers["content-type"] == "application/pdf"
    slips = tmp_path / "slips.pdf"
    slips.write_bytes(pdf.body())
    text = assert_prints_chinese(slips)
    passwords = dict(re.findall(r"用户名\s+(\S+)\s+初始密码\s+(\S+)", text))
    assert set(passwords) == {"sec_textile", "sec_chip", "rev_cg"}

    checks = _missing(page, live_server)
    assert checks["每个街镇/园区有党（工）委"] == 0 and checks["每个党组织有书记账号"] == 0
    assert checks["书记都已登录过"] == 2
    screenshot(page, "go-live-checks")

    # A secretary signs in with the slip: every page leads to the password change until it is done.
    phone = tab(browser, 390)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("用户名", exact=True).fill("sec_textile")
    phone.get_by_label("密码", exact=True).fill(passwords["sec_textile"])
    phone.get_by_role("button", name="登录", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/accounts/password/"))
    phone.goto(f"{live_server.url}{reverse('organizations:partyorganization_list')}")
    expect(phone).to_have_url(re.compile(r"/accounts/password/"))
    phone.get_by_label("旧密码").fill(passwords["sec_textile"])
    phone.get_by_label("新密码", exact=True).fill("Textile#Secure2026")
    phone.get_by_label("新密码确认").fill("Textile#Secure2026")
    phone.get_by_role("button", name="保存新密码").click()
    expect(phone.get_by_text("密码已修改")).to_be_visible()
    phone.goto(f"{live_server.url}{reverse('organizations:partyorganization_list')}")
    expect(phone.get_by_text("城关纺织公司第一支部")).to_be_visible()
    expect(phone.get_by_text("开发区电子公司党支部")).to_have_count(0)
    secretary = User.objects.get(username="sec_textile")
    assert secretary.party_organization == textile and not secretary.must_change_password
    assert _missing(page, live_server)["书记都已登录过"] == 1
