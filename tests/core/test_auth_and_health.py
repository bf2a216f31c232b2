"""Login in Chinese, throttling, error pages and the health endpoint."""

import io

import openpyxl
from django.urls import reverse


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
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
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
