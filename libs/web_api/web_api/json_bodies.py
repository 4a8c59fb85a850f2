"""Reading a request's JSON body: as an object, or validated by a marshmallow schema.

A schema is built once per class and process (``schema_of``): building one deep-copies every
declared field, which cost more than validating a request's body. marshmallow 4 keeps no state
between calls on an instance (no ``context`` attribute; per-call data goes through
``marshmallow.experimental.context.Context``), so one instance serves every request.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from marshmallow import Schema, ValidationError

from web_api.bodies import parse_json
from web_api.errors import ApiError

PARSED_BODY = "hall.parsed_body"  # environ: the JSON value of a body the edge has checked
_UNREAD = object()


def json_object(request: Any) -> dict[str, Any]:
    """The body as a JSON object, unvalidated; 400 ``invalid_json`` when it is not one.

    The edge checks (``web_api.bodies``) have already run for a request that came through
    ``ApiHandler``: its parsed body is reused; any other request is checked here the same way."""
    payload = request.environ.get(PARSED_BODY, _UNREAD)
    if payload is _UNREAD:
        payload = parse_json(request.get_data())
    if not isinstance(payload, dict):
        raise ApiError("请求体必须是 JSON 对象 (the body must be a JSON object)", code="invalid_json")
    return payload


S = TypeVar("S", bound=Schema)


@cache
def schema_of(schema_class: type[S]) -> S:
    """The one instance of ``schema_class`` of this process (a schema with options such as
    ``many`` or ``exclude`` is a class of its own, or an instance the caller keeps)."""
    return schema_class()


def load_json(request: Any, schema: Schema | type[Schema]) -> dict[str, Any]:
    """Parse and validate a JSON body with ``schema`` (a class: its one instance, ``schema_of``);
    every problem is reported at once."""
    payload = json_object(request)
    instance = schema_of(schema) if isinstance(schema, type) else schema
    try:
        loaded: dict[str, Any] = instance.load(payload)
        return loaded
    except ValidationError as exc:
        raise ApiError(
            "请求内容有误 (the request has invalid fields)",
            exc.messages,
            status=422,
            code="validation_failed",
        ) from None
