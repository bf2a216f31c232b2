"""Reminders (run twice, notified once), the API for points and results, the Excel import of a month's points."""

from datetime import date

import pytest
import tablib
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import import_job_commit, import_job_create, import_job_validate
from core.models import ImportJob, Notification
from members.choices import Stage
from scoring.models import PointEntry
from scoring.services import reminders, scorecards, stars
from scoring.tasks import remind_missing_monthly_entries, remind_missing_scorecards
from tests.scoring.factories import make_person, make_template, rule

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel("2025-05-25 09:00 +0800", tick=False):
        yield


def test_secretaries_without_any_points_this_month_are_reminded_once(
    world, secretary, other_secretary, handbook, members_a, member_b
):
    stars.point_entry_add(by=secretary, person=members_a[0], rule=rule(handbook, "XX01"), month=date(2025, 5, 1))
    assert list(reminders.secretaries_missing_monthly_entries(month=date(2025, 5, 1))) == [other_secretary]
    assert remind_missing_monthly_entries() == 1
    assert remind_missing_monthly_entries() == 0
    note = Notification.objects.get()
    assert note.recipient == other_secretary and "2025年05月" in note.title


def test_secretaries_with_unscored_activists_are_reminded_once(world, secretary, other_secretary, activist_a):
    make_template()
    make_person(world.org_b, "乙积极分子", stage=Stage.ACTIVIST)
    scores = {"political": 20, "discipline": 15, "solidarity": 15, "performance": 20}
    scorecards.scorecard_save(by=secretary, person=activist_a, year=2025, quarter=2, scores=scores)
    assert remind_missing_scorecards() == 1
    assert remind_missing_scorecards() == 0
    assert Notification.objects.get().recipient == other_secretary


def test_the_api_records_points_for_own_members_only(world, secretary, handbook, members_a, member_b, as_user):
    client = as_user(secretary)
    url = reverse("api:scoring-pointentry-list")
    body = {"person": members_a[0].pk, "rule": rule(handbook, "XX02").pk, "month": "2025-05-01", "times": 2}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["points"] == 10
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 400 and "超过每月上限" in again.json()["detail"][0]
    other = client.post(url, {**body, "person": member_b.pk}, content_type="application/json")
    assert other.status_code == 404
    assert PointEntry.objects.count() == 1
    listing = client.get(url).json()
    assert listing["count"] == 1 if isinstance(listing, dict) else len(listing) == 1
    for month in ("0001-01-01", "9999-12-01"):
        far = client.post(url, {**body, "month": month}, content_type="application/json")
        assert far.status_code == 400 and "日期应在 1900-01-01 至 2100-12-31 之间" in str(far.json()["month"])
    assert PointEntry.objects.count() == 1


def _upload(secretary, rows):
    data = tablib.Dataset(headers=["月份", "身份证号", "姓名", "积分事项编号", "次数", "说明"])
    for row in rows:
        data.append(row)
    upload = SimpleUploadedFile("points.xlsx", data.export("xlsx"))
    return import_job_create(user=secretary, resource_key="scoring-points", uploaded_file=upload)


def test_the_import_writes_a_months_points_or_nothing_with_row_numbered_reasons(
    world, secretary, handbook, members_a, member_b
):
    good = ["2025-05", members_a[0].id_number, members_a[0].name, "XX01", 2, "集中学习"]
    job = _upload(secretary, [good, ["2025-05", members_a[1].id_number, "", "JY01", 3, ""]])
    import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "invalid"
    assert job.errors[0]["row"] == 3 and "超过每月上限 20 分" in job.errors[0]["message"]
    job = _upload(secretary, [good, ["2025-05", member_b.id_number, "", "XX01", 1, ""]])
    import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    assert "不是您管理范围内的党员" in job.errors[0]["message"]
    assert PointEntry.objects.count() == 0
    job = _upload(secretary, [good, ["2025-05", members_a[1].id_number, "", "JY01", 1, ""]])
    import_job_validate(job_id=job.pk)
    import_job_commit(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == "done"
    assert sorted(PointEntry.objects.values_list("points", flat=True)) == [4, 10]


def test_the_import_page_offers_the_months_points_template(world, secretary, as_user):
    page = as_user(secretary).get(reverse("scoring:pointentry_list")).content.decode()
    assert reverse("core:import_start", args=["scoring-points"]) in page
    response = as_user(secretary).get(reverse("core:import_template", args=["scoring-points"]))
    assert response.status_code == 200
