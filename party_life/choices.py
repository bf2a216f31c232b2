"""Choices of organisational life (三会一课, 主题党日) and Party dues (党费)."""

from decimal import Decimal

from django.db import models


class MeetingKind(models.TextChoices):
    """The meetings of the 党支部工作条例, each with how often it is held as a rule (see ``FREQUENCY``)."""

    ASSEMBLY = "assembly", "支部党员大会"
    COMMITTEE = "committee", "支部委员会"
    GROUP = "group", "党小组会"
    LECTURE = "lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"


class Frequency(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


# "一般" (as a rule): a missing meeting is listed for the secretary and the reviewer, never blocked.
FREQUENCY = {
    MeetingKind.ASSEMBLY: Frequency.QUARTER,
    MeetingKind.COMMITTEE: Frequency.MONTH,
    MeetingKind.GROUP: Frequency.MONTH,
    MeetingKind.LECTURE: Frequency.QUARTER,
    MeetingKind.THEME_DAY: Frequency.MONTH,
    MeetingKind.LIFE_MEETING: Frequency.YEAR,
    MeetingKind.APPRAISAL: Frequency.YEAR,
}
# The meetings every organisation with members owes; 党小组会 is owed per Party group, where groups exist.
ORG_KINDS = [kind for kind in MeetingKind if kind != MeetingKind.GROUP]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


# Taking part in organisational life: present, or away with a reason given (请假 is a proper reason).
TAKES_PART = (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE)


class DuesCategory(models.TextChoices):
    """How a member's dues are set: a share of after-tax pay by band, or a fixed small amount."""

    EMPLOYED = "employed", "在职"
    RETIRED = "retired", "离退休"
    STUDENT = "student", "学生"
    UNEMPLOYED = "unemployed", "失业或无固定收入"
    SUBSISTENCE = "subsistence", "享受最低生活保障"


# (upper bound of after-tax monthly pay inclusive, rate); None is "above the last bound".
EMPLOYED_BANDS = [
    (Decimal("3000"), Decimal("0.005")),
    (Decimal("5000"), Decimal("0.01")),
    (Decimal("10000"), Decimal("0.015")),
    (None, Decimal("0.02")),
]
RETIRED_BANDS = [
    (Decimal("5000"), Decimal("0.005")),
    (None, Decimal("0.01")),
]
# Students, the unemployed and those on subsistence allowances pay a fixed small amount (0.2–1 元 a month).
FIXED_MONTHLY = Decimal("0.20")
FIXED_CATEGORIES = (DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.SUBSISTENCE)
