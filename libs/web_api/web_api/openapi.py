"""OpenAPI 3 documents generated from the services' marshmallow schemas (apispec).

A service lists its routes once, as ``Route`` values beside its schemas; ``GET /openapi.json``
serves the document and a test checks that every ``@api`` entrypoint is listed, so the
document cannot drift from the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from web_api.access import ROLES

# the code a documented status answers when its description names none ("... (code)")
STATUS_CODES = {
    400: "invalid_json",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    503: "database_unavailable",
}
MESSAGES = {
    "invalid_json": "请求体不是有效的 JSON (the body is not valid JSON)",
    "unauthenticated": "请先登录 (a bearer token is required)",
    "forbidden": "当前岗位无权进行此操作",
    "not_found": "未找到该地址 (no such resource)",
    "payload_too_large": "请求体过大，上限 1048576 字节 (the body is larger than 1048576 bytes)",
    "unsupported_media_type": "不支持的请求体类型 (the body must be application/json)",
    "validation_failed": "请求内容有误 (the request has invalid fields)",
}
# what the edge (web_api.bodies) refuses on every route that reads a body
BODY_ERRORS = {
    400: "The body is not UTF-8 JSON, not an object, or nested deeper than 32 levels (invalid_json)",
    413: "The body is larger than the limit, MAX_BODY_BYTES, 1 MiB by default (payload_too_large)",
    415: "The body's Content-Type is not the one this route reads (unsupported_media_type)",
    422: "A field holds a control character or a bidi override (validation_failed), named by its path",
}
PATH_ERROR = "No such resource, or a path parameter of the wrong kind or with a control character (not_found)"
QUERY_ERROR = "A query parameter holds a control character (validation_failed), named"
CODE_IN_DESCRIPTION = re.compile(r"\(([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+)(?=[,)])")
ACCESS_ERRORS = {
    401: ("no valid bearer token", {"error": {"code": "unauthenticated", "message": "请先登录"}}),
    403: (
        "the caller's role may not do this",
        {"error": {"code": "forbidden", "message": "当前岗位无权进行此操作"}},
    ),
}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Optional; a retry with the same key (same caller, same request) answers the first "
    "2xx result again with `Idempotent-Replayed: true` and creates nothing. Kept 24 h "
    "by default (IDEMPOTENCY_KEY_HOURS); refusals are not kept.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x20-\\x7e]+$"},
}
IDEMPOTENCY_ERRORS = {
    400: ("the Idempotency-Key is empty, too long or not printable ASCII", "idempotency_key_invalid"),
    409: ("a request with this Idempotency-Key is still being processed", "idempotency_key_in_progress"),
    422: ("this Idempotency-Key was used for a different request", "idempotency_key_reused"),
}
BEARER = {"type": "http", "scheme": "bearer", "description": "a token from `python -m web_api.access mint`"}


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable, machine-readable"})
    message = fields.String(required=True, metadata={"description": "for a window clerk"})
    details = fields.Dict(metadata={"description": "every problem, by field"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # OpenAPI style: /cases/{case_no}
    summary: str
    request: type[Schema] | None = None
    response: type[Schema] | None = None
    status: int = 200
    errors: dict[int, str] = field(default_factory=dict)
    parameters: tuple[dict[str, Any], ...] = ()
    roles: tuple[str, ...] = ()  # empty: public; else a bearer token of one of these roles
    idempotent: bool = False  # honours the Idempotency-Key header (web_api.idempotency)
    many: bool = False  # the answer is a JSON array of ``response``
    error_schema: type[Schema] | None = None  # refusals in another shape than Error (an array of it)
    request_type: str = "application/json"  # the Content-Type of ``request``


OPERATIONS = (
    Route("GET", "/health", "Broker and database reachable (200) or not (503)"),
    Route("GET", "/metrics", "Prometheus text exposition"),
    Route("GET", "/openapi.json", "This document"),
)


def build_spec(title: str, description: str, routes: list[Route], version: str = "0.1.0") -> dict[str, Any]:
    spec = APISpec(
        title=title,
        version=version,
        openapi_version="3.0.3",
        info={"description": description},
        plugins=[MarshmallowPlugin()],
    )
    spec.components.schema("Error", schema=ErrorSchema)
    if any(route.roles for route in routes):
        spec.components.security_scheme("bearerAuth", BEARER)
    for route in [*routes, *OPERATIONS]:
        spec.path(path=route.path, operations={route.method.lower(): route_operation(route)})
    return spec.to_dict()


def route_operation(route: Route) -> dict[str, Any]:
    """One route's OpenAPI operation: its body, its answer, and every refusal it can give."""
    operation: dict[str, Any] = {"summary": route.summary, "responses": {}}
    if route.request is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {route.request_type: {"schema": route.request}},
        }
    ok: dict[str, Any] = {"description": "OK"}
    if route.response is not None:
        schema = {"type": "array", "items": route.response} if route.many else route.response
        ok["content"] = {"application/json": {"schema": schema}}
    operation["responses"][str(route.status)] = ok
    errors = documented_errors(route)
    for status, meaning in sorted(errors.items()):
        operation["responses"][str(status)] = refusal(status, meaning, route.error_schema)
    if route.parameters:
        operation["parameters"] = list(route.parameters)
    if route.roles:
        guard(operation, route.roles)
    if route.idempotent:
        keyed(operation)
    return operation


