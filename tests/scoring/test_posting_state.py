"""A posting's state follows its dates when it is read: the list, its filter, the export, the API and the dashboard
never say 公示中 for a period that is over, even when the nightly close job has not run (the embedded default
runs none)."""

import io
from datetime import date

import openpyxl
import time_machine
from django.urls import reverse

from core.figures import Scope, sections
from scoring.choices import PostingState, PostingStatus
from scoring.models import Posting
from tests.scoring.test_postings import publish, reviewed_cards  # noqa: F401  (the fixture)


def _states(client, **query) -> dict[str, str]:
    response = client.get(reverse("scoring:posting_list"), query)
    assert response.status_code == 200
    return {posting.title: posting.get_state_display() for posting in response.context["object_list"]}


def _open_on_dashboard(user) -> int:
    (section,) = [section for section in sections(Scope(user)) if section.key == "scoring"]
    return section.values()["postings_open"]


def test_a_posting_past_its_last_day_reads_as_ended_although_no_job_closed_it(
    reviewed_cards,  # noqa: F811
    area_reviewer,
    as_user,
):
    posting = publish(area_reviewer)  # 2025-09-30 to 2025-10-14
    client = as_user(area_reviewer)
    with time_machine.travel("2025-10-14 18:00 +0800", tick=False):
        assert _states(client) == {posting.title: "公示中"}
        assert _open_on_dashboard(area_reviewer) == 1
    with time_machine.travel("2025-10-20 10:00 +0800", tick=False):
        assert Posting.objects.get(pk=posting.pk).status == PostingStatus.OPEN  # the job never ran
        page = client.get(reverse("scoring:posting_list")).content.decode()
        assert "公示结束" in page and "公示中</span>" not in page
        assert _states(client, status=PostingState.CLOSED) == {posting.title: "公示结束"}
        assert _states(client, status=PostingState.OPEN) == {}
        assert _open_on_dashboard(area_reviewer) == 0
        detail = client.get(reverse("scoring:posting_detail", args=[posting.pk])).content.decode()
        assert "公示结束" in detail
        api = client.get("/api/scoring/postings/").json()
        rows = api["results"] if isinstance(api, dict) else api
        assert [row["status"] for row in rows] == [PostingState.CLOSED]
        export = client.get(reverse("scoring:posting_list"), {"format": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
        assert "公示结束" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_a_posting_not_yet_begun_reads_as_upcoming(reviewed_cards, area_reviewer, as_user):  # noqa: F811
    with time_machine.travel("2025-09-27 10:00 +0800", tick=False):  # a Saturday: it starts on Monday
        posting = publish(area_reviewer, on=date(2025, 9, 27))
        assert posting.start_on > date(2025, 9, 27)
        assert _states(as_user(area_reviewer)) == {posting.title: "待开始"}
        assert _open_on_dashboard(area_reviewer) == 0


def test_the_sql_and_the_python_reading_of_a_state_agree(reviewed_cards, area_reviewer):  # noqa: F811
    posting = publish(area_reviewer)
    for day in (date(2025, 9, 29), date(2025, 9, 30), date(2025, 10, 14), date(2025, 10, 15)):
        annotated = Posting.objects.with_state(day).get(pk=posting.pk).current_state
        assert annotated == posting.state_on(day), day
