"""OpenAPI 3 documents generated from the services' marshmallow schemas (apispec).

A service lists its routes once, as ``Route`` values beside its schemas; ``GET /openapi.json``
serves the document and a test checks that every ``@api`` entrypoint is listed, so the
document cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from web_api import operations_schemas as ops
from web_api.access import ROLES
from web_api.openapi_refusals import (
    ACCESS_ERRORS,
    BODY_ERRORS,
    IDEMPOTENCY_ERRORS,
    PATH_ERROR,
    QUERY_ERROR,
    ErrorSchema,
    error_code,
    refusal,
)

__all__ = [
    "BODY_ERRORS",
    "OPERATIONS",
    "Route",
    "build_spec",
    "error_code",
    "path_parameter",
    "query_parameter",
]

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Optional; a retry with the same key (same caller, same request) answers the first "
    "2xx result again with `Idempotent-Replayed: true` and creates nothing. Kept 24 h "
    "by default (IDEMPOTENCY_KEY_HOURS); refusals are not kept.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x20-\\x7e]+$"},
}
BEARER = {"type": "http", "scheme": "bearer", "description": "a token from `python -m web_api.access mint`"}


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


def build_spec(title: str, description: str, routes: list[Route], version: str = "0.1.0") -> dict[str, Any]:
    spec = APISpec(
        title=title,
        version=version,
        openapi_version="3.0.3",
        info={"description": description},
        plugins=[MarshmallowPlugin()],
    )
    spec.components.schema("Error", schema=ErrorSchema)
    if any(route.roles for route in [*routes, *OPERATIONS]):
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


# the operator's routes of every service (service_metrics.endpoints)
_MESSAGE_ID = path_parameter("message_id", "the dead letter's message id")
_OPERATOR_ROUTES = (
    Route(
        "GET",
        "/operations/dead-letters",
        "The service's dead letters (at most limit), left in place",
        None,
        ops.DeadLetterListSchema,
        parameters=(query_parameter("limit", f"1 to {ops.MAX_LIST_LIMIT}, default {ops.LIST_LIMIT}", False),),
        roles=("operator",),
    ),
    Route(
        "GET",
        "/operations/dead-letters/{message_id}",
        "One dead letter with its headers and body",
        None,
        ops.DeadLetterSchema,
        errors={404: "No such dead letter (dead_letter_not_found)"},
        parameters=(_MESSAGE_ID,),
        roles=("operator",),
    ),
    Route(
        "POST",
        "/operations/dead-letters/{message_id}/redrive",
        "Re-drive exactly this dead letter to the queue it failed in",
        ops.RedriveSchema,
        ops.RedrivenSchema,
        202,
        {
            404: "No such dead letter: re-driven already (dead_letter_not_found)",
            409: "Dead-lettered again since the given time (dead_letter_changed)",
        },
        (_MESSAGE_ID,),
        roles=("operator",),
    ),
    Route(
        "GET",
        "/operations/outbox",
        "The outbox's backlog: pending events, the oldest one's age, parked rows",
        None,
        ops.BacklogSchema,
        roles=("operator",),
    ),
)


OPERATIONS = (
    Route("GET", "/health", "Broker and database reachable (200) or not (503)"),
    Route("GET", "/metrics", "Prometheus text exposition"),
    Route("GET", "/openapi.json", "This document"),
    *_OPERATOR_ROUTES,
)
