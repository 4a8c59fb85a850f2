"""How a refusal leaves the service: its HTTP status (one mapping for every kind) and its JSON."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

from refusals import (
    Conflict,
    Forbidden,
    Invalid,
    Malformed,
    Misconfigured,
    NotFound,
    Refusal,
    TooMany,
    Unauthenticated,
)
from web_api.field_messages import bilingual_details

JSON = "application/json; charset=utf-8"
DATABASE_UNAVAILABLE = "系统繁忙，请稍后重试 (the database is busy or unreachable; try again shortly)"


STATUS_OF_REFUSAL: dict[type[Refusal], int] = {
    Malformed: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    TooMany: 429,
    Misconfigured: 500,
}
"""The one place a refusal's kind becomes an HTTP status; a bare ``Refusal`` is a 400."""


def status_of(refusal: Refusal) -> int:
    """The HTTP status of a refusal: its own (``ApiError``, the edge's) or its kind's."""
    own = getattr(refusal, "status", None)
    if own is not None:
        return int(own)
    for kind in type(refusal).__mro__:
        if kind in STATUS_OF_REFUSAL:
            return STATUS_OF_REFUSAL[kind]
    return 400


class ApiError(Refusal):
    """A refusal decided at the HTTP edge itself (body too large, wrong media type): the few
    cases where the status is the point. Domain code raises the kinds of ``refusals`` instead."""

    status: int | None = 400
    code = "bad_request"
    headers: tuple[tuple[str, str], ...] = ()  # extra response headers, e.g. a 401's challenge

    def __init__(
        self, message: str, details: Any = None, *, status: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, details, code=code)
        if status is not None:
            self.status = status


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status, mimetype=JSON)


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    """The refusal's JSON; a field's English default in ``details`` is answered in Chinese with
    the English beside it (``web_api.field_messages``)."""
    body: dict[str, dict[str, Any]] = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = bilingual_details(details)
    return json_response(body, status)
