"""What awaits a user today, gathered from every area for the home page (see ``SOURCES``)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

SOURCES = [
    "members.selectors.todos",
    "scoring.selectors.todos",
    "industry_chains.selectors.todos",
    "party_life.selectors.todos",
]


@dataclass
class Todo:
    """A kind of work waiting for the user: how many, and the page where it is done."""

    label: str
    count: int
    url: str
    urgent: bool = False
    # A few of the records themselves, most pressing first: (text, url, note).
    items: list[tuple[str, str, str]] = field(default_factory=list)


def for_user(user) -> list[Todo]:
    """Every area's waiting work for this user, leaving out what is empty."""
    items = [todo for name in SOURCES for todo in importlib.import_module(name).todos(user)]
    return [todo for todo in items if todo.count]