def documented_errors(route: Route) -> dict[int, str]:
    """The route's own refusals plus those the edge adds (path, query, body)."""
    errors = dict(route.errors)
    if "{" in route.path:
        errors.setdefault(404, PATH_ERROR)
    if any(parameter.get("in") == "query" for parameter in route.parameters):
        errors.setdefault(422, QUERY_ERROR)
    if route.request is not None or route.method.upper() in ("POST", "PUT", "PATCH"):
        for status, meaning in BODY_ERRORS.items():
            errors[status] = f"{errors[status]}; {meaning}" if status in errors else meaning
    return errors


def error_code(status: int, meaning: str) -> str:
    """The code a documented refusal answers: the first ``(code)`` its description names, else the
    status's usual one.

    >>> error_code(409, "Answered already (already_answered, transition_not_allowed)")
    'already_answered'
    >>> error_code(404, "No such complaint")
    'not_found'
    """
    named = CODE_IN_DESCRIPTION.search(meaning)
    return named.group(1) if named else STATUS_CODES.get(status, "bad_request")


def refusal(status: int, meaning: str, error_schema: type[Schema] | None = None) -> dict[str, Any]:
    """A documented error answer, with an example of exactly the code it answers."""
    if error_schema is not None:  # e.g. Open311's [{"code": 400, "description": "..."}]
        return {
            "description": meaning,
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": error_schema},
                    "example": [{"code": status, "description": meaning}],
                }
            },
        }
    code = error_code(status, meaning)
    example: dict[str, Any] = {"code": code, "message": MESSAGES.get(code, "...")}
    if code == "validation_failed":
        example["details"] = {"applicant_name": ["Missing data for required field."]}
    return {
        "description": meaning,
        "content": {"application/json": {"schema": "Error", "example": {"error": example}}},
    }


def guard(operation: dict[str, Any], roles: tuple[str, ...]) -> None:
    """Mark an operation as needing a bearer token of one of ``roles``, with its 401 and 403."""
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValueError(f"{operation['summary']}: unknown roles {unknown}")
    operation["security"] = [{"bearerAuth": []}]
    operation["description"] = f"Roles: {', '.join(roles)}"
    for status, (meaning, example) in ACCESS_ERRORS.items():
        operation["responses"].setdefault(
            str(status),
            {
                "description": meaning,
                "content": {"application/json": {"schema": "Error", "example": example}},
            },
        )


def keyed(operation: dict[str, Any]) -> None:
    """Document the Idempotency-Key header and the refusals it adds to an operation."""
    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
    for status, (meaning, code) in IDEMPOTENCY_ERRORS.items():
        found = operation["responses"].get(str(status))
        if found is not None:
            found["description"] += f"; {meaning} ({code})"
            continue
        operation["responses"][str(status)] = {
            "description": f"{meaning} ({code})",
            "content": {
                "application/json": {
                    "schema": "Error",
                    "example": {"error": {"code": code, "message": "..."}},
                }
            },
        }


def path_parameter(name: str, description: str, kind: str = "string") -> dict[str, Any]:
    """A path parameter; ``kind="integer"`` for a route's ``<int:...>`` (anything else there is a 404)."""
    schema: dict[str, Any] = {"type": kind}
    if kind == "integer":
        schema.update(minimum=0, maximum=2**31 - 1)  # larger is a 404 (web_api.bodies.MAX_ID)
    return {"in": "path", "name": name, "required": True, "description": description, "schema": schema}


def query_parameter(name: str, description: str, required: bool = True) -> dict[str, Any]:
    return {
        "in": "query",
        "name": name,
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }
