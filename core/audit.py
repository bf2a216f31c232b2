"""Audit trail: who changed a record, when, and each field from what to what; and who saw personal data in full."""

from dataclasses import dataclass, field
from datetime import datetime

from core.jobs import requester_label
from core.models import PersonalDataAccess

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name: str, value) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "（空）"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def audit_entries(instance, *, limit: int = 50) -> list[AuditEntry]:
    """The newest ``limit`` history records of ``instance`` with their field-level differences."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                label = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(
                    Change(
                        label, _display(record, change.field, change.old), _display(record, change.field, change.new)
                    )
                )
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "系统",
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def history_insert_select(model, pks: list, *, user, reason: str | None = None) -> int:
    """Write the "created" history of rows just bulk-inserted with one INSERT … SELECT (per thousand rows
    outside PostgreSQL).

    simple-history's ``bulk_create_with_history`` builds and inserts a Python object per row; for imports
    of thousands of rows the database can copy the rows itself, in the same transaction.
    """
    from django.db import connection
    from django.utils import timezone

    history = model.history.model
    quote = connection.ops.quote_name
    copied = [
        field.column
        for field in history._meta.concrete_fields
        if field.column
        not in {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
    ]
    targets = ", ".join(quote(column) for column in copied)
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - identifiers from the models
        f"({targets}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {targets}, %s, %s, '+', %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} "
    )
    head = [timezone.now(), reason, getattr(user, "pk", None)]
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, the keys as one array parameter
            cursor.execute(insert + "= ANY(%s)", [*head, list(pks)])
            return cursor.rowcount
        for start in range(0, len(pks), 1000):
            chunk = pks[start : start + 1000]
            cursor.execute(insert + f"IN ({', '.join(['%s'] * len(chunk))})", [*head, *chunk])
            written += cursor.rowcount
    return written


def personal_data_record(*, user, action: str, what: str, person_ids, path: str = ""):
    """Write down that ``user`` saw (or exported) the full 身份证号 and phone of these people: who, when,
    where and which records, for county staff to review."""
    ids = sorted(set(person_ids))
    return PersonalDataAccess.objects.create(
        user=user,
        user_label=requester_label(user),
        action=action,
        what=what,
        path=path[:500],
        person_count=len(ids),
        person_ids=ids,
    )
