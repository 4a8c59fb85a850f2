"""Each service's OpenAPI document lists exactly the HTTP entrypoints its code has."""

import importlib
import re

import pytest

from web_api import ApiHandler
from web_api.openapi import build_spec

SERVICES = {
    "intake": "IntakeService", "notify": "NotifyService",
    "joint_review": "JointReviewService", "complaints": "ComplaintsService",
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
    spec = build_spec(service_cls.name, service_cls.api_description, service_cls.api_routes)
    documented = {(method, path) for path, operations in spec["paths"].items()
                  for method in operations}
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
    spec = build_spec(service_cls.name, service_cls.api_description, service_cls.api_routes)
    documented = {(method, path) for path, operations in spec["paths"].items()
                  for method, operation in operations.items()
                  if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", ()))}
    assert documented and documented == keyed_entrypoints(service_cls)
