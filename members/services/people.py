"""Writes and rules of people and the development pipeline (发展党员) and 双向培养 talent records."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import history_insert_select
from core.bulkwrite import rows_insert, values_present
from core.choices import Role
from core.models import User
from members.choices import STAGE_ORDER, Stage
from members.models import Person, TalentRecord
from members.validators import id_birth_date, id_gender, validate_id_number
from organizations.models import Entity, PartyOrganization

MIN_AGE = 18

PERSON_FIELDS = {
    "name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "education",
    "entity",
    "post",
    "party_organization",
    "is_management_talent",
    "is_technical_talent",
}
# A person may be recorded with the history they already have (imports, records kept on paper).
HISTORY_FIELDS = {
    "stage",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "probation_ends_on",
    "probation_extended",
    "full_on",
}
# The date each stage is reached on, in order.
STAGE_DATES = [
    (Stage.APPLICANT, "applied_on", "递交入党申请"),
    (Stage.ACTIVIST, "activist_on", "确定为入党积极分子"),
    (Stage.CANDIDATE, "candidate_on", "确定为发展对象"),
    (Stage.PROBATIONARY, "admitted_on", "接收为预备党员"),
    (Stage.FULL, "full_on", "转为正式党员"),
]
NEXT_STEP = {
    Stage.APPLICANT: "确定为入党积极分子",
    Stage.ACTIVIST: "确定为发展对象",
    Stage.CANDIDATE: "支部大会接收为预备党员",
    Stage.PROBATIONARY: "转为正式党员",
}


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def can_see_identity(user: User) -> bool:
    """Who needs a person's full 身份证号 and phone: county administrators and Party-organisation secretaries.

    Secretaries only ever see people of their own organisation subtree (the scope), so this is
    "the person's own organisation's secretary". Area reviewers, chain staff and department handlers
    see them masked everywhere. Detail pages show them in full to these roles; lists, exports and the
    API show them masked unless one of these roles asks with ``?full=1``.
    """
    return bool(user.is_authenticated and (user.is_county_admin or user.role == Role.ORG_SECRETARY))


def _normalise(person: Person) -> None:
    person.name = (person.name or "").strip()
    person.id_number = (person.id_number or "").strip().upper()
    person.phone = (person.phone or "").strip()
    person.education = person.education or ""


def _check_identity(person: Person) -> None:
    """身份证号 must be valid and agree with the birth date and gender it encodes."""
    try:
        validate_id_number(person.id_number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    encoded_birth = id_birth_date(person.id_number)
    encoded_gender = id_gender(person.id_number)
    if person.birth_date is None:
        person.birth_date = encoded_birth
    if not person.gender:
        person.gender = encoded_gender
    errors = {}
    if person.birth_date != encoded_birth:
        errors["birth_date"] = f"出生日期与身份证号不一致（身份证号中为 {encoded_birth:%Y-%m-%d}）。"
    if person.gender != encoded_gender:
        label = "男" if encoded_gender == "M" else "女"
        errors["gender"] = f"性别与身份证号不一致（身份证号中为{label}）。"
    if errors:
        raise ValidationError(errors)


def check_pipeline(person: Person, *, today: date | None = None) -> None:
    """Every rule of the development pipeline over the person's stage and dates, as one check."""
    today = today or timezone.localdate()
    reached = STAGE_ORDER.index(person.stage)
    errors: dict[str, str] = {}
    previous: tuple[date, str] | None = None
    for index, (_stage, field, label) in enumerate(STAGE_DATES):
        value = getattr(person, field)
        if index <= reached:
            if value is None:
                errors[field] = f"请填写{label}日期。"
                break
            if value > today:
                errors[field] = f"{label}日期不能晚于今天。"
                break
            if previous is not None and value < previous[0]:
                errors[field] = f"{label}日期不能早于{previous[1]}日期。"
                break
            previous = (value, label)
        elif value is not None:
            errors[field] = f"尚未{label}，不能填写该日期（不能跳过阶段）。"
            break
    if errors:
        raise ValidationError(errors)
    if person.birth_date and add_years(person.birth_date, MIN_AGE) > person.applied_on:
        raise ValidationError({"applied_on": f"递交入党申请时须年满 {MIN_AGE} 周岁。"})
    if person.candidate_on and person.candidate_on < add_years(person.activist_on, 1):
        earliest = add_years(person.activist_on, 1)
        raise ValidationError(
            {"candidate_on": f"入党积极分子须经一年以上培养才能确定为发展对象（最早 {earliest:%Y-%m-%d}）。"}
        )
    if person.admitted_on is None:
        if person.probation_ends_on is not None or person.probation_extended:
            raise ValidationError({"probation_ends_on": "尚未接收为预备党员，不能填写预备期。"})
        return
    original_end = add_years(person.admitted_on, 1)
    if person.probation_ends_on is None:
        person.probation_ends_on = original_end
    if not person.probation_extended and person.probation_ends_on != original_end:
        raise ValidationError({"probation_ends_on": "预备期为一年，自支部大会通过之日起计算。"})
    if person.probation_extended and not (original_end < person.probation_ends_on <= add_years(original_end, 1)):
        raise ValidationError({"probation_ends_on": "延长预备期最长一年，且须晚于原预备期满日期。"})
    if person.full_on and person.full_on < person.probation_ends_on:
        raise ValidationError({"full_on": f"预备期满（{person.probation_ends_on:%Y-%m-%d}）后才能转为正式党员。"})


