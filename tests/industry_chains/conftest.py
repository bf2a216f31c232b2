"""Fixtures of the industry-chain area: a member enterprise of org A in the chain, a second department."""

import pytest

from tests.factories import DepartmentFactory
from tests.industry_chains.factories import member_enterprise


@pytest.fixture
def enterprise(world, chain):
    """甲公司, covered by org A (charlie's), a member enterprise of the chain."""
    return member_enterprise(chain, world.area_a, "甲纺织有限公司", org=world.org_a)


@pytest.fixture
def other_enterprise(world, chain):
    """乙公司, covered by org B (dave's), in the same chain."""
    return member_enterprise(chain, world.area_b, "乙服饰有限公司", org=world.org_b, order=1)


@pytest.fixture
def co_department(db):
    return DepartmentFactory(name="县人力资源和社会保障局", short_name="人社局")
