"""Where no beat runs (the embedded default), the first request of each day runs the jobs that move states by the
date, once a day however many requests and processes there are; a failing job does not break the page."""

import importlib

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

CALLS: list[str] = []


def count_call():
    CALLS.append("ran")


def fail():
    raise RuntimeError("job broke")


@pytest.fixture
def catch_up(settings):
    cache.clear()
    CALLS.clear()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "core.middleware.CatchUpJobsMiddleware"]
    settings.CATCH_UP_JOBS = ["tests.core.test_catch_up_jobs.fail", "tests.core.test_catch_up_jobs.count_call"]
    yield
    cache.clear()


@pytest.mark.usefixtures("catch_up")
def test_the_days_jobs_run_on_its_first_request_only(client, db):
    login = reverse("login")
    with time_machine.travel("2026-12-30 09:00 +0800", tick=False):
        assert client.get(login).status_code == 200  # the failing job is logged, the page still answers
        client.get(login)
    assert CALLS == ["ran"]
    with time_machine.travel("2026-12-31 00:05 +0800", tick=False):
        client.get(login)
        client.get(login)
    assert CALLS == ["ran", "ran"]


def test_the_embedded_default_catches_up_the_state_moving_jobs():
    local = importlib.import_module("config.settings.local")
    assert "core.middleware.CatchUpJobsMiddleware" in local.MIDDLEWARE
    assert local.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert "scoring.tasks.postings_close_ended" in local.CATCH_UP_JOBS
    for path in local.CATCH_UP_JOBS:
        module, name = path.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name))
