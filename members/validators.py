"""身份证号 (GB 11643-1999): 18 characters, the last a check character over the first 17."""

import datetime
import operator

from django.core.exceptions import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    if len(first17) != len(WEIGHTS):
        raise ValueError("the check character is computed over 17 digits")
    return CHECK_CHARS[sum(map(operator.mul, map(int, first17), WEIGHTS)) % 11]


def id_birth_date(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_gender(number: str) -> str:
    """ "M" or "F": the 17th digit is odd for men."""
    return "M" if int(number[16]) % 2 else "F"


def validate_id_number(value: str) -> None:
    """Refuse a 身份证号 that is malformed, names no real date, or fails the check character."""
    number = (value or "").strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号应为 18 位，前 17 位为数字，最后一位为数字或 X。", code="id_format")
    try:
        id_birth_date(number)
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效。", code="id_birth") from None
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError("身份证号无效（校验不通过），请逐位核对。", code="id_check")


def mask_id_number(value: str) -> str:
    """Show the region and the last digit only: 370830********123X → 3708************3X."""
    return f"{value[:4]}{'*' * 12}{value[-2:]}" if value and len(value) == 18 else (value or "")


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value and len(value) >= 7 else (value or "")


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    return f"{value[0]}{'*' * (len(value) - 1)}" if value and len(value) > 1 else (value or "")
