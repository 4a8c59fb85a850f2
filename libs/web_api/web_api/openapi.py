"""OpenAPI 3 documents generated from the services' marshmallow schemas (apispec).

A service lists its routes once, as ``Route`` values beside its schemas; ``GET /openapi.json``
serves the document (``service_spec``) and a test checks that every ``@api`` entrypoint is
listed, so the document cannot drift from the code. Each operation's ``operationId`` and tag
come from the entrypoint itself (``web_api.openapi_names``); ``GET /docs`` shows the document
as a page (``web_api.api_docs``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from web_api.access import ROLES
from web_api.openapi_examples import example_message
from web_api.openapi_names import (
    OPERATIONS_DESCRIPTION,
    OPERATIONS_TAG,
    OperationName,
    fallback_name,
    operation_names,
)
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
from web_api.openapi_routes import OPERATIONS, Route, path_parameter, query_parameter

__all__ = [
    "BODY_ERRORS",
    "OPERATIONS",
    "Route",
    "build_spec",
    "error_code",
    "path_parameter",
    "query_parameter",
    "service_spec",
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


Names = Mapping[tuple[str, str], OperationName]


def service_spec(service_cls: Any) -> dict[str, Any]:
    """The document a service serves: its routes, named after its entrypoints."""
    return build_spec(
        service_cls.name,
        service_cls.api_description,
        service_cls.api_routes,
        names=operation_names(service_cls),
    )


def build_spec(
    title: str,
    description: str,
    routes: Sequence[Route],
    version: str = "0.1.0",
    names: Names | None = None,
) -> dict[str, Any]:
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
    tags: dict[str, str] = {}
    for route in [*routes, *OPERATIONS]:
        named = name_of(route, names or {})
        tags.setdefault(named.tag, named.tag_description)
        operation = route_operation(route, named)
        spec.path(path=route.path, operations={route.method.lower(): operation})
    document = spec.to_dict()
    document["tags"] = [{"name": tag, "description": about} for tag, about in sorted(tags.items())]
    return document


def name_of(route: Route, names: Names) -> OperationName:
    """The route's entrypoint name and concept, or (a route no class names) ones made up from it."""
    found = names.get((route.method.upper(), route.path))
    if found is not None:
        return found
    tag, about = (OPERATIONS_TAG, OPERATIONS_DESCRIPTION) if route in OPERATIONS else ("default", "")
    return OperationName(fallback_name(route.method, route.path), tag, about, "")


def route_operation(route: Route, named: OperationName) -> dict[str, Any]:
    """One route's OpenAPI operation: its name, body, answer, and every refusal it can give."""
    operation: dict[str, Any] = {
        "operationId": named.operation_id,
        "tags": [named.tag],
        "summary": route.summary,
        "responses": {},
    }
    if named.description:
        operation["description"] = named.description
    if route.request is not None:
        body = {"type": "array", "items": route.request} if route.request_many else route.request
        operation["requestBody"] = {"required": True, "content": {route.request_type: {"schema": body}}}
    operation["responses"][str(route.status)] = answer(route)
    errors = documented_errors(route)
    for status, meaning in sorted(errors.items()):
        operation["responses"][str(status)] = refusal(
            status, meaning, route.error_schema, field_read(route), route.path
        )
    if route.parameters:
        operation["parameters"] = list(route.parameters)
    if route.roles:
        guard(operation, route.roles)
    if route.idempotent:
        keyed(operation)
    return operation


def answer(route: Route) -> dict[str, Any]:
    """The route's 2xx answer: its JSON schema and the other media types it may answer in."""
    content: dict[str, Any] = {}
    if route.response is not None:
        schema = {"type": "array", "items": route.response} if route.many else route.response
        content["application/json"] = {"schema": schema}
    for media_type in route.text:
        content[media_type] = {"schema": {"type": "string"}}
    if not content:
        raise ValueError(f"{route.method} {route.path}: no response schema nor media type")
    return {"description": "OK", "content": content}


def field_read(route: Route) -> str:
    """A field the route reads, for its examples: the body's first, else the first query parameter."""
    if route.request is not None:
        declared = route.request().fields.values()
        return next((field.data_key or field.name for field in declared if field.name), "note")
    queried = [parameter["name"] for parameter in route.parameters if parameter.get("in") == "query"]
    return queried[0] if queried else "note"


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
    said = operation.get("description")
    operation["description"] = (f"{said}\n\n" if said else "") + f"Roles: {', '.join(roles)}"
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
                    "example": {"error": {"code": code, "message": example_message(code)}},
                }
            },
        }
