"""schemathesis against each running service's own ``/openapi.json``: no server error, and every
answer matches the schema the document declares for its status.

Each operation is called with a development token of its first declared role (public routes
without one), ``EXAMPLES`` generated cases per operation, derandomized so a rerun sends the same
requests. Stateful testing needs OpenAPI links between operations, which the documents do not
declare, so only the stateless phase runs (see docs/architecture.md, "Tests").
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hostile_kit import ROLE_TOKENS, service_routes
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 20
STATEFUL_EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance]


def roles_of(service: str) -> dict[tuple[str, str], tuple[str, ...]]:
    import re

    found = {}
    for route in service_routes(service):
        found[(route.method.upper(), route.path)] = route.roles
    return {key: value for key, value in found.items() if not re.search(r"\s", key[1])}


def exercise(operation, base: str, session, headers: dict, mode: GenerationMode) -> list[str]:
    """Up to three failures of ``EXAMPLES`` generated calls of ``operation``."""
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case):
        response = case.call(base_url=base, session=session, headers=headers, timeout=30)
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failure:  # schemathesis' FailureGroup is not an AssertionError
            if len(found) < 3:
                found.append(
                    f"{operation.method.upper()} {operation.path} -> {response.status_code} "
                    f"{response.text[:300]!r}\n  {str(failure)[:1200]}"
                )

    try:
        call()
    except Unsatisfiable:  # negative mode, an operation with nothing to get wrong (no parameters)
        pass
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("service", ["intake", "joint_review", "complaints", "notify"])
def test_no_server_error_and_no_schema_violation(hall, service, mode):
    base = hall.url(service)
    document = requests.get(f"{base}/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(document)
    roles = roles_of(service)
    failures: list[str] = []
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()
            declared = roles.get((operation.method.upper(), operation.path), ())
            headers = {"Authorization": f"Bearer {ROLE_TOKENS[declared[0]]}"} if declared else {}
            failures += exercise(operation, base, session, headers, mode)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("service", ["intake", "joint_review", "complaints", "notify"])
def test_stateful_sequences_meet_no_server_error_and_no_schema_violation(hall, service):
    """The stateful phase: sequences along the links schemathesis infers between operations (an id
    one answer returns, used in the path of the next), each call with a token of a role it allows."""
    base = hall.url(service)
    schema = schemathesis.openapi.from_dict(requests.get(f"{base}/openapi.json", timeout=10).json())
    roles = roles_of(service)

    class Sequences(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            declared = roles.get((case.operation.method.upper(), case.operation.path), ())
            headers = {"Authorization": f"Bearer {ROLE_TOKENS[declared[0]]}"} if declared else {}
            return {"base_url": base, "headers": headers, "timeout": 30}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Sequences.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
