"""The OpenAPI schema is true: schemathesis sends generated requests (fitting the schema and not) to every operation
of a live server on the test database, as the county administrator and as a secretary, and each answer must be no
server error, a documented status code and content type, and a body that matches the schema."""

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.industry_chains.factories import member_enterprise

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Bounded: a handful of generated requests per operation and mode keeps the run to a few minutes.
BOUNDED = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def tokens(matrix_world, county_admin, secretary):
    """Two personas' tokens, and records in the secretary's scope for the generated ids to meet."""
    member_enterprise(matrix_world.chain, matrix_world.area_a, "甲纺织有限公司", org=matrix_world.org_a)
    return [Token.objects.create(user=user).key for user in (county_admin, secretary)]


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_the_schema_says(live_server, tokens):
    url = f"{live_server.url}{reverse('api:schema')}?format=json"
    schema = schemathesis.openapi.from_url(url, headers={"Authorization": f"Token {tokens[0]}"})
    failures, tried = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @BOUNDED
            @given(case=operation.as_strategy(generation_mode=mode))
            def answers_as_documented(case):
                for token in tokens:
                    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

            try:
                answers_as_documented()
            except Unsatisfiable:
                continue  # nothing to get wrong: an operation without parameters or body has no negative case
            except (Exception, BaseExceptionGroup) as error:  # every operation is tried, failures listed together
                failures.append(f"{operation.label} ({mode}): {error}")
        tried += 1
    assert tried > 50
    assert not failures, "\n\n".join(failures)
