"""Fixtures of the scoring tests: a handbook in force and members on both sides of the scope line."""

import pytest

from members.choices import Stage
from tests.scoring.factories import make_handbook, make_person


@pytest.fixture
def handbook(db):
    return make_handbook()


@pytest.fixture
def members_a(world):
    return [make_person(world.org_a, f"甲党员{i}") for i in range(3)]


@pytest.fixture
def member_b(world):
    return make_person(world.org_b, "乙党员")


@pytest.fixture
def activist_a(world):
    return make_person(world.org_a, "甲积极分子", stage=Stage.ACTIVIST)
