"""Failure 4 of the background-work probe: PostgreSQL restarted while a request was being answered gave that
request a 500. The restart is made for real on the request's own session: another session terminates it (what a
restart does to every session) after the request's first queries."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_session_afterwards():
    """The session cut off may be the test's own: a new one empties the tables after the test."""
    yield
    connection.close()


def terminated_after(queries: int):
    """An execute wrapper that has the session terminated from outside once ``queries`` statements have run."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        if len(seen) == queries:
            pid = context["connection"].connection.info.backend_pid
            params_ = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
            with psycopg.connect(**params_, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        seen.append(sql)
        return execute(sql, params, many, context)

    return wrapper, seen


def test_a_page_read_while_the_database_restarts_is_answered(world, county_admin):
    client = Client(raise_request_exception=False)
    client.force_login(county_admin)
    wrapper, seen = terminated_after(3)
    with connection.execute_wrapper(wrapper):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200  # was a 500
    assert len(seen) > 4  # cut off in the middle of the page, then answered in full on a new session