def _check_organization(by: User, person: Person) -> None:
    org = person.party_organization
    if org is None:
        raise ValidationError({"party_organization": "请选择所在党组织。"})
    if not PartyOrganization.objects.editable_by(by).filter(pk=org.pk, is_active=True).exists():
        raise ValidationError({"party_organization": "该党组织不在您的管理范围内或已撤销。"})


def _check_entity(by: User, person: Person) -> None:
    if person.entity_id and not Entity.objects.visible_to(by).filter(pk=person.entity_id).exists():
        raise ValidationError({"entity": "该工作单位不在您的管理范围内。"})


def _validated(by: User, person: Person) -> Person:
    _normalise(person)
    _check_identity(person)
    _check_organization(by, person)
    _check_entity(by, person)
    check_pipeline(person)
    person.full_clean()
    return person


# Checked by _check_identity and check_pipeline (the probation too), or set-based (the related rows).
PRECHECKED_FIELDS = [
    "entity",
    "party_organization",
    "id_number",
    "birth_date",
    *(f for _s, f, _l in STAGE_DATES),
    "probation_ends_on",
    "probation_extended",
]


def person_check(person: Person, *, prechecked: Iterable[str] = (), today: date | None = None) -> Person:
    """Every rule about the person's own values, without a query: for checking many rows one by one.

    What needs the database (scope, a 身份证号 already recorded) is checked set-based by
    ``people_create_bulk``. ``prechecked`` names fields whose values the caller already guarantees (an
    import's choice columns, read through widgets that accept only valid choices). ``today`` spares a
    caller checking thousands of rows the time-zone lookup per row.
    """
    _normalise(person)
    _check_identity(person)
    check_pipeline(person, today=today)
    # The identity and the dates were just checked above, and the related rows are checked set-based:
    # the field checks left are lengths and choices, each by the model field's own ``clean`` as
    # ``full_clean`` runs it, over only the fields left (an import runs this for every row).
    errors = {}
    for field in _fields_to_check(frozenset(prechecked)):
        value = getattr(person, field.attname)
        if field.blank and value in field.empty_values:
            continue
        try:
            setattr(person, field.attname, field.clean(value, person))
        except ValidationError as error:
            errors[field.name] = error.error_list
    try:
        person.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    return person


@functools.cache
def _fields_to_check(prechecked: frozenset[str]) -> tuple:
    """The fields ``person_check`` still cleans one by one: neither checked above nor ``prechecked``."""
    skipped = {*PRECHECKED_FIELDS, *prechecked}
    return tuple(field for field in Person._meta.fields if field.name not in skipped and not field.primary_key)


def recorded_id_numbers(numbers: Iterable[str]) -> set[str]:
    """Which of these 身份证号 are already recorded (anywhere in the county): one query."""
    return values_present(Person, "id_number", numbers)


@transaction.atomic
def people_create_bulk(*, by: User, people: list[Person], checked: bool = False) -> list[Person]:
    """Record many people at once (imports): each checked, then scope and uniqueness set-based, one history each.

    A handful of queries per batch instead of several per person; any problem refuses the whole batch.
    ``checked`` says the caller already ran ``person_check`` on each (an import does, to name the bad rows).
    """
    for person in people:
        person.stage = person.stage or Stage.APPLICANT
        if not checked:
            person_check(person)
    if any(person.party_organization_id is None for person in people):
        raise ValidationError({"party_organization": "请选择所在党组织。"})
    org_ids = {person.party_organization_id for person in people}
    allowed = PartyOrganization.objects.editable_by(by).filter(pk__in=org_ids, is_active=True)
    if len(org_ids) != allowed.count():
        raise ValidationError({"party_organization": "有党组织不在您的管理范围内或已撤销。"})
    entity_ids = {person.entity_id for person in people} - {None}
    if entity_ids and len(entity_ids) != Entity.objects.visible_to(by).filter(pk__in=entity_ids).count():
        raise ValidationError({"entity": "有工作单位不在您的管理范围内。"})
    numbers = [person.id_number for person in people]
    twice = {number for number, count in Counter(numbers).items() if count > 1}
    recorded = recorded_id_numbers(numbers) | twice
    if recorded:
        raise ValidationError({"id_number": f"该身份证号已登记：{'、'.join(sorted(recorded)[:5])}"})
    created = rows_insert(Person, people)
    history_insert_select(Person, [person.pk for person in created], user=by)
    return created


