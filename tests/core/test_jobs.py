"""Background jobs tell the truth and recover: waiting, running, done, failed with its reason, interrupted with a
重新运行 button; the sweeper requeues work whose worker died and leaves alone work a live worker holds.

Tasks run in process here (CELERY_TASK_ALWAYS_EAGER); tests/core/test_faults.py drives the same paths through a
real Redis and real worker processes, with the faults made for real.
"""

import uuid
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from core import imports, jobs, reports
from core.cache import DegradingRedisCache
from core.choices import ImportStatus, JobStatus
from core.imports import import_job_create
from core.models import ImportJob, Job
from organizations.models import PartyOrganization
from scoring.choices import MonthStatus
from scoring.models import MonthlyResult, ScoringMonth
from scoring.services import stars
from scoring.tasks import month_close_previous
from tests.core.test_faults import fill_month, free_port, party_organizations_xlsx
from tests.scoring.factories import make_handbook, make_person


def interrupted_report(user) -> str:
    """A report whose worker died mid-way: marked running, nobody holds its lock."""
    job_id = reports.report_start(by=user)
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, attempts=1, done=2, current="已统计：党员队伍")
    return job_id


def test_the_sweeper_requeues_a_job_whose_worker_died_and_it_finishes(world, county_admin):
    job_id = interrupted_report(county_admin)
    assert jobs.jobs_sweep() == {"interrupted": 1, "sent": 1}
    job = reports.report_job_get(job_id)
    assert (job["status"], job["attempts"], job["error"]) == ("done", 2, "")
    assert job["done"] == job["total"]


def test_the_sweeper_leaves_alone_a_job_whose_worker_is_alive(world, county_admin, other_worker):
    job_id = interrupted_report(county_admin)
    with other_worker(f"job:{uuid.UUID(job_id)}"):
        assert jobs.jobs_sweep() == {"interrupted": 0, "sent": 0}
        assert reports.report_job_get(job_id)["status"] == "running"


