"""Personas shared by every test: a county admin, an area reviewer, two secretaries of different
organisations, chain staff, a department handler, and an anonymous visitor."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from playwright.sync_api import Browser, sync_playwright

from core.choices import ImportStatus, Role
from core.models import ImportJob
from manual.walk import CHROMIUM, CHROMIUM_BASE_ARGS
from organizations.models import Area, PartyOrganization
from tests.factories import (
    AreaFactory,
    DepartmentFactory,
    IndustryChainFactory,
    UserFactory,
    make_area_committee,
    make_org,
)


@dataclass
class World:
    """Two areas, each with a committee; area A holds org A (with a child branch), area B holds org B."""

    area_a: Area
    area_b: Area
    committee_a: PartyOrganization
    committee_b: PartyOrganization
    org_a: PartyOrganization
    org_a_child: PartyOrganization
    org_b: PartyOrganization


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    area_a = AreaFactory(name="甲镇", code="A")
    area_b = AreaFactory(name="乙镇", code="B")
    committee_a = make_area_committee(area_a)
    committee_b = make_area_committee(area_b)
    org_a = make_org(committee_a, "甲公司党委")
    org_a_child = make_org(org_a, "甲公司第一党支部")
    org_b = make_org(committee_b, "乙公司党支部")
    return World(area_a, area_b, committee_a, committee_b, org_a, org_a_child, org_b)


@pytest.fixture
def chain(db):
    return IndustryChainFactory(name="纺织服装")


@pytest.fixture
def department(db):
    return DepartmentFactory(name="县工业和信息化局")


@pytest.fixture
def matrix_world(world, chain, department, county_admin):
    """The world with what the permission matrix's URLs point at: a chain, a department, an import job."""
    world.chain = chain
    world.department = department
    world.job = ImportJob.objects.create(
        resource_key="party-organizations",
        original_name="a.xlsx",
        file="imports/a.xlsx",
        created_by=county_admin,
        status=ImportStatus.INVALID,
    )
    return world


@pytest.fixture
def county_admin(db):
    return UserFactory(username="alice", name="县管理员", role=Role.COUNTY_ADMIN)


@pytest.fixture
def area_reviewer(world):
    return UserFactory(username="bob", name="甲镇审核员", role=Role.AREA_REVIEWER, area=world.area_a)


@pytest.fixture
def secretary(world):
    return UserFactory(username="charlie", name="甲公司书记", role=Role.ORG_SECRETARY, party_organization=world.org_a)


@pytest.fixture
def other_secretary(world):
    return UserFactory(username="dave", name="乙公司书记", role=Role.ORG_SECRETARY, party_organization=world.org_b)


@pytest.fixture
def chain_staff(chain):
    return UserFactory(username="erin", name="产业链干事", role=Role.CHAIN_STAFF, chain=chain)


@pytest.fixture
def dept_handler(department):
    return UserFactory(username="frank", name="工信局经办人", role=Role.DEPT_HANDLER, department=department)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """``as_user(user)`` gives a client signed in as that user."""
    return login


# Real headless Chromium: Debian's, since playwright cannot download one here, started as the manual's build
# starts it.
CHROMIUM_ARGS = CHROMIUM_BASE_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run: playwright's sync API cannot start a second one while the first is up."""
    # Playwright's sync API runs an event loop in this thread, so Django would refuse the ORM calls made by
    # fixtures and assertions; allowed only while the browser is up, not for the rest of the run.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
