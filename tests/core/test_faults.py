"""Faults made for real: a Redis of the test's own stopped and started again, Celery worker processes killed with
SIGKILL in the middle of a close and of an import, two closes at once.

The broker's Redis is started by each test on a free port (with AOF, as deployed), so stopping it touches nobody
else; the workers are ``celery worker`` processes on that Redis and the test database. A worker is caught in the
middle of its work by a table lock this test holds from another connection: the worker has claimed its job and
waits inside its transaction when it is killed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from core import imports, jobs
from core.choices import ImportStatus, JobStatus
from core.imports import import_job_create
from core.models import ImportJob, Job
from organizations.models import PartyOrganization
from scoring.choices import MonthStatus
from scoring.models import MonthlyResult, PointAccount, ScoringMonth
from scoring.services import stars
from scoring.tasks import month_close_previous
from tests.core.test_broker import party_organizations_xlsx
from tests.scoring.factories import make_handbook, make_person, rule

# Registers the "party-organizations" import kind for the tests that create import jobs without a page.
from organizations.resources import PartyOrganizationResource  # noqa: F401  isort: skip

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60
# The sweeper runs every minute (beat); a killed worker's work must be done again within that, plus the time a
# new worker process takes to start on a busy machine. Redis itself would wait the visibility timeout (an hour).
RECOVERY_SECONDS = 60 + 45


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, seconds: float = WAIT_SECONDS, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def fill_month(secretary, world, month: date, people) -> None:
    """Points for ``month``: everyone 12 study points; the first also care points, the second innovation."""
    version = stars.handbook_version_for(month)
    cells = [(p, "XX01", 1) for p in people] + [(p, "XX02", 2) for p in people]
    cells += [(people[0], "BF01", 4)] + ([(people[1], "JC01", 1)] if len(people) > 1 else [])
    with time_machine.travel(month.replace(day=20), tick=False):
        stars.month_grid_save(
            by=secretary,
            party_organization=world.org_a,
            month=month,
            counts={(person.pk, rule(version, code).pk): n for person, code, n in cells},
        )


class RedisServer:
    """A redis-server of this test's own on a free loopback port, with AOF as in the deployment."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "yes", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        assert wait_until(lambda: self._answers(client), 10), "redis-server did not start"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    @staticmethod
    def _answers(client) -> bool:
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False


def _reset_broker_pools() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path, settings):
    """Tasks go through a Redis of this test's own (not run in process); the cache lives there too."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    names = ("broker_url", "broker_write_url", "broker_read_url", "task_always_eager")
    saved = {name: app.conf[name] for name in names}
    app.conf.update(broker_url=server.url, broker_write_url=server.url, broker_read_url=server.url)
    app.conf.task_always_eager = False
    assert f":{server.port}/" in app.connection_for_write().as_uri()
    _reset_broker_pools()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "re",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    try:
        yield server
    finally:
        app.conf.update(saved)
        _reset_broker_pools()
        server.stop()


class Workers:
    """``celery worker`` processes this test starts (and only those it kills)."""

    def __init__(self, broker: RedisServer, folder: Path):
        self.broker = broker
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": self.broker.url,
            "CACHE_URL": self.broker.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        }
        log = self.folder / f"worker-{len(self.processes)}.log"
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info"]
        command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"w{len(self.processes)}@%h"]
        with log.open("w") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        self.processes.append(process)
        ready = wait_until(lambda: "ready." in log.read_text() or process.poll() is not None, 120, 0.5)
        assert ready and process.poll() is None, log.read_text()[-3000:]
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)


@pytest.fixture
def workers(broker, tmp_path):
    started = Workers(broker, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


class TableLock:
    """Another session holding ``table`` so that a worker reaching it waits inside its transaction."""

    def __init__(self, table: str):
        params = connection.get_connection_params()
        self.session = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
        self.session.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')

    def waiting_on_it(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0] > 0

    def release(self) -> None:
        self.session.rollback()
        self.session.close()


def sweep_until_interrupted(sweep) -> dict:
    """The sweeper as beat runs it, until it finds the killed worker's job (its database session ends at once)."""
    return wait_until(lambda: (counts := sweep())["interrupted"] and counts, 20, 0.5)


pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


# --- failure 1: Redis down while an import starts ---------------------------------------------------------


def test_an_import_started_while_redis_is_down_waits_then_runs_after_recovery(
    world, county_admin, as_user, broker, workers
):
    broker.stop()
    client = as_user(county_admin)
    started = time.monotonic()
    response = client.post(
        reverse("core:import_start", args=["party-organizations"]), {"file": party_organizations_xlsx(world)}
    )
    assert response.status_code == 302, response.status_code  # was a 500
    assert time.monotonic() - started < 10  # a short connect timeout, not a hung request
    job = ImportJob.objects.get()
    assert (job.status, job.note) == (ImportStatus.PENDING, jobs.BROKER_DOWN)
    page = client.get(response["Location"]).content.decode()
    assert "后台服务暂不可用，已排队，恢复后自动处理" in page
    assert imports.import_jobs_sweep() == {"interrupted": 0, "sent": 0}  # still down: it keeps waiting

    broker.start()
    workers.start()
    assert imports.import_jobs_sweep() == {"interrupted": 0, "sent": 1}
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status not in ImportJob.ACTIVE)
    job.refresh_from_db()
    assert (job.status, job.note, job.new_rows, job.errors) == (ImportStatus.VALIDATED, "", 2, [])


# --- failure 2: Redis down, the report page ---------------------------------------------------------------


