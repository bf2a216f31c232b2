"""用户管理 in the portal: county staff reset a password (shown once, on a slip, changed at first sign-in),
deactivate and re-enable an account, always with a reason, and every act (and the account's own password
change) is in the account's trail. Nobody else reaches these pages."""

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from core import accounts
from core.choices import AccountAction, Role
from core.models import AccountEvent, User
from core.widgets import DateCellWidget

PASSWORD = "Secret#2026"  # tests.factories.UserFactory's


def _signs_in(username: str, password: str) -> Client | None:
    """Through the sign-in page, as a person does (the lockout backend wants the request)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client if response.status_code == 302 else None


def test_a_reset_needs_a_reason_shows_the_new_password_once_and_forces_a_change(county_admin, secretary, as_user):
    client = as_user(county_admin)
    url = reverse("core:account_reset", args=[secretary.pk])
    assert "原密码立即失效" in client.get(url).content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    secretary.refresh_from_db()
    assert secretary.check_password(PASSWORD) and not AccountEvent.objects.exists()

    done = client.post(url, {"reason": "书记忘记密码"}, follow=True)
    shown = done.context["slip"]["password"]
    assert shown in done.content.decode() and done.context["slip"]["username"] == "charlie"
    slip = client.get(reverse("core:account_reset_done", args=[secretary.pk]), {"format": "pdf"})
    assert slip["Content-Type"] == "application/pdf" and slip.content.startswith(b"%PDF")
    client.post(reverse("core:account_reset_done", args=[secretary.pk]))  # 完成: the password leaves the session
    again = client.get(reverse("core:account_reset_done", args=[secretary.pk]), follow=True)
    assert shown not in again.content.decode() and "新密码只显示一次" in again.content.decode()

    assert _signs_in("charlie", PASSWORD) is None
    fresh = _signs_in("charlie", shown)
    assert fresh is not None
    assert fresh.get(reverse("core:home"))["Location"].startswith(reverse("password_change"))
    event = AccountEvent.objects.get()
    assert (event.account, event.by, event.action, event.reason) == (
        secretary,
        county_admin,
        AccountAction.PASSWORD_RESET,
        "书记忘记密码",
    )


def test_a_deactivated_account_cannot_sign_in_or_use_its_token_until_enabled_again(county_admin, secretary, as_user):
    token = Token.objects.create(user=secretary)
    client = as_user(county_admin)
    client.post(reverse("core:account_deactivate", args=[secretary.pk]), {"reason": "书记离任"})
    secretary.refresh_from_db()
    assert not secretary.is_active
    assert _signs_in("charlie", PASSWORD) is None
    api = Client().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.status_code == 401
    page = client.get(reverse("core:account_detail", args=[secretary.pk])).content.decode()
    assert "已停用" in page and "停用账号（原因：书记离任）" in page

    client.post(reverse("core:account_activate", args=[secretary.pk]), {"reason": "继续任职"})
    assert _signs_in("charlie", PASSWORD) is not None
    assert list(secretary.account_events.values_list("action", flat=True)) == [
        AccountAction.ACTIVATED,
        AccountAction.DEACTIVATED,
    ]


def test_county_staff_cannot_deactivate_their_own_account(county_admin, as_user):
    response = as_user(county_admin).post(
        reverse("core:account_deactivate", args=[county_admin.pk]), {"reason": "试一试"}
    )
    assert "不能停用自己正在使用的账号" in response.content.decode()
    county_admin.refresh_from_db()
    assert county_admin.is_active and not AccountEvent.objects.exists()


def test_only_county_staff_manage_accounts_even_through_the_service(area_reviewer, secretary):
    with pytest.raises(Exception, match="只有县级管理员可以管理账号"):
        accounts.account_reset_password(by=area_reviewer, account=secretary, reason="越权")
    secretary.refresh_from_db()
    assert secretary.check_password(PASSWORD)


def test_the_account_list_filters_those_who_never_signed_in_and_exports_them(
    county_admin, secretary, other_secretary, as_user
):
    User.objects.filter(pk=other_secretary.pk).update(last_login="2026-01-05T09:00:00+08:00")
    client = as_user(county_admin)  # force_login stamps alice's own last_login
    listed = client.get(reverse("core:account_list"), {"never_signed_in": "true", "role": Role.ORG_SECRETARY})
    assert [user.username for user in listed.context["object_list"]] == ["charlie"]
    export = client.get(reverse("core:account_list"), {"never_signed_in": "true", "format": "xlsx"})
    sheet = load_workbook(__import__("io").BytesIO(export.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if "用户名" in row)
    assert "最近登录" in header and "在用" in header
    names = [row[header.index("用户名")] for row in rows[rows.index(header) + 1 :]]
    assert names == ["charlie"]


def test_creating_an_account_and_changing_ones_own_password_are_in_the_trail(county_admin, world, as_user):
    account, password = accounts.account_create(
        by=county_admin, username="erin", name="新书记", role=Role.ORG_SECRETARY, party_organization=world.org_a
    )
    client = _signs_in("erin", password)
    assert client is not None
    client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Another#2027x", "new_password2": "Another#2027x"},
    )
    assert list(account.account_events.order_by("at", "pk").values_list("action", "by")) == [
        (AccountAction.CREATED, county_admin.pk),
        (AccountAction.PASSWORD_CHANGED, account.pk),
    ]


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899/12/31"])
def test_an_import_refuses_a_date_outside_the_portal_years(typed):
    with pytest.raises(ValueError, match="超出可填写的年份"):
        DateCellWidget().clean(typed)
