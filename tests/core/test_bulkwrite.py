"""The bulk writer imports use: rows go in through COPY with ids from the sequence, exactly as given."""

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from core.audit import history_insert_select
from core.bulkwrite import rows_insert, values_present
from core.models import ImportJob
from members.choices import Education, Stage
from members.models import Person
from members.validators import id_check_char
from tests.core.test_embedded_sqlite import embedded_env


def _id(serial: int) -> str:
    first17 = f"370830199001{serial:02d}0{serial % 10}1"
    return first17 + id_check_char(first17)


def _many_id(serial: int) -> str:
    first17 = f"370830{date(1990, 1, 1) + timedelta(days=serial // 500):%Y%m%d}{serial % 500 * 2 + 1:03d}"
    return first17 + id_check_char(first17)


def _people(world, entity_org_pairs):
    return [
        Person(
            name=f"批量{number}",
            gender="M",
            birth_date=date(1990, 1, number),
            id_number=_id(number),
            phone="" if number % 2 else f"1380000{number:04d}",
            education=Education.choices[number % len(Education.choices)][0],
            entity=entity,
            party_organization=org,
            is_technical_talent=number % 3 == 0,
            stage=Stage.ACTIVIST if number % 2 else Stage.APPLICANT,
            applied_on=date(2015, 3, number),
            activist_on=date(2016, 3, number) if number % 2 else None,
        )
        for number, (entity, org) in enumerate(entity_org_pairs, 1)
    ]


def _row(person: Person) -> dict:
    return {field.attname: getattr(person, field.attname) for field in Person._meta.concrete_fields}


@pytest.mark.django_db
def test_rows_go_in_with_their_values_ids_from_the_sequence_and_a_history_each(world, county_admin):
    from tests.factories import make_entity

    entity = make_entity(world.area_a, "批量企业", org=world.org_a)
    before = Person.objects.create(
        name="先来", gender="F", birth_date=date(1990, 2, 2), id_number=_id(30), party_organization=world.org_b
    )
    people = _people(world, [(entity, world.org_a), (None, world.org_a_child), (None, world.org_b)] * 3)
    assert connection.vendor == "postgresql"  # the COPY path, not the fallback

    written = rows_insert(Person, people)

    assert written is people and all(person.pk and not person._state.adding for person in people)
    assert len({person.pk for person in people}) == 9 and min(p.pk for p in people) > before.pk
    stored = {person.pk: _row(person) for person in Person.objects.filter(pk__in=[p.pk for p in people])}
    assert stored == {person.pk: _row(person) for person in people}
    # Nothing was left to the database's defaults by mistake: blank phone is "", not NULL; flags are set.
    assert Person.objects.filter(pk=people[0].pk, phone="", is_technical_talent=False).exists()
    assert Person.objects.filter(pk=people[2].pk, is_technical_talent=True).exists()

    assert history_insert_select(Person, [p.pk for p in people], user=county_admin) == 9
    history = Person.history.filter(id__in=[p.pk for p in people])
    assert history.count() == 9 and set(history.values_list("history_type", "history_user")) == {("+", county_admin.pk)}
    # The sequence moved past the ids drawn: the next ordinary insert does not collide.
    after = Person.objects.create(
        name="后到", gender="F", birth_date=date(1990, 3, 3), id_number=_id(31), party_organization=world.org_b
    )
    assert after.pk > max(p.pk for p in people)


@pytest.mark.django_db
def test_fields_the_driver_cannot_take_as_they_are_are_prepared_by_the_field(county_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob(
        resource_key="people",
        file=ContentFile(b"x", name="people.xlsx"),
        original_name="人员.xlsx",
        created_by=county_admin,
        errors=[{"row": 3, "message": "身份证号：必须填写"}],
        preview=[{"values": ["张三", None, 1.5]}],
    )
    [job] = rows_insert(ImportJob, [job])
    stored = ImportJob.objects.get(pk=job.pk)
    assert stored.errors == [{"row": 3, "message": "身份证号：必须填写"}]  # JSON, not its text
    assert stored.preview == [{"values": ["张三", None, 1.5]}]
    assert stored.created_at is not None and stored.created_at == job.created_at  # auto_now_add, time zone kept
    assert stored.file.name.startswith("imports/") and stored.file.read() == b"x"  # saved by pre_save


@pytest.mark.django_db
def test_values_present_names_exactly_the_values_the_column_holds(world):
    Person.objects.create(
        name="甲", gender="M", birth_date=date(1990, 1, 1), id_number=_id(1), party_organization=world.org_a
    )
    assert values_present(Person, "id_number", [_id(1), _id(2), "", None, _id(1)]) == {_id(1)}
    assert values_present(Person, "id_number", []) == set()
    assert values_present(Person, "id_number", ["", None]) == set()


# The embedded default is SQLite: the same calls take the fallback (bulk_create, IN lists) there.
EMBEDDED = """
import json
from datetime import date
import django
django.setup()
from django.db import connection
from core.audit import history_insert_select
from core.bulkwrite import rows_insert, values_present
from members.models import Person

from django.core.management import call_command
call_command("migrate", "members", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA foreign_keys = OFF")  # people of an organisation this test does not create
numbers = json.loads(input())
people = [
    Person(name=f"人{i}", gender="M", birth_date=date(1990, 1, 1), id_number=number, party_organization_id=7)
    for i, number in enumerate(numbers)
]
rows_insert(Person, people)
print(json.dumps({
    "vendor": connection.vendor,
    "pks": [person.pk for person in people],
    "stored": sorted(Person.objects.order_by().values_list("id_number", flat=True)),
    "history": history_insert_select(Person, [person.pk for person in people], user=None),
    "present": sorted(values_present(Person, "id_number", [numbers[0], "370830199001010000"])),
}))
"""


def test_the_embedded_default_takes_the_same_calls_without_copy(tmp_path):
    numbers = [_many_id(serial) for serial in range(1203)]  # more than one IN list of 1,000
    run = subprocess.run(  # noqa: S603 - the tests' own interpreter and code
        [sys.executable, "-c", EMBEDDED],
        cwd=Path(__file__).resolve().parents[2],
        env=embedded_env(tmp_path, "embedded"),
        input=json.dumps(numbers),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["vendor"] == "sqlite"
    assert len(set(result["pks"])) == len(numbers) and None not in result["pks"]
    assert result["stored"] == sorted(numbers)
    assert result["history"] == len(numbers)
    assert result["present"] == [numbers[0]]
