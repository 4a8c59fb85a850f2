"""What a service declares about each of its HTTP routes (``Route``), the parameters' helpers,
and the routes every service has (``OPERATIONS``: health, metrics, this document, the API
reference page and the operator's routes of ``service_metrics.endpoints``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema

from web_api import operations_schemas as ops


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
    request_many: bool = False  # the body is a JSON array of ``request`` (a peer's batch of reports)
    error_schema: type[Schema] | None = None  # refusals in another shape than Error (an array of it)
    request_type: str = "application/json"  # the Content-Type of ``request``
    # the answer's media types besides JSON (text/html, text/csv …): a string of that type; a
    # route without ``response`` answers only these
    text: tuple[str, ...] = ()


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


_ASSET = path_parameter("name", "one of the page's files: swagger-ui-bundle.js, swagger-ui.css, LICENSE …")
OPERATIONS = (
    Route("GET", "/health", "Broker and database reachable (200) or not (503)", None, ops.HealthSchema),
    Route("GET", "/metrics", "Prometheus text exposition", text=("text/plain",)),
    Route("GET", "/openapi.json", "This document", None, ops.OpenApiDocumentSchema),
    Route("GET", "/docs", "This document as a readable page (Swagger UI, served here)", text=("text/html",)),
    Route(
        "GET",
        "/docs/assets/{name}",
        "A file of the API reference page (script, style sheet, licence)",
        errors={404: "No such file (not_found)"},
        parameters=(_ASSET,),
        text=("text/javascript", "text/css", "text/plain", "image/png"),
    ),
    *_OPERATOR_ROUTES,
)
