"""The industry-chain API: reporting and each step go through the services; refusals are 400 with the reason."""

from datetime import date

from django.urls import reverse
from rest_framework.test import APIClient

from industry_chains.choices import TicketStatus
from industry_chains.models import Ticket
from organizations.models import Entity
from tests.industry_chains.factories import dispatched, reported


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_loop_runs_through_the_api(secretary, chain_staff, dept_handler, department, enterprise):
    created = api(secretary).post(
        reverse("api:chainticket-list"),
        {
            "chain": enterprise.chain.pk,
            "entity": enterprise.entity.pk,
            "category": "land",
            "title": "用地",
            "description": "扩建",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    steps = reverse("api:chainticket-steps", args=[pk])
    assert api(chain_staff).post(steps, {"step": "accept"}, format="json").status_code == 200
    assert api(chain_staff).post(steps, {"step": "dispatch", "lead": department.pk}, format="json").status_code == 200
    assert api(dept_handler).post(steps, {"step": "reply", "reply": "已协调"}, format="json").status_code == 200
    closed = api(secretary).post(steps, {"step": "confirm", "rating": 5}, format="json")
    assert closed.status_code == 200
    assert closed.json()["status"] == TicketStatus.CLOSED
    assert [e["step"] for e in closed.json()["events"]] == ["report", "accept", "dispatch", "reply", "confirm", "close"]


def test_reporting_for_another_organisations_enterprise_answers_as_for_one_that_does_not_exist(
    secretary, enterprise, other_enterprise
):
    def report(entity_pk):
        payload = {"chain": enterprise.chain.pk, "entity": entity_pk, "category": "land", "title": "用地"}
        payload["description"] = "扩建"
        return api(secretary).post(reverse("api:chainticket-list"), payload, format="json")

    out_of_scope = report(other_enterprise.entity.pk)
    missing = report(Entity.objects.order_by("-pk").first().pk + 1000)
    assert (out_of_scope.status_code, out_of_scope.json()) == (missing.status_code, missing.json())
    assert out_of_scope.status_code == 400
    assert out_of_scope.json() == {"entity": ["找不到该记录，或不在您的管理范围内。"]}
    assert not Ticket.objects.exists()


def test_a_refused_step_answers_400_with_the_chinese_reason(secretary, chain_staff, department, enterprise):
    ticket = dispatched(secretary, chain_staff, enterprise, department)
    response = api(secretary).post(
        reverse("api:chainticket-steps", args=[ticket.pk]), {"step": "confirm", "rating": 5}, format="json"
    )
    assert response.status_code == 400
    assert "尚无主办部门答复" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DISPATCHED


def test_another_enterprises_ticket_is_404_in_the_api(secretary, other_secretary, enterprise):
    ticket = reported(secretary, enterprise)
    client = api(other_secretary)
    assert client.get(reverse("api:chainticket-detail", args=[ticket.pk])).status_code == 404
    assert (
        client.post(reverse("api:chainticket-steps", args=[ticket.pk]), {"step": "confirm", "rating": 5}).status_code
        == 404
    )
    assert Ticket.objects.get().status == TicketStatus.REPORTED


def test_the_steps_endpoint_refuses_get_and_anonymous_posts(client, secretary, enterprise):
    ticket = reported(secretary, enterprise)
    url = reverse("api:chainticket-steps", args=[ticket.pk])
    assert api(secretary).get(url).status_code == 405
    assert client.post(url, {"step": "accept"}).status_code in {401, 403}


def test_the_ticket_step_page_refuses_get_and_anonymous_posts(client, as_user, secretary, enterprise):
    ticket = reported(secretary, enterprise)
    url = reverse("industry_chains:ticket_step", args=[ticket.pk, "accept"])
    assert as_user(secretary).get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_assessment_endpoint_groups_by_department_or_chain(
    county_admin, secretary, chain_staff, department, enterprise
):
    dispatched(secretary, chain_staff, enterprise, department)
    client = api(county_admin)
    start = date.today().replace(month=1, day=1).isoformat()
    by_department = client.get(reverse("api:ticketassessment-list"), {"start": start}).json()
    assert by_department[0]["name"] == department.name and by_department[0]["received"] == 1
    by_chain = client.get(reverse("api:ticketassessment-list"), {"group": "chain", "start": start}).json()
    assert by_chain[0]["name"] == enterprise.chain.name
    assert (
        client.get(reverse("api:ticketassessment-list"), {"start": "2025-12-01", "end": "2025-01-01"}).status_code
        == 400
    )
