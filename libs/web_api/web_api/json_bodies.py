"""Reading a request's JSON body: as an object, or validated by a marshmallow schema."""

from __future__ import annotations

from typing import Any

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


def load_json(request: Any, schema: Schema) -> dict[str, Any]:
    """Parse and validate a JSON body; every problem is reported at once."""
    payload = json_object(request)
    try:
        loaded: dict[str, Any] = schema.load(payload)
        return loaded
    except ValidationError as exc:
        raise ApiError(
            "请求内容有误 (the request has invalid fields)",
            exc.messages,
            status=422,
            code="validation_failed",
        ) from None
