"""How the OpenAPI documents describe refusals: the error body, the code each documented status
answers, and the refusals the edge adds to every route (body, path, query, access, keys)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields

from web_api.openapi_examples import example_message

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
    401: (
        "no valid bearer token",
        {"error": {"code": "unauthenticated", "message": example_message("unauthenticated")}},
    ),
    403: (
        "the caller's role may not do this",
        {"error": {"code": "forbidden", "message": example_message("forbidden")}},
    ),
}
IDEMPOTENCY_ERRORS = {
    400: ("the Idempotency-Key is empty, too long or not printable ASCII", "idempotency_key_invalid"),
    409: ("a request with this Idempotency-Key is still being processed", "idempotency_key_in_progress"),
    422: ("this Idempotency-Key was used for a different request", "idempotency_key_reused"),
}


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable, machine-readable"})
    message = fields.String(required=True, metadata={"description": "for a window clerk"})
    details = fields.Dict(metadata={"description": "every problem, by field"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


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


def refusal(
    status: int,
    meaning: str,
    error_schema: type[Schema] | None = None,
    field: str = "note",
    path: str = "",
) -> dict[str, Any]:
    """A documented error answer, with an example of exactly the code it answers; a 422's
    ``details`` name ``field`` (one the route reads) with the edge's own message, a 404 what the
    ``path``'s parameters name."""
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
    names = tuple(re.findall(r"{(\w+)}", path))
    example: dict[str, Any] = {"code": code, "message": example_message(code, names)}
    if code == "validation_failed":
        example["details"] = {field: ["此项必填 (Missing data for required field.)"]}
    return {
        "description": meaning,
        "content": {"application/json": {"schema": "Error", "example": {"error": example}}},
    }
