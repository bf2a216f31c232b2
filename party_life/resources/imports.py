"""Imports of meetings and dues payments: template → preview → all-or-nothing, each row written by the same
service function as the pages, so every rule (scope, dates, attendance for every required member, the closed
month, a month not paid twice) holds on this path too, with the same Chinese message named by its row."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core.form_widgets import normalise_date_text, normalise_typed
from core.imports import ScopedModelResource, register_import
from core.widgets import ChoiceLabelWidget, DateCellWidget, YesNoWidget
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import DuesPayment, Meeting

KINDS = ChoiceLabelWidget(MeetingKind.choices)
DATE = DateCellWidget()
YES_NO = YesNoWidget()
# Names in one cell: 张三、李四 (also commas, semicolons, new lines).
SEPARATORS = re.compile(r"[、，,；;\n\r]+")


class _Cell(widgets.Widget):
    """A cell the resource reads itself (in ``import_relations``)."""

    def clean(self, value, row=None, **kwargs):
        return value


class _Choice(ChoiceLabelWidget):
    """A choice column read by the resource; a ChoiceLabelWidget so the template offers its drop-down."""

    def clean(self, value, row=None, **kwargs):
        return value


def month_cell(value) -> date:
    """A month as Excel gives it (a date, 2025-04, 2025年4月); ValueError in Chinese otherwise."""
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    try:
        return date.fromisoformat(normalise_date_text(str(value), month_only=True)).replace(day=1)
    except ValueError:
        raise ValueError(f"“{value}”格式不正确，请写成 2025-04 或 2025年4月") from None


def _text(row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


@register_import("party-life-meetings", label="组织生活会议", list_url_name="party_life:meeting_list")
class MeetingImportResource(ScopedModelResource):
    """One row per meeting; attendance as three columns of names (出席 / 请假 with 事由 / 缺席): what a clerk copies
    from the paper register. Every required attendee must be named in one of them, as on the record page."""

    organization = fields.Field(attribute=None, column_name="党组织", widget=_Cell())
    kind = fields.Field(attribute=None, column_name="会议类型", widget=_Choice(MeetingKind.choices))
    group = fields.Field(attribute=None, column_name="党小组", widget=_Cell())
    held_on = fields.Field(attribute=None, column_name="召开日期", widget=DateCellWidget())
    place = fields.Field(attribute=None, column_name="地点", widget=_Cell())
    topic = fields.Field(attribute=None, column_name="主题", widget=_Cell())
    by_secretary = fields.Field(attribute=None, column_name="书记讲党课", widget=YesNoWidget())
    present = fields.Field(attribute=None, column_name="出席党员", widget=_Cell())
    leave = fields.Field(attribute=None, column_name="请假党员", widget=_Cell())
    absent = fields.Field(attribute=None, column_name="缺席党员", widget=_Cell())
    minutes = fields.Field(attribute=None, column_name="会议记录", widget=_Cell())

    class Meta:
        model = Meeting
        fields = (
            "organization",
            "kind",
            "group",
            "held_on",
            "place",
            "topic",
            "by_secretary",
            "present",
            "leave",
            "absent",
            "minutes",
        )
        import_id_fields = ()
        skip_diff = True

    optional_columns = ("党小组", "书记讲党课", "请假党员", "缺席党员", "会议记录")
    required_values = ("党组织", "会议类型", "召开日期", "地点", "主题")
    duplicate_columns = ("党组织", "会议类型", "党小组", "召开日期", "主题")
    column_help = {
        "党组织": ("召开会议的党组织全称，须在您的管理范围内", "文字，与系统中的名称一致"),
        "党小组": ("党小组会填写党小组名称，其他会议不填", "文字"),
        "出席党员": ("出席的党员姓名", "多人用顿号分隔，如 张三、李四"),
        "请假党员": ("请假的党员及事由", "姓名：事由，多人用顿号分隔，如 王五：出差、赵六：病假"),
        "缺席党员": ("缺席的党员姓名", "多人用顿号分隔；每名应到党员须出现在出席、请假、缺席之一"),
        "书记讲党课": ("党课是否由书记讲授", "是 或 否，其他会议不填"),
    }

    def template_example(self, column: str) -> str:
        examples = {
            "党组织": "某某公司党支部",
            "召开日期": "2025-04-10",
            "地点": "党员活动室",
            "主题": "学习党的二十届三中全会精神",
            "出席党员": "张三、李四",
            "请假党员": "王五：出差",
        }
        return examples.get(column, super().template_example(column))

    def get_instance(self, instance_loader, row):
        return None

    def _organization(self, name: str):
        from organizations.models import PartyOrganization

        found = getattr(self, "_orgs", None)
        if found is None:
            found = self._orgs = {}
        if name not in found:
            matches = list(PartyOrganization.objects.editable_by(self.user).filter(name=name)[:2])
            if not matches:
                raise ValueError(f"找不到党组织“{name}”，或不在您的管理范围内")
            if len(matches) > 1:
                raise ValueError(f"党组织“{name}”不唯一，请在页面上登记")
            found[name] = matches[0]
        return found[name]

    def import_relations(self, instance, row, *, failed):
        from party_life.models import PartyGroup
        from party_life.services.meetings import required_attendees

        errors: dict[str, str] = {}
        organization = group = kind = held_on = None
        if _text(row, "党组织"):
            try:
                organization = self._organization(_text(row, "党组织"))
            except ValueError as error:
                errors["党组织"] = str(error)
        try:
            kind = KINDS.clean(row.get("会议类型")) or None
        except ValueError as error:
            errors["会议类型"] = str(error)
        try:
            held_on = DATE.clean(row.get("召开日期"))
        except ValueError as error:
            errors["召开日期"] = str(error)
        group_name = _text(row, "党小组")
        if organization is not None and group_name:
            group = PartyGroup.objects.filter(party_organization=organization, name=group_name, is_active=True).first()
            if group is None:
                errors["党小组"] = f"{organization.name}没有名为“{group_name}”的党小组"
        elif organization is not None and kind == MeetingKind.GROUP:
            errors["党小组"] = "党小组会请填写党小组名称"
        attendance = {}
        if organization is not None and not errors:
            people = required_attendees(party_organization=organization, group=group)
            by_name: dict[str, list[int]] = {}
            for pk, name in people.values_list("pk", "name"):
                by_name.setdefault(name, []).append(pk)
            for column, status in (
                ("出席党员", AttendanceStatus.PRESENT),
                ("请假党员", AttendanceStatus.LEAVE),
                ("缺席党员", AttendanceStatus.ABSENT),
            ):
                for item in SEPARATORS.split(_text(row, column)):
                    item = item.strip()
                    if not item:
                        continue
                    name, reason = item, ""
                    if status == AttendanceStatus.LEAVE:
                        parts = re.split(r"[:：]", item, maxsplit=1)
                        name, reason = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
                        if not reason:
                            errors[column] = f"请写明{name}的请假事由，如“{name}：出差”"
                            continue
                    pks = by_name.get(name)
                    if not pks:
                        errors[column] = f"“{name}”不是{group.name if group else organization.name}的应到党员"
                    elif len(pks) > 1:
                        errors[column] = f"应到党员中有同名的“{name}”，请在页面上登记这次会议"
                    elif pks[0] in attendance:
                        errors[column] = f"“{name}”在出席、请假、缺席中出现了不止一次"
                    else:
                        attendance[pks[0]] = (status, reason)
        if organization is not None and kind and held_on and not errors:
            topic = _text(row, "主题")
            if Meeting.objects.filter(
                party_organization=organization, kind=kind, group=group, held_on=held_on, topic=topic
            ).exists():
                errors["主题"] = "这次会议已经登记过（党组织、类型、日期、主题相同）"
        try:
            by_secretary = YES_NO.clean(row.get("书记讲党课"))
        except ValueError as error:
            errors["书记讲党课"] = str(error)
            by_secretary = False
        if errors or failed:
            raise ValidationError(errors)
        instance._import = {
            "party_organization": organization,
            "kind": kind,
            "group": group,
            "held_on": held_on,
            "place": _text(row, "地点"),
            "topic": _text(row, "主题"),
            "by_secretary": by_secretary,
            "minutes": _text(row, "会议记录"),
            "attendance": attendance,
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        from party_life.services.meetings import meeting_record

        meeting = meeting_record(by=self.user, **instance._import)
        instance.pk = meeting.pk


@register_import("party-life-dues", label="党费缴纳", list_url_name="party_life:duespayment_list")
class DuesPaymentImportResource(ScopedModelResource):
    """One row per member and month; the amount defaults to the year's base, as on the page."""

    id_number = fields.Field(attribute=None, column_name="身份证号", widget=_Cell())
    name = fields.Field(attribute=None, column_name="姓名", widget=_Cell())
    month = fields.Field(attribute=None, column_name="所属月份", widget=_Cell())
    amount = fields.Field(attribute=None, column_name="金额（元）", widget=_Cell())
    paid_on = fields.Field(attribute=None, column_name="缴纳日期", widget=DateCellWidget())
    note = fields.Field(attribute=None, column_name="摘要", widget=_Cell())

    class Meta:
        model = DuesPayment
        fields = ("id_number", "name", "month", "amount", "paid_on", "note")
        import_id_fields = ()
        skip_diff = True

    compact_columns = ("身份证号", "姓名")
    optional_columns = ("姓名", "金额（元）", "缴纳日期", "摘要")
    required_values = ("身份证号", "所属月份")
    duplicate_columns = ("身份证号", "所属月份")
    column_help = {
        "身份证号": ("党员的身份证号，须是您管理范围内的党员（含预备党员）", "18 位"),
        "姓名": ("核对用，与身份证号不符的行不导入", "文字，可不填"),
        "所属月份": ("党费所属月份，每人每月一行", "如 2025-04 或 2025年4月"),
        "金额（元）": ("当月缴纳金额", "数字，最多两位小数；不填按核定的月缴党费"),
        "缴纳日期": ("实际缴纳日期", "日期，如 2025-04-10；不填为导入当天"),
    }

    def template_example(self, column: str) -> str:
        examples = {"身份证号": "110101199003071234", "姓名": "张三", "所属月份": "2025-04", "金额（元）": "30.00"}
        return examples.get(column, super().template_example(column))

    def get_instance(self, instance_loader, row):
        return None

    def import_relations(self, instance, row, *, failed):
        from members.models import Person

        errors: dict[str, str] = {}
        month = person = paid_on = None
        if _text(row, "所属月份"):
            try:
                month = month_cell(row.get("所属月份"))
            except ValueError as error:
                errors["所属月份"] = str(error)
        id_number = _text(row, "身份证号")
        if id_number:
            person = Person.objects.editable_by(self.user).filter(id_number=id_number).first()
            if person is None:
                errors["身份证号"] = f"{id_number[:4]}…{id_number[-2:]} 不是您管理范围内的党员"
            elif _text(row, "姓名") not in ("", person.name):
                errors["姓名"] = f"与身份证号不符（系统中为{person.name}）"
        try:
            paid_on = DATE.clean(row.get("缴纳日期"))
        except ValueError as error:
            errors["缴纳日期"] = str(error)
        if errors or failed:
            raise ValidationError(errors)
        amount = normalise_typed(row.get("金额（元）"))
        instance._import = {
            "person": person,
            "month": month,
            "paid_on": paid_on,
            "amount": None if amount in (None, "") else amount,
            "note": _text(row, "摘要")[:200] or "导入",
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        from party_life.services.dues import dues_payment_record

        (line,) = dues_payment_record(by=self.user, **instance._import)
        instance.pk = line.pk
