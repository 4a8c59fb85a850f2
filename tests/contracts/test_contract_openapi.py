"""Issue 16: each service's OpenAPI document is one client generators accept: valid for
openapi-spec-validator, an ``operationId`` (the entrypoint's name) and a tag (its concept) on
every operation, a response schema or media type on every answer, and refusal examples of the
route's own code with a Chinese message."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from web_api import ApiHandler
from web_api.openapi import service_spec
from web_api.openapi_names import openapi_path

SERVICES = {
    "intake": "IntakeService",
    "notify": "NotifyService",
    "joint_review": "JointReviewService",
    "complaints": "ComplaintsService",
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def service_class(service: str):
    return getattr(importlib.import_module(f"{service}.service"), SERVICES[service])


def document(service: str) -> dict:
    """The document as a client downloads it: through JSON."""
    return json.loads(json.dumps(service_spec(service_class(service))))


def operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_openapi_spec_validator_accepts_the_document(service):
    validate(document(service))


def test_the_validator_is_not_a_rubber_stamp():
    spec = document("intake")
    spec["paths"]["/cases"]["post"]["operationId"] = spec["paths"]["/catalogue"]["get"]["operationId"]
    with pytest.raises(OpenAPIValidationError):
        validate(spec)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_operation_is_named_after_its_entrypoint_and_tagged_with_its_concept(service):
    spec = document(service)
    service_cls = service_class(service)
    methods = {}
    for name in dir(service_cls):
        for entrypoint in getattr(getattr(service_cls, name), "nameko_entrypoints", ()):
            if isinstance(entrypoint, ApiHandler):
                methods[f"{entrypoint.method.upper()} {openapi_path(entrypoint.url)}"] = name
    declared = {tag["name"]: tag.get("description") for tag in spec["tags"]}
    wrong = []
    for key, operation in operations(spec):
        if operation.get("operationId") != methods.get(key):
            wrong.append(f"{key}: operationId {operation.get('operationId')} (entrypoint {methods.get(key)})")
        tags = operation.get("tags", [])
        if len(tags) != 1 or not declared.get(tags[0]):
            wrong.append(f"{key}: tags {tags} (declared: {sorted(declared)})")
    assert not wrong, "\n".join(wrong)
    ids = [operation["operationId"] for _, operation in operations(spec)]
    assert len(ids) == len(set(ids))


def test_the_concepts_are_the_entrypoints_packages():
    spec = document("intake")
    assert spec["paths"]["/cases"]["post"]["tags"] == ["cases"]
    assert spec["paths"]["/cases"]["post"]["operationId"] == "accept_case"
    assert spec["paths"]["/operations/outbox"]["get"]["tags"] == ["operations"]
    assert spec["paths"]["/docs"]["get"]["operationId"] == "api_docs_page"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_answer_has_a_schema_for_each_media_type(service):
    missing = []
    for key, operation in operations(document(service)):
        for status, response in operation["responses"].items():
            content = response.get("content") or {}
            if not content or any("schema" not in media for media in content.values()):
                missing.append(f"{key} {status}: {sorted(content)}")
    assert not missing, "\n".join(missing)


def test_html_and_csv_answers_are_described_with_their_media_type():
    notify, complaints = document("notify"), document("complaints")
    printed = notify["paths"]["/print-jobs/{job_id}/print"]["get"]["responses"]["200"]["content"]
    assert printed == {"text/html": {"schema": {"type": "string"}}}
    ledger = complaints["paths"]["/desk/ledger"]["get"]["responses"]["200"]["content"]
    assert set(ledger) == {"application/json", "text/csv"}
    assert "text/plain" in notify["paths"]["/metrics"]["get"]["responses"]["200"]["content"]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_refusal_example_has_a_stable_code_and_a_chinese_message(service):
    wrong = []
    for key, operation in operations(document(service)):
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                continue
            example = response["content"]["application/json"]["example"]
            if isinstance(example, list):  # Open311's own error list: code is the status
                shown = example[0]
                ok = shown["code"] == int(status) and shown["description"]
            else:
                error = example["error"]
                ok = re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", error["code"]) and CHINESE.search(error["message"])
            if not ok:
                wrong.append(f"{key} {status}: {example}")
    assert not wrong, "\n".join(wrong)


def test_a_routes_own_refusal_shows_its_own_code_and_message():
    refused = document("notify")["paths"]["/print-jobs/{job_id}/handed-over"]["post"]["responses"]["409"]
    error = refused["content"]["application/json"]["example"]["error"]
    assert error["code"] == "already_handed_over" and "已交付" in error["message"]


def test_a_422_example_names_a_field_the_route_reads_with_a_chinese_message():
    intake = document("intake")
    accepted = intake["paths"]["/cases"]["post"]["responses"]["422"]["content"]["application/json"]
    details = accepted["example"]["error"]["details"]
    assert set(details) <= set(intake["components"]["schemas"]["AcceptCase"]["properties"])
    assert all(CHINESE.search(message) for messages in details.values() for message in messages)
    ledger = document("complaints")["paths"]["/desk/ledger"]["get"]["responses"]["422"]
    assert set(ledger["content"]["application/json"]["example"]["error"]["details"]) == {"from"}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_routes_not_found_example_names_what_its_path_names(service):
    """A new path parameter gets its noun in web_api.openapi_examples.RESOURCES."""
    from web_api.openapi_examples import EXAMPLE_MESSAGES

    generic = []
    for key, operation in operations(document(service)):
        refused = operation["responses"].get("404", {}).get("content", {}).get("application/json", {})
        example = refused.get("example")
        if isinstance(example, dict) and example["error"]["code"] == "not_found" and "{" in key:
            if example["error"]["message"] == EXAMPLE_MESSAGES["not_found"]:
                generic.append(key)
    assert not generic, generic
    cases = document("intake")["paths"]["/cases/{case_no}"]["get"]["responses"]["404"]
    assert cases["content"]["application/json"]["example"]["error"]["message"].startswith("未找到该办件")
