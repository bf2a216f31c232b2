"""The real background path: a task published to Redis, taken by a Celery worker, written to PostgreSQL.

The rest of the suite runs tasks eagerly in process (CELERY_TASK_ALWAYS_EAGER); ``send_task`` ignores that
setting and always goes through the broker, so this test proves the deployment's path still works.
"""

import threading
import time
import uuid
from datetime import date
from io import BytesIO

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu import Exchange, Queue
from openpyxl import Workbook

from config.celery import app
from core.choices import ImportStatus
from core.imports import import_job_create
from core.models import ImportJob
from organizations.models import PartyOrganization

# Registers the "party-organizations" import kind. Nothing else loads resources.py outside the URLconf: a
# worker started with CELERY_SKIP_CHECKS would not know the kind (core/apps.py should autodiscover them).
from organizations.resources import PartyOrganizationResource  # noqa: F401

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def queue():
    """A queue of this test's own, so no other worker on the same Redis takes the message; removed afterwards."""
    name = f"redengine-test-{uuid.uuid4().hex[:12]}"
    yield name
    with app.connection_for_write() as connection:
        # Bound in this channel first: deleting it then also drops its binding tables in Redis.
        bound = Queue(name, Exchange(name), routing_key=name)(connection.default_channel)
        bound.declare()
        bound.delete()


def party_organizations_xlsx(world) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["名称", "组织类型", "组建方式", "所属街镇/园区", "上级党组织", "成立日期"])
    area = world.area_a.name
    sheet.append(["甲镇新材料公司党支部", "党支部", "单独建", area, world.committee_a.name, date(2021, 5, 1)])
    sheet.append(["甲公司第二党支部", "党支部", "联合建", area, world.org_a.name, date(2023, 3, 15)])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "党组织.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def wait_for_status(job_id: int, wanted: set[str]) -> ImportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in wanted or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


@pytest.mark.filterwarnings("ignore:task_always_eager has no effect on send_task")
def test_a_task_sent_through_redis_is_run_by_a_worker_against_postgresql(queue, county_admin, world):
    assert app.conf.broker_url.startswith("redis://"), f"the broker is {app.conf.broker_url}, not Redis"
    job = import_job_create(
        user=county_admin, resource_key="party-organizations", uploaded_file=party_organizations_xlsx(world)
    )
    assert (job.status, job.total_rows) == (ImportStatus.PENDING, 0)
    organizations_before = PartyOrganization.objects.count()

    runs = []

    def record_run(task_id, task, **kwargs):
        request = task.request
        in_main_thread = threading.current_thread() is threading.main_thread()
        runs.append((task_id, request.is_eager, (request.delivery_info or {}).get("routing_key"), in_main_thread))

    signals.task_postrun.connect(record_run, weak=False)
    try:
        result = app.send_task("core.tasks.import_job_validate", args=[job.pk], queue=queue)
        # Published, not run: without a worker the job has not moved.
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PENDING

        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, queues=[queue]):
            job = wait_for_status(job.pk, {ImportStatus.VALIDATED, ImportStatus.INVALID, ImportStatus.FAILED})
    finally:
        signals.task_postrun.disconnect(record_run)

    assert job.status == ImportStatus.VALIDATED, (job.status, job.errors)
    assert (job.total_rows, job.processed_rows, job.new_rows) == (2, 2, 2)
    assert job.errors == []
    assert [row["values"][0] for row in job.preview] == ["甲镇新材料公司党支部", "甲公司第二党支部"]
    assert job.finished_at is not None
    # Run once, by the worker's thread, from a message delivered through this test's queue.
    assert runs == [(result.id, False, queue, False)]
    # Validation is a dry run: the worker wrote the job's outcome and nothing else.
    assert PartyOrganization.objects.count() == organizations_before
