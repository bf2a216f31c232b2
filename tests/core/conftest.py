"""Fixtures for the core app's tests."""

import socket
from contextlib import contextmanager

import pytest


@pytest.fixture
def network_attempts(monkeypatch):
    """Every name lookup or connection tried during the test, each one refused instead of made."""
    attempts = []

    def refuse(what):
        def refused(*args, **kwargs):
            attempts.append((what, args))
            raise OSError(f"network access attempted in a test: {what}{args!r}")

        return refused

    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    return attempts


@pytest.fixture
def other_worker():
    """``with other_worker(name):`` — another worker's database session holds the job's lock meanwhile (as a live
    worker running that job does)."""
    import psycopg
    from django.db import connection

    from core.jobs import _lock_key

    @contextmanager
    def holding(name: str):
        params = connection.get_connection_params()
        with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s)", [_lock_key(name)])
            yield
            other.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(name)])

    return holding