def test_the_report_page_works_while_redis_is_down_and_its_report_is_made_after_recovery(
    world, county_admin, as_user, broker, workers
):
    broker.stop()
    client = as_user(county_admin)
    assert client.get(reverse("core:report_start")).status_code == 200  # was a 500
    response = client.post(reverse("core:report_start"), {"area": world.area_a.pk, "year": 2025})
    assert response.status_code == 302  # was a 500
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "排队中" in page.content.decode() and jobs.BROKER_DOWN in page.content.decode()
    listed = client.get(reverse("core:report_start")).content.decode()
    assert "排队中" in listed  # the recent reports come from the database
    assert client.get(reverse("core:job_list")).status_code == 200

    broker.start()
    workers.start()
    assert jobs.jobs_sweep() == {"interrupted": 0, "sent": 1}
    job = Job.objects.get(kind="report")
    assert wait_until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE), Job.objects.get(pk=job.pk)
    assert client.get(reverse("core:report_job_download", args=[job.pk.hex, "pdf"])).status_code == 200


# --- failure 3: a worker killed mid-close and mid-import ---------------------------------------------------


def _close_results(month: date) -> tuple[list, list]:
    results = MonthlyResult.objects.filter(month=month).order_by("person_id").values()
    return (
        [{k: v for k, v in row.items() if k != "id"} for row in results],
        list(PointAccount.objects.order_by("person_id").values_list("person_id", "balance")),
    )


def test_a_worker_killed_mid_close_is_replaced_within_the_sweeper_interval_with_identical_results(
    world, secretary, broker, workers
):
    make_handbook()
    month = stars.previous_month(timezone.localdate())
    fill_month(secretary, world, month, [make_person(world.org_a, f"甲党员{i}") for i in range(3)])
    with transaction.atomic():  # what a clean close gives, then undone
        stars.month_close(month=month)
        clean = _close_results(month)
        transaction.set_rollback(True)
    assert clean[0] and ScoringMonth.objects.get(month=month).status == MonthStatus.OPEN

    first = workers.start()
    lock = TableLock(MonthlyResult._meta.db_table)
    try:
        app.send_task("scoring.tasks.month_close_previous")
        assert wait_until(lambda: Job.objects.filter(kind="month_close", status=JobStatus.RUNNING).exists())
        assert wait_until(lock.waiting_on_it)  # inside the close's transaction
        workers.kill(first)
        killed_at = time.monotonic()
    finally:
        lock.release()
    assert sweep_until_interrupted(jobs.jobs_sweep) == {"interrupted": 1, "sent": 1}
    job = Job.objects.get(kind="month_close")
    assert (job.status, job.note) == (JobStatus.INTERRUPTED, jobs.REQUEUED)
    assert ScoringMonth.objects.get(month=month).status == MonthStatus.OPEN  # the killed close rolled back whole

    workers.start()
    assert wait_until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE, RECOVERY_SECONDS)
    assert time.monotonic() - killed_at < RECOVERY_SECONDS
    assert ScoringMonth.objects.get(month=month).status == MonthStatus.CLOSED
    assert _close_results(month) == clean
    assert Job.objects.get(pk=job.pk).attempts == 2


def _imported() -> list[tuple]:
    return list(
        PartyOrganization.objects.filter(name__in=["甲镇新材料公司党支部", "甲公司第二党支部"])
        .order_by("name")
        .values_list("name", "kind", "establishment_method", "area_id", "founded_on", "path")
    )


def test_a_worker_killed_mid_import_is_replaced_within_the_sweeper_interval_with_identical_results(
    world, county_admin, broker, workers
):
    job = import_job_create(
        user=county_admin, resource_key="party-organizations", uploaded_file=party_organizations_xlsx(world)
    )
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    with transaction.atomic():  # what a clean import writes, then undone
        imports._run(job, commit=True)
        clean = _imported()
        transaction.set_rollback(True)
    assert len(clean) == 2 and not _imported()

    first = workers.start()
    lock = TableLock(PartyOrganization._meta.db_table)
    try:
        assert imports.import_job_confirm(job=job)  # sent to the broker at once (no transaction open)
        assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING)
        assert wait_until(lock.waiting_on_it)
        workers.kill(first)
        killed_at = time.monotonic()
    finally:
        lock.release()
    assert sweep_until_interrupted(imports.import_jobs_sweep) == {"interrupted": 1, "sent": 1}
    assert not _imported()  # the killed import wrote nothing

    workers.start()
    assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE, RECOVERY_SECONDS)
    assert time.monotonic() - killed_at < RECOVERY_SECONDS
    assert _imported() == clean
    job.refresh_from_db()
    assert (job.new_rows, job.errors, job.attempts) == (2, [], 3)  # validated, killed, written


# --- two closes at once ----------------------------------------------------------------------------------


def test_two_closes_at_once_make_one_close_and_one_job(world, secretary):
    make_handbook()
    fill_month(secretary, world, date(2025, 4, 1), [make_person(world.org_a, f"甲党员{i}") for i in range(3)])
    barrier = threading.Barrier(2)
    outcomes = []

    def close():
        try:
            barrier.wait(10)
            outcomes.append(month_close_previous())
        except Exception as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close) for _ in range(2)]
    with time_machine.travel("2025-05-01 01:00 +0800", tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sorted(outcomes, key=str) == [False, True], outcomes
    assert Job.objects.filter(kind="month_close").count() == 1
    assert Job.objects.get(kind="month_close").status == JobStatus.DONE
    assert MonthlyResult.objects.filter(month=date(2025, 4, 1)).count() == 3
