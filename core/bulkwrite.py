"""Inserting thousands of new rows at once (imports), as fast as the database takes them.

On PostgreSQL the rows go in through ``COPY … FROM STDIN`` with their ids drawn from the table's sequence
in one query beforehand: no SQL text of tens of thousands of placeholders to build and parse, and no
per-value preparation in Django's compiler for the plain columns (text, numbers, dates, booleans and
foreign keys, which the driver writes as they are). Anywhere else (the embedded SQLite default) it is
``bulk_create``. Either way the objects come back with their primary keys set, no signal is sent, and
the caller's transaction holds every row.
"""

from __future__ import annotations

import operator

from django.db import connections, models

__all__ = ["rows_insert", "values_present"]

# Columns whose Python value the driver writes as the database wants it: no preparation needed.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,
    models.ForeignKey,
)


def _plain(field: models.Field) -> bool:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    # A DateTimeField is a DateField that needs its time zone handling.
    return isinstance(field, PLAIN_FIELDS) and not isinstance(field, models.DateTimeField)


def _values_reader(names: list[str]):
    """An object's values of ``names`` as a tuple, read in C (attrgetter gives a bare value for one name)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return operator.attrgetter(*names)


def rows_insert(model: type[models.Model], objects: list[models.Model], *, using: str = "default") -> list:
    """Insert ``objects`` (all new) and return them with their primary keys set."""
    if not objects:
        return objects
    connection = connections[using]
    if connection.vendor != "postgresql":
        return model._default_manager.using(using).bulk_create(objects, batch_size=1000)
    meta = model._meta
    pk = meta.pk
    fields = [field for field in meta.concrete_fields if field is not pk]
    plain = [field for field in fields if _plain(field)]
    prepared = [field for field in fields if not _plain(field)]
    read_plain = _values_reader([field.attname for field in plain])
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(quote(field.column) for field in [pk, *plain, *prepared])
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj, new_id in zip(objects, ids, strict=True):
                if prepared:
                    extra = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in prepared]
                    copy.write_row((new_id, *read_plain(obj), *extra))
                else:
                    copy.write_row((new_id, *read_plain(obj)))
    for obj, new_id in zip(objects, ids, strict=True):
        obj.pk = new_id
        obj._state.adding = False
        obj._state.db = using
    return objects


def values_present(model: type[models.Model], field_name: str, values, *, using: str = "default") -> set:
    """Which of ``values`` a column already holds, in one query.

    On PostgreSQL the values travel as one array parameter (``= ANY``): an ``IN`` of ten thousand
    placeholders costs more to build and parse than the lookup itself.
    """
    wanted = list({value for value in values if value not in (None, "")})
    if not wanted:
        return set()
    connection = connections[using]
    if connection.vendor != "postgresql":
        manager = model._default_manager.using(using)
        return set(manager.filter(**{f"{field_name}__in": wanted}).order_by().values_list(field_name, flat=True))
    column = model._meta.get_field(field_name).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE {quote(column)} = ANY(%s)",  # noqa: S608
            [wanted],
        )
        return {row[0] for row in cursor.fetchall()}
