"""Staff accounts created in bulk by county staff: each with a one-time password and a forced change."""

import re
import secrets

from django.core.exceptions import ValidationError

from core.choices import ROLE_SCOPE_FIELD, Role
from core.form_widgets import normalise_typed
from core.models import User

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
    return user, password
