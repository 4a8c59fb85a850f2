"""OpenAPI 3 documents generated from the services' marshmallow schemas (apispec).

A service lists its routes once, as ``Route`` values beside its schemas; ``GET /openapi.json``
serves the document and a test checks that every ``@api`` entrypoint is listed, so the
document cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from web_api.access import ROLES

ERROR_EXAMPLE = {"error": {"code": "validation_failed", "message": "请求内容有误",
                           "details": {"applicant_name": ["Missing data for required field."]}}}
ACCESS_ERRORS = {
    401: ("no valid bearer token", {"error": {"code": "unauthenticated", "message": "请先登录"}}),
    403: ("the caller's role may not do this",
          {"error": {"code": "forbidden", "message": "当前岗位无权进行此操作"}}),
}
IDEMPOTENCY_KEY = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "description": "Optional; a retry with the same key (same caller, same request) answers the first "
                   "2xx result again with `Idempotent-Replayed: true` and creates nothing. Kept 24 h "
                   "by default (IDEMPOTENCY_KEY_HOURS); refusals are not kept.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x20-\\x7e]+$"}}
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
    parameters: tuple[dict, ...] = ()
    roles: tuple[str, ...] = ()  # empty: public; else a bearer token of one of these roles
    idempotent: bool = False  # honours the Idempotency-Key header (web_api.idempotency)


OPERATIONS = (
    Route("GET", "/health", "Broker and database reachable (200) or not (503)"),
    Route("GET", "/metrics", "Prometheus text exposition"),
    Route("GET", "/openapi.json", "This document"),
)


def build_spec(title: str, description: str, routes: list[Route], version: str = "0.1.0") -> dict:
    spec = APISpec(title=title, version=version, openapi_version="3.0.3",
                   info={"description": description}, plugins=[MarshmallowPlugin()])
    spec.components.schema("Error", schema=ErrorSchema)
    if any(route.roles for route in routes):
        spec.components.security_scheme("bearerAuth", BEARER)
    for route in [*routes, *OPERATIONS]:
        operation: dict = {"summary": route.summary, "responses": {}}
        if route.request is not None:
            operation["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": route.request}}}
        ok: dict = {"description": "OK"}
        if route.response is not None:
            ok["content"] = {"application/json": {"schema": route.response}}
        operation["responses"][str(route.status)] = ok
        for status, meaning in route.errors.items():
            operation["responses"][str(status)] = {
                "description": meaning,
                "content": {"application/json": {"schema": "Error", "example": ERROR_EXAMPLE}}}
        if route.parameters:
            operation["parameters"] = list(route.parameters)
        if route.roles:
            guard(operation, route.roles)
        if route.idempotent:
            keyed(operation)
        spec.path(path=route.path, operations={route.method.lower(): operation})
    return spec.to_dict()


def guard(operation: dict, roles: tuple[str, ...]) -> None:
    """Mark an operation as needing a bearer token of one of ``roles``, with its 401 and 403."""
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValueError(f"{operation['summary']}: unknown roles {unknown}")
    operation["security"] = [{"bearerAuth": []}]
    operation["description"] = f"Roles: {', '.join(roles)}"
    for status, (meaning, example) in ACCESS_ERRORS.items():
        operation["responses"].setdefault(str(status), {
            "description": meaning, "content": {"application/json": {"schema": "Error", "example": example}}})


def keyed(operation: dict) -> None:
    """Document the Idempotency-Key header and the refusals it adds to an operation."""
    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
    for status, (meaning, code) in IDEMPOTENCY_ERRORS.items():
        found = operation["responses"].get(str(status))
        if found is not None:
            found["description"] += f"; {meaning} ({code})"
            continue
        operation["responses"][str(status)] = {"description": f"{meaning} ({code})", "content": {
            "application/json": {"schema": "Error", "example": {"error": {"code": code, "message": "..."}}}}}


def path_parameter(name: str, description: str) -> dict:
    return {"in": "path", "name": name, "required": True, "description": description,
            "schema": {"type": "string"}}


def query_parameter(name: str, description: str, required: bool = True) -> dict:
    return {"in": "query", "name": name, "required": required, "description": description,
            "schema": {"type": "string"}}
