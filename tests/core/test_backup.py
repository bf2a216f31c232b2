"""The restore drill: scripts/backup.sh dumps the database, scripts/restore.sh restores the dump into a scratch
database, and the restored database has the same rows in every table and the same dashboard figures."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from core import figures
from scoring.services import stars
from tests.core.test_faults import fill_month
from tests.factories import make_entity
from tests.scoring.factories import make_handbook, make_person

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

# The dashboard of the county admin (alice), as the home page computes it, printed as JSON.
FIGURES = """
import json, django
django.setup()
from core import figures
from core.models import User
scope = figures.Scope(User.objects.get(username="alice"))
print(json.dumps([[s.key, f.label, str(f.value)] for s in figures.sections(scope) for f in s.figures]))
"""


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def run(script: str, *args: str, database: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url(database)}
    done = subprocess.run(  # noqa: S603 - the project's own scripts and interpreter
        [script, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def row_counts(database: str) -> dict[str, int]:
    with psycopg.connect(database_url(database)) as session:
        tables = [
            name
            for (name,) in session.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {table: session.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_drill"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_has_the_same_rows_and_the_same_dashboard(
    world, county_admin, secretary, scratch_database, tmp_path
):
    make_entity(world.area_a, "甲镇纺织公司", org=world.org_a, members=5)
    make_entity(world.area_b, "乙镇化工公司", members=4)
    make_handbook()
    people = [make_person(world.org_a, f"甲党员{i}") for i in range(3)]
    fill_month(secretary, world, date(2025, 4, 1), people)
    stars.month_close(month=date(2025, 4, 1))
    original = connection.settings_dict["NAME"]
    dashboard = [
        [section.key, figure.label, str(figure.value)]
        for section in figures.sections(figures.Scope(county_admin))
        for figure in section.figures
    ]
    assert any(value != "0" for _key, _label, value in dashboard)

    dump = tmp_path / "backups" / "drill.dump"
    assert run(str(ROOT / "scripts" / "backup.sh"), str(dump), database=original).strip() == str(dump)
    assert dump.stat().st_size > 0 and not dump.with_suffix(".dump.partial").exists()
    run(str(ROOT / "scripts" / "restore.sh"), str(dump), database=scratch_database)

    counts = row_counts(original)
    assert counts["scoring_monthlyresult"] == 3 and counts["organizations_entity"] == 2
    assert row_counts(scratch_database) == counts
    restored = json.loads(run(sys.executable, "-c", FIGURES, database=scratch_database))
    assert restored == dashboard

    # Restoring again over the restored database replaces its tables: still the same.
    run(str(ROOT / "scripts" / "restore.sh"), str(dump), database=scratch_database)
    assert row_counts(scratch_database) == counts


def test_a_missing_dump_is_refused_with_its_reason(scratch_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(scratch_database)}
    command = [str(ROOT / "scripts" / "restore.sh"), str(tmp_path / "none.dump")]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 1 and "找不到备份文件" in done.stderr
