"""Each service's OpenAPI document lists exactly the HTTP entrypoints its code has."""

import importlib
import re

import pytest

from web_api import ApiHandler
from web_api.openapi import build_spec, service_spec

# the services' code read in-process; no database: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

SERVICES = {
    "intake": "IntakeService",
    "notify": "NotifyService",
    "joint_review": "JointReviewService",
    "complaints": "ComplaintsService",
}


def http_entrypoints(service_cls) -> set[tuple[str, str]]:
    found = set()
    for name in dir(service_cls):
        for entrypoint in getattr(getattr(service_cls, name), "nameko_entrypoints", ()):
            if isinstance(entrypoint, ApiHandler):
                path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", entrypoint.url)
                found.add((entrypoint.method.lower(), path))
    return found


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_openapi_document_matches_the_services_http_entrypoints(service):
    service_cls = getattr(importlib.import_module(f"{service}.service"), SERVICES[service])
    spec = service_spec(service_cls)
    documented = {(method, path) for path, operations in spec["paths"].items() for method in operations}
    assert documented == http_entrypoints(service_cls)
    assert spec["info"]["description"]


def test_documented_errors_use_the_common_error_shape():
    from intake.service import IntakeService

    spec = build_spec("intake", "", IntakeService.api_routes)
    refused = spec["paths"]["/cases"]["post"]["responses"]["422"]
    assert refused["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "AcceptCase" in spec["components"]["schemas"]


def keyed_entrypoints(service_cls) -> set[tuple[str, str]]:
    found = set()
    for name in dir(service_cls):
        method = getattr(service_cls, name)
        if getattr(method, "idempotency_key", False):
            for entrypoint in getattr(method, "nameko_entrypoints", ()):
                found.add((entrypoint.method.lower(), re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", entrypoint.url)))
    return found


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_idempotency_key_header_is_documented_on_exactly_the_routes_that_honour_it(service):
    service_cls = getattr(importlib.import_module(f"{service}.service"), SERVICES[service])
    spec = service_spec(service_cls)
    documented = {
        (method, path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", ()))
    }
    assert documented and documented == keyed_entrypoints(service_cls)


def documents():
    for service in sorted(SERVICES):
        service_cls = getattr(importlib.import_module(f"{service}.service"), SERVICES[service])
        yield service, service_spec(service_cls)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_documented_error_has_an_example_of_its_own_code(service):
    """Issue 12, point 14: not one validation_failed sample for every status. A route's own
    refusal shows the code its description names (else the status's usual one); the ones the
    edge adds show theirs."""
    from web_api.openapi import BODY_ERRORS, error_code

    service_cls = getattr(importlib.import_module(f"{service}.service"), SERVICES[service])
    spec = service_spec(service_cls)
    wrong = []
    for route in service_cls.api_routes:
        responses = spec["paths"][route.path][route.method.lower()]["responses"]
        expected = {status: error_code(status, meaning) for status, meaning in BODY_ERRORS.items()}
        expected.update({status: error_code(status, meaning) for status, meaning in route.errors.items()})
        for status, code in expected.items():
            if str(status) not in responses:
                continue
            example = responses[str(status)]["content"]["application/json"]["example"]
            shown = example[0]["code"] if isinstance(example, list) else example["error"]["code"]
            if shown != (status if route.error_schema is not None else code):
                wrong.append(f"{route.method} {route.path} {status}: {shown} (expected {code})")
            if shown == "validation_failed" and status != 422:
                wrong.append(f"{route.method} {route.path} {status}: validation_failed")
    assert not wrong, "\n".join(wrong)


def test_every_body_route_documents_the_edges_refusals_and_every_path_parameter_its_404():
    missing = []
    for service, spec in documents():
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                wanted = {"400", "413", "415", "422"} if method in ("post", "put", "patch") else set()
                if "{" in path:
                    wanted.add("404")
                absent = sorted(wanted - set(operation["responses"]))
                if absent:
                    missing.append(f"{service} {method.upper()} {path}: {absent}")
    assert not missing, "\n".join(missing)
    intake = dict(documents())["intake"]
    refusals = intake["paths"]["/cases"]["post"]["responses"]
    codes = {
        status: refusals[status]["content"]["application/json"]["example"]["error"]["code"]
        for status in ("400", "413", "415")
    }
    assert codes == {"400": "invalid_json", "413": "payload_too_large", "415": "unsupported_media_type"}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_routes_integer_path_parameters_are_documented_as_integers(service):
    """``<int:job_id>`` answers 404 to anything but digits: the document says integer."""
    service_cls = getattr(importlib.import_module(f"{service}.service"), SERVICES[service])
    spec = service_spec(service_cls)
    wrong = []
    for name in dir(service_cls):
        for entrypoint in getattr(getattr(service_cls, name), "nameko_entrypoints", ()):
            if not isinstance(entrypoint, ApiHandler):
                continue
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", entrypoint.url)
            documented = {
                p["name"]: p["schema"]["type"]
                for p in spec["paths"][path][entrypoint.method.lower()].get("parameters", ())
                if p["in"] == "path"
            }
            for kind, parameter in re.findall(r"<(\w+):(\w+)>", entrypoint.url):
                if (kind == "int") != (documented.get(parameter) == "integer"):
                    wrong.append(f"{entrypoint.url}: {parameter} {documented.get(parameter)}")
    assert not wrong, "\n".join(wrong)