@transaction.atomic
def person_create(*, by: User, **fields) -> Person:
    """Record a person (by default an 入党申请人 with ``applied_on``), optionally with the history they have."""
    unknown = set(fields) - PERSON_FIELDS - HISTORY_FIELDS
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}")
    fields.setdefault("stage", Stage.APPLICANT)
    person = _validated(by, Person(**fields))
    person.save()
    return person


def _locked(by: User, person: Person) -> Person:
    locked = Person.objects.editable_by(by).select_for_update().filter(pk=person.pk).first()
    if locked is None:
        raise ValidationError("该人员不在您的管理范围内。")
    return locked


@transaction.atomic
def person_update(*, by: User, person: Person, **changes) -> Person:
    """Change a person's own facts; the pipeline moves only through the transition services."""
    unknown = set(changes) - PERSON_FIELDS - {"applied_on"}
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    locked = _locked(by, person)
    for field, value in changes.items():
        setattr(locked, field, value)
    _validated(by, locked)
    locked.save()
    person.refresh_from_db()
    return person


def _advance(by: User, person: Person, *, to: str, field: str, on: date) -> Person:
    locked = _locked(by, person)
    expected = STAGE_ORDER[STAGE_ORDER.index(to) - 1]
    if locked.stage != expected:
        current = Stage(locked.stage).label
        if STAGE_ORDER.index(locked.stage) >= STAGE_ORDER.index(to):
            raise ValidationError(f"该人员已是{current}。")
        raise ValidationError(f"不能跳过阶段：当前为{current}，下一步是{NEXT_STEP[Stage(locked.stage)]}。")
    if on is None:
        raise ValidationError({field: "请填写日期。"})
    locked.stage = to
    setattr(locked, field, on)
    if to == Stage.PROBATIONARY:
        locked.probation_ends_on = add_years(on, 1)
        locked.probation_extended = False
    check_pipeline(locked)
    locked.full_clean()
    locked.save()
    person.refresh_from_db()
    return person


@transaction.atomic
def person_become_activist(*, by: User, person: Person, on: date) -> Person:
    """入党申请人 → 入党积极分子 on a date."""
    return _advance(by, person, to=Stage.ACTIVIST, field="activist_on", on=on)


@transaction.atomic
def person_become_candidate(*, by: User, person: Person, on: date) -> Person:
    """入党积极分子 → 发展对象, at least one year after becoming an activist."""
    return _advance(by, person, to=Stage.CANDIDATE, field="candidate_on", on=on)


@transaction.atomic
def person_admit(*, by: User, person: Person, on: date) -> Person:
    """发展对象 → 预备党员 by the branch meeting on ``on``; probation runs one year from it."""
    return _advance(by, person, to=Stage.PROBATIONARY, field="admitted_on", on=on)


@transaction.atomic
def person_make_full(*, by: User, person: Person, on: date) -> Person:
    """预备党员 → 正式党员, not before the probation ends."""
    return _advance(by, person, to=Stage.FULL, field="full_on", on=on)


@transaction.atomic
def person_extend_probation(*, by: User, person: Person, until: date) -> Person:
    """Extend a probation once, by at most one year beyond its original end."""
    locked = _locked(by, person)
    if locked.stage != Stage.PROBATIONARY:
        raise ValidationError("只有预备党员才能延长预备期。")
    if locked.probation_extended:
        raise ValidationError("预备期只能延长一次。")
    if until is None:
        raise ValidationError({"probation_ends_on": "请填写延长后的预备期满日期。"})
    locked.probation_extended = True
    locked.probation_ends_on = until
    check_pipeline(locked)
    locked.full_clean()
    locked.save()
    person.refresh_from_db()
    return person


def talent_record_create(*, by: User, person: Person, kind: str, title: str, awarded_on: date) -> TalentRecord:
    """Record a contest result or honour of a person (双向培养)."""
    if not Person.objects.editable_by(by).filter(pk=person.pk).exists():
        raise ValidationError("该人员不在您的管理范围内。")
    if awarded_on and awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": "日期不能晚于今天。"})
    record = TalentRecord(person=person, kind=kind, title=(title or "").strip(), awarded_on=awarded_on)
    record.full_clean()
    record.save()
    return record
