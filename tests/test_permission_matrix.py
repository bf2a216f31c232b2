"""Every page and endpoint, tried by each persona and anonymously.

A new URL without a row here fails ``test_every_url_is_in_the_matrix``: the matrix cannot fall behind.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A, PERSONAS, only

# url name -> (args builder, expected status per persona, kind). Kind "page" sends anonymous visitors
# to the login page; "api" answers them 403; "public" serves them.
MATRIX = {
    "core:home": (None, ALL_STAFF, "page"),
    "organizations:index": (None, ALL_STAFF, "page"),
    "organizations:area_list": (None, ALL_STAFF, "page"),
    "organizations:partyorganization_list": (None, ALL_STAFF, "page"),
    "organizations:partyorganization_create": (None, CAN_ADD, "page"),
    "organizations:partyorganization_detail": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "organizations:partyorganization_update": (lambda w: [w.org_a_child.pk], ORG_A, "page"),
    "members:index": (None, ALL_STAFF, "page"),
    "scoring:index": (None, ALL_STAFF, "page"),
    "industry_chains:index": (None, ALL_STAFF, "page"),
    "industry_chains:industrychain_list": (None, ALL_STAFF, "page"),
    "industry_chains:department_list": (None, ALL_STAFF, "page"),
    "core:import_start": (lambda w: ["party-organizations"], CAN_ADD, "page"),
    "core:import_template": (lambda w: ["party-organizations"], ALL_STAFF, "page"),
    # Import jobs belong to the county admin who uploaded them.
    "core:import_job_detail": (lambda w: [w.job.pk], only({"county_admin": 200}), "page"),
    "password_change": (None, ALL_STAFF, "page"),
    "password_change_done": (None, ALL_STAFF, "page"),
    "login": (None, None, "public"),
    "healthz": (None, None, "public"),
    "notices": (None, ALL_STAFF, "public"),
    "api:api-root": (None, ALL_STAFF, "api"),
    "api:me": (None, ALL_STAFF, "api"),
    "api:schema": (None, ALL_STAFF, "api"),
    "api:docs": (None, ALL_STAFF, "api"),
    "api:redoc": (None, ALL_STAFF, "api"),
    "api:area-list": (None, ALL_STAFF, "api"),
    "api:area-detail": (lambda w: [w.area_a.pk], ALL_STAFF, "api"),
    "api:partyorganization-list": (None, ALL_STAFF, "api"),
    "api:partyorganization-detail": (lambda w: [w.org_a_child.pk], ORG_A, "api"),
    "api:industrychain-list": (None, ALL_STAFF, "api"),
    "api:industrychain-detail": (lambda w: [w.chain.pk], ALL_STAFF, "api"),
    "api:department-list": (None, ALL_STAFF, "api"),
    "api:department-detail": (lambda w: [w.department.pk], ALL_STAFF, "api"),
}

# Each part of an area adds its own rows in tests/<app>/matrix_<part>.py: a dict ROWS, and POST_ONLY
# for actions that only accept POST (tried in that part's own tests).
PARTS = [
    importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
    for path in sorted(Path(__file__).parent.glob("*/matrix_*.py"))
]
for _part in PARTS:
    MATRIX.update(_part.ROWS)

# POST-only actions: tried separately below or in their part's tests.
POST_ONLY = {
    "logout",
    "core:import_job_confirm",
    "core:import_job_cancel",
    "core:import_job_rerun",
    "api:token",
    *(name for part in PARTS for name in getattr(part, "POST_ONLY", ())),
}
# Django's own admin checks is_staff itself; tested in test_admin_is_for_staff_only.
EXEMPT_NAMESPACES = {"admin"}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    names = {n for n in _names(get_resolver()) if n.split(":")[0] not in EXEMPT_NAMESPACES}
    missing = names - set(MATRIX) - POST_ONLY
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    assert not set(MATRIX) - names, "the matrix names URLs that no longer exist"


CASES = [(name, persona) for name, (_a, expected, _k) in MATRIX.items() if expected for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CASES)
def test_each_persona_gets_what_the_matrix_says(
    name,
    persona,
    request,
    matrix_world,
    county_admin,
    area_reviewer,
    secretary,
    other_secretary,
    chain_staff,
    dept_handler,
    as_user,
):
    args_builder, expected, _kind = MATRIX[name]
    url = reverse(name, args=args_builder(matrix_world) if args_builder else None)
    user = request.getfixturevalue(persona)
    response = as_user(user).get(url)
    assert response.status_code == expected[persona], f"{persona} GET {url}"


@pytest.mark.parametrize("name", list(MATRIX))
def test_anonymous_visitors_are_sent_to_login_or_refused(name, client, matrix_world):
    args_builder, _expected, kind = MATRIX[name]
    url = reverse(name, args=args_builder(matrix_world) if args_builder else None)
    response = client.get(url)
    if kind == "public":
        assert response.status_code == 200
    elif kind == "api":
        assert response.status_code in {401, 403}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["core:import_job_confirm", "core:import_job_cancel", "core:import_job_rerun"])
def test_another_users_import_job_actions_are_404(name, matrix_world, area_reviewer, as_user):
    response = as_user(area_reviewer).post(reverse(name, args=[matrix_world.job.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["core:import_job_confirm", "core:import_job_cancel", "core:import_job_rerun"])
def test_import_job_actions_refuse_get_and_anonymous_posts(name, client, matrix_world, county_admin, as_user):
    url = reverse(name, args=[matrix_world.job.pk])
    assert as_user(county_admin).get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_is_a_post_that_ends_the_session(county_admin, as_user):
    client = as_user(county_admin)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_admin_is_for_staff_only(secretary, county_admin, as_user):
    assert as_user(secretary).get("/admin/").status_code == 302
    county_admin.is_staff = True
    county_admin.is_superuser = True
    county_admin.save()
    assert as_user(county_admin).get("/admin/").status_code == 200
