"""Validators of identifiers the programme uses."""

from django.core.exceptions import ValidationError

# GB 32100-2015: 统一社会信用代码 uses 31 characters (no I, O, S, V, Z).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The 18th character of a credit code whose first 17 are given."""
    total = sum(USCC_CHARSET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Refuse a 统一社会信用代码 that is malformed or whose check digit does not match."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为 18 位。", code="uscc_length")
    bad = sorted({char for char in code if char not in USCC_CHARSET})
    if bad:
        raise ValidationError(f"统一社会信用代码含有无效字符：{'、'.join(bad)}。", code="uscc_charset")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError("统一社会信用代码无效（校验不通过），请逐位核对。", code="uscc_check")
