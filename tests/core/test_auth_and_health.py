"""Login in Chinese, throttling, error pages and the health endpoint."""

import io
from datetime import timedelta

import openpyxl
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def test_a_wrong_password_gets_a_chinese_message(client, secretary):
    response = client.post(reverse("login"), {"username": "charlie", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, secretary):
    for _ in range(5):
        client.post(reverse("login"), {"username": "charlie", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "charlie", "password": "Secret#2026"})
    assert response.status_code == 429
    assert "账号已临时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def fail(client, username: str, address: str = "10.0.0.1", url: str = "", n: int = 1):
    for _ in range(n):
        client.post(url or reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def sign_in(client, address: str, url: str = ""):
    return client.post(url or reverse("login"), {"username": "charlie", "password": "Secret#2026"}, REMOTE_ADDR=address)


def test_one_address_trying_many_accounts_is_locked_out(client, secretary, other_secretary):
    for username in ["alice", "bob", "dave", "erin", "nobody"]:
        fail(client, username)
    response = sign_in(client, "10.0.0.1")
    assert response.status_code == 429
    assert "账号已临时锁定" in response.content.decode()
    assert sign_in(Client(), "10.0.0.2").status_code == 302  # another address is not locked out


def test_one_account_tried_from_many_addresses_is_locked_out(client, secretary):
    for n in range(5):
        fail(Client(), "charlie", address=f"10.0.1.{n}")
    response = sign_in(client, "10.0.2.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_signing_in_does_not_wipe_an_addresss_failures_on_other_accounts(client, secretary):
    fail(client, "alice", n=4)
    assert sign_in(Client(), "10.0.0.1").status_code == 302
    fail(client, "bob")
    assert sign_in(Client(), "10.0.0.1").status_code == 429


def test_the_lockout_page_shows_the_cool_off_from_the_setting(client, secretary, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    fail(client, "charlie", n=5)
    page = sign_in(client, "10.0.0.1").content.decode()
    assert "请 40 分钟后再试" in page
    assert "15 分钟" not in page


def test_the_login_page_warns_with_the_limit_and_cool_off_from_the_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(hours=2)
    page = client.get(reverse("login")).content.decode()
    assert "连续输错密码 3 次，该账号将被锁定 2 小时。" in page
    assert "15 分钟" not in page


def test_the_token_endpoint_says_the_account_is_locked(secretary, settings):
    settings.AXES_COOLOFF_TIME = timedelta(hours=1)
    client = APIClient()
    url = reverse("api:token")
    assert client.post(url, {"username": "charlie", "password": "wrong"}).status_code == 400
    fail(client, "charlie", address="127.0.0.1", url=url, n=4)
    response = client.post(url, {"username": "charlie", "password": "Secret#2026"})
    assert response.status_code == 429
    assert response.json() == {"detail": "登录失败次数过多，账号已临时锁定，请 1 小时后再试。"}
    assert not Token.objects.exists()


def test_the_right_password_signs_in(client, secretary):
    response = client.post(reverse("login"), {"username": "charlie", "password": "Secret#2026"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_a_missing_page_is_a_chinese_404(secretary, as_user):
    response = as_user(secretary).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_healthz_reports_database_and_broker(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok" and data["database"] == "ok"
    assert data["broker"] in {"ok", "in-process"}


def test_list_export_is_a_real_xlsx_within_scope(world, secretary, as_user):
    response = as_user(secretary).get(reverse("organizations:partyorganization_list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]  # below the filter lines
    assert rows[0][:5] == ["名称", "组织类型", "组建方式", "所属街镇/园区", "上级党组织"]
    assert {row[0] for row in rows[1:]} == {"甲公司党委", "甲公司第一党支部"}
    assert rows[1][4] == "甲镇党委" or rows[2][4] == "甲公司党委"


def test_list_print_is_a_pdf(world, county_admin, as_user):
    response = as_user(county_admin).get(reverse("organizations:partyorganization_list"), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_createsuperuser_makes_a_county_administrator(db):
    from django.core.management import call_command

    from core.models import User

    call_command("createsuperuser", username="root", email="", interactive=False, verbosity=0)
    user = User.objects.get(username="root")
    assert user.role == "county_admin" and user.is_superuser


def test_an_unknown_host_gets_a_chinese_400_not_a_500(client, db):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
