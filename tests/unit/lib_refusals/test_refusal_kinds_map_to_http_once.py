"""The refusal vocabulary is framework-free; web_api alone turns each kind into one HTTP status."""

import ast
from pathlib import Path

import pytest

import refusals
from refusals import Conflict, Forbidden, Invalid, Malformed, Misconfigured, NotFound, Refusal, TooMany
from web_api import ApiError, ApiHandler, status_of

REFUSALS_PACKAGE = Path(refusals.__file__).parent


class AlreadyAnswered(Conflict):
    code = "already_answered"


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        (Malformed("x"), 400),
        (Invalid("x", {"field": ["y"]}), 422),
        (NotFound("x"), 404),
        (AlreadyAnswered("x"), 409),
        (Forbidden("x"), 403),
        (TooMany("x", retry_after=30), 429),
        (Misconfigured("x"), 500),
        (Refusal("x"), 400),
        (ApiError("x", status=413, code="payload_too_large"), 413),
    ],
)
def test_each_kind_of_refusal_has_one_http_status(refusal, status):
    assert status_of(refusal) == status


def test_a_domain_refusal_keeps_its_own_code_message_and_details():
    refusal = AlreadyAnswered("本轮已答复 (answered)", {"task": ["answered"]})
    assert (refusal.code, refusal.message, refusal.details) == (
        "already_answered",
        "本轮已答复 (answered)",
        {"task": ["answered"]},
    )
    assert Invalid("x", code="unknown_item").code == "unknown_item"


def test_the_edge_answers_a_refusal_as_json_with_its_status_code_and_retry_after():
    handler = ApiHandler.__new__(ApiHandler)
    handler.method_name = "probe"
    response = handler.response_from_exception(TooMany("请稍后再试 (too many)", retry_after=60))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    assert response.get_json() == {"error": {"code": "too_many_attempts", "message": "请稍后再试 (too many)"}}
    found = handler.response_from_exception(NotFound("无此案件 (no such case)", {"case_no": ["unknown"]}))
    assert found.status_code == 404
    assert found.get_json()["error"]["details"] == {"case_no": ["unknown"]}


def test_the_refusal_package_imports_no_framework_and_names_no_http_status():
    source = (REFUSALS_PACKAGE / "__init__.py").read_text(encoding="utf-8")
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert imported <= {"__future__", "typing"}
    assigned = {
        target.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    assert "status" not in assigned
    assert all(
        kind.__dict__.get("status") is None for kind in vars(refusals).values() if isinstance(kind, type)
    )
