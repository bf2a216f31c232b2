"""Staff accounts created in bulk by county staff: each with a one-time password and a forced change."""

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from core.choices import ROLE_SCOPE_FIELD, AccountAction, Role
from core.form_widgets import normalise_typed
from core.jobs import requester_label
from core.models import AccountEvent, User

# No 0/O, 1/l/I: a password read off a paper slip must not be misread.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
SCOPE_FIELDS = ("area", "party_organization", "chain", "department")
_SPACES = re.compile(r"\s+")


def one_time_password() -> str:
    """Ten characters from an unambiguous alphabet, with a digit and both cases (enough for a first login)."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        if (
            any(c.isdigit() for c in password)
            and any(c.isupper() for c in password)
            and any(c.islower() for c in password)
        ):
            return password


def account_create(
    *, by: User, username: str, name: str, role: str, hash_password: bool = True, **scope
) -> tuple[User, str]:
    """Create a staff account for one scope node with a one-time password; the first login must change it.

    Returns the account and its one-time password (which is kept nowhere else). ``hash_password=False``
    leaves the account without a usable password (an import's validating pass, which is rolled back).
    """
    if not by.is_county_admin:
        raise ValidationError("只有县级管理员可以创建账号。")
    username = _SPACES.sub("", normalise_typed(username or ""))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用。"})
    needed = ROLE_SCOPE_FIELD.get(role)
    extra = [field for field in SCOPE_FIELDS if scope.get(field) is not None and field != needed]
    if extra:
        labels = "、".join(str(User._meta.get_field(field).verbose_name) for field in extra)
        raise ValidationError(f"角色“{Role(role).label}”不需要填写{labels}，请留空。")
    user = User(username=username, name=(name or "").strip(), role=role, must_change_password=True)
    for field in SCOPE_FIELDS:
        setattr(user, field, scope.get(field) if field == needed else None)
    password = one_time_password()
    if hash_password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    if hash_password:
        account_event(account=user, by=by, action=AccountAction.CREATED)
    return user, password


def slip(user: User, password: str) -> dict:
    """What a password slip prints for one account (core/account_slips_pdf.html)."""
    scope = next((str(getattr(user, f)) for f in SCOPE_FIELDS if getattr(user, f"{f}_id")), "")
    return {
        "username": user.username,
        "name": user.name,
        "role": user.get_role_display(),
        "scope": scope,
        "password": password,
    }


def account_event(*, account: User, by: User | None, action: str, reason: str = "") -> AccountEvent:
    """Record one act on an account in its trail (who, when, what, why)."""
    return AccountEvent.objects.create(
        account=account, by=by, by_label=requester_label(by) if by else "系统", action=action, reason=reason
    )


REASON_REQUIRED = "请填写原因（会记入账号操作记录）。"


def _county_act(by: User, account: User, reason: str) -> str:
    if not by.is_county_admin:
        raise ValidationError("只有县级管理员可以管理账号。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    return reason


@transaction.atomic
def account_reset_password(*, by: User, account: User, reason: str) -> str:
    """A new one-time password for ``account`` (returned, kept nowhere else); the next login must change it.
    Signs the account out of every session by changing its password hash."""
    reason = _county_act(by, account, reason)
    if not account.is_active:
        raise ValidationError("该账号已停用，请先重新启用再重置密码。")
    password = one_time_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    account_event(account=account, by=by, action=AccountAction.PASSWORD_RESET, reason=reason)
    return password


@transaction.atomic
def account_deactivate(*, by: User, account: User, reason: str) -> None:
    """Stop an account signing in (pages and API) while keeping its records and its trail. Refuses the
    operator's own account (so the county always keeps the administrator who acts)."""
    reason = _county_act(by, account, reason)
    if not account.is_active:
        raise ValidationError("该账号已经停用。")
    if account.pk == by.pk:
        raise ValidationError("不能停用自己正在使用的账号。")
    account.is_active = False
    account.save(update_fields=["is_active"])
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=account).delete()
    account_event(account=account, by=by, action=AccountAction.DEACTIVATED, reason=reason)


@transaction.atomic
def account_activate(*, by: User, account: User, reason: str) -> None:
    """Let a deactivated account sign in again."""
    reason = _county_act(by, account, reason)
    if account.is_active:
        raise ValidationError("该账号正在使用，无需启用。")
    account.is_active = True
    account.save(update_fields=["is_active"])
    account_event(account=account, by=by, action=AccountAction.ACTIVATED, reason=reason)
