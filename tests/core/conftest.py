"""Fixtures for the core app's tests."""

import socket

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