def test_an_interrupted_job_shows_its_reason_and_a_rerun_button_to_its_owner(
    world, county_admin, area_reviewer, as_user, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 1  # no automatic retry left: the owner decides
    job_id = interrupted_report(county_admin)
    assert jobs.jobs_sweep() == {"interrupted": 1, "sent": 0}
    client = as_user(county_admin)
    page = client.get(reverse("core:report_job_detail", args=[job_id])).content.decode()
    assert "已中断" in page and jobs.REQUEUED in page and "重新运行" in page
    listed = client.get(reverse("core:job_list")).content.decode()
    assert "工作报告" in listed and "已中断" in listed
    rerun = reverse("core:job_rerun", args=[job_id])
    assert as_user(area_reviewer).post(rerun).status_code == 404
    assert client.get(rerun).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(rerun)
    assert response.status_code == 302 and response["Location"] == reverse("core:report_job_detail", args=[job_id])
    assert reports.report_job_get(job_id)["status"] == "done"


def test_rerunning_a_finished_job_is_refused_and_changes_nothing(world, county_admin, as_user):
    job_id = reports.report_start(by=county_admin)
    reports.work_report_build(job_id=job_id)
    before = reports.report_job_get(job_id)
    response = as_user(county_admin).post(reverse("core:job_rerun", args=[job_id]), follow=True)
    assert "只有失败或已中断的任务可以重新运行。" in response.content.decode()
    assert reports.report_job_get(job_id) == before
    assert as_user(county_admin).post(reverse("core:job_rerun", args=["not-a-job"])).status_code == 404


def test_a_failed_job_says_why(world, county_admin, as_user, monkeypatch):
    job_id = reports.report_start(by=county_admin)

    def broken(**kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(reports, "report_pdf", broken)
    with pytest.raises(OSError):
        reports.work_report_build(job_id=job_id)
    page = as_user(county_admin).get(reverse("core:report_job_detail", args=[job_id])).content.decode()
    assert "失败" in page and "磁盘已满" in page and "重新运行" in page


def test_a_scheduled_close_is_a_job_county_staff_see_and_can_rerun(
    world, secretary, county_admin, as_user, django_capture_on_commit_callbacks
):
    make_handbook()
    april = date(2025, 4, 1)
    fill_month(secretary, world, april, [make_person(world.org_a, f"甲党员{i}") for i in range(2)])
    job_id, closed = stars.month_close_job(month=april)
    assert closed is True
    assert stars.month_close_job(month=april) == (job_id, False)  # one job per month, run once
    assert Job.objects.filter(kind="month_close").count() == 1
    listed = as_user(county_admin).get(reverse("core:job_list")).content.decode()
    assert "月度结账" in listed and "2025年04月结账" in listed and "已完成" in listed
    assert "2025年04月结账" not in as_user(secretary).get(reverse("core:job_list")).content.decode()
    Job.objects.filter(pk=job_id).update(status=JobStatus.INTERRUPTED)
    assert as_user(secretary).post(reverse("core:job_rerun", args=[job_id])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(county_admin).post(reverse("core:job_rerun", args=[job_id]))
    assert response["Location"] == reverse("core:job_list")
    assert Job.objects.get(pk=job_id).status == JobStatus.DONE
    assert ScoringMonth.objects.get(month=april).status == MonthStatus.CLOSED
    assert MonthlyResult.objects.filter(month=april).count() == 2  # the re-run changed nothing


def test_the_beat_close_records_its_job(world, secretary):
    make_handbook()
    fill_month(secretary, world, date(2025, 4, 1), [make_person(world.org_a, "甲党员")])
    with time_machine.travel("2025-05-01 01:00 +0800", tick=False):
        assert month_close_previous() is True
        assert month_close_previous() is False
    job = Job.objects.get(kind="month_close")
    assert (job.key, job.user, job.status, job.data["closed"]) == ("2025-04-01", None, JobStatus.DONE, True)


def test_an_import_whose_worker_died_is_resumed_by_the_sweeper(
    world, county_admin, as_user, settings, django_capture_on_commit_callbacks
):
    job = import_job_create(
        user=county_admin, resource_key="party-organizations", uploaded_file=party_organizations_xlsx(world)
    )
    imports.import_job_validate(job_id=job.pk)
    assert imports.import_job_confirm(job=job)  # after commit it would be sent; here the worker "takes" it
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, attempts=2)
    settings.JOB_MAX_ATTEMPTS = 2
    assert imports.import_jobs_sweep() == {"interrupted": 1, "sent": 0}
    page = as_user(county_admin).get(reverse("core:import_job_detail", args=[job.pk])).content.decode()
    assert "已中断" in page and "没有写入任何数据" in page and "重新运行" in page
    before = PartyOrganization.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(county_admin).post(reverse("core:import_job_rerun", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.new_rows) == (ImportStatus.DONE, 2)
    assert PartyOrganization.objects.count() == before + 2


def test_an_import_waiting_for_the_broker_is_sent_by_the_sweeper(world, county_admin):
    job = import_job_create(
        user=county_admin, resource_key="party-organizations", uploaded_file=party_organizations_xlsx(world)
    )
    ImportJob.objects.filter(pk=job.pk).update(note=jobs.BROKER_DOWN)
    call_command("jobs_sweep")
    job.refresh_from_db()
    assert (job.status, job.note) == (ImportStatus.VALIDATED, "")
    assert job.sent_at is not None


def test_the_embedded_default_takes_every_running_job_for_stopped_at_start(world, county_admin, settings):
    """Without PostgreSQL's locks only the heartbeat tells; at start (``--stopped``) nothing can be running."""
    job_id = interrupted_report(county_admin)
    Job.objects.filter(pk=job_id).update(heartbeat_at=None)
    call_command("jobs_sweep", "--stopped")
    assert reports.report_job_get(job_id)["status"] == "done"


def test_the_cache_misses_instead_of_failing_while_redis_does_not_answer(caplog):
    cache = DegradingRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert cache.get("any", "default") == "default"
    cache.set("any", 1)
    assert cache.add("lock", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert "cache unavailable" in caplog.text
