"""The embedded default (SQLite) under concurrent users: writers that read before they write (a redemption
checking a balance, a point entry checking a month's cap) and readers at the same time get no "database is
locked" and lose no update, with the settings the portal runs with; without them the same load fails."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITERS, ROUNDS, READERS = 8, 25, 2

# Run in its own process with the embedded settings: the suite's own database is PostgreSQL.
WORKLOAD = """
import json, sys, threading, time
from django.conf import settings
if sys.argv[1] == "bare":
    settings.DATABASES["default"]["OPTIONS"] = {}
import django
django.setup()
from django.db import OperationalError, connection, transaction

writers, rounds, readers = (int(value) for value in sys.argv[2:5])
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE balance (id integer PRIMARY KEY, points integer NOT NULL)")
    cursor.execute("INSERT INTO balance VALUES (1, 0)")
connection.close()
errors, running = [], True

def write():
    for _ in range(rounds):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT points FROM balance WHERE id = 1")
                points = cursor.fetchone()[0]
                time.sleep(0.002)
                cursor.execute("UPDATE balance SET points = %s WHERE id = 1", [points + 1])
        except OperationalError as error:
            errors.append(str(error))
    connection.close()

def read():
    while running:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*), sum(points) FROM balance")
        except OperationalError as error:
            errors.append(str(error))
    connection.close()

threads = [threading.Thread(target=write) for _ in range(writers)]
watchers = [threading.Thread(target=read) for _ in range(readers)]
for thread in [*threads, *watchers]:
    thread.start()
for thread in threads:
    thread.join()
running = False
for thread in watchers:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT points FROM balance WHERE id = 1")
    points = cursor.fetchone()[0]
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
print(json.dumps({"errors": errors, "points": points, "journal": journal}))
"""


def embedded_env(tmp_path, name: str) -> dict:
    """The environment of a process running the embedded default on a SQLite file of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "CELERY_BROKER_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        SQLITE_PATH=str(tmp_path / f"{name}.sqlite3"),
        CACHE_DIR=str(tmp_path / "cache"),
    )
    return env


def embedded_run(tmp_path, mode: str) -> dict:
    env = embedded_env(tmp_path, mode)
    run = subprocess.run(  # noqa: S603 - the tests' own interpreter and code
        [sys.executable, "-c", WORKLOAD, mode, str(WRITERS), str(ROUNDS), str(READERS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_concurrent_writers_and_readers_on_the_embedded_default_get_no_locked_database(tmp_path):
    result = embedded_run(tmp_path, "settings")
    assert result["errors"] == []
    assert result["points"] == WRITERS * ROUNDS  # each read-then-write saw the one before it
    assert result["journal"] == "wal"


def test_without_the_settings_the_same_load_answers_database_is_locked(tmp_path):
    """The load above is hard enough to fail on SQLite's defaults: the test above can fail."""
    result = embedded_run(tmp_path, "bare")
    assert any("database is locked" in error for error in result["errors"])
