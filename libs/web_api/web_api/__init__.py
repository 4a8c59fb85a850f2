"""The JSON HTTP conventions every service API follows.

``@api("POST", "/cases")`` is nameko's ``@http`` that turns errors into JSON: a client
mistake is a 4xx with a stable ``code`` and a message a window clerk understands, with
every problem listed; a database that is locked (SQLite: another process holds the file's
write lock) or unreachable is a 503 the client may retry; anything else is a 500 with no
internals.
"""

from __future__ import annotations

import json
import logging

from marshmallow import Schema, ValidationError
from nameko.web.handlers import HttpRequestHandler
from sqlalchemy.exc import SQLAlchemyError
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
from reliable_events.retry_policy import is_unavailable

log = logging.getLogger(__name__)

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

    def __init__(self, message: str, details=None, *, status=None, code=None):
        super().__init__(message, details, code=code)
        if status is not None:
            self.status = status


def json_response(payload, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status, mimetype=JSON)


def error_response(status: int, code: str, message: str, details=None) -> Response:
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return json_response(body, status)


def json_object(request) -> dict:
    """The body as a JSON object, unvalidated; 400 ``invalid_json`` when it is not one.

    The edge checks (``web_api.bodies``) have already run for a request that came through
    ``ApiHandler``: its parsed body is reused; any other request is checked here the same way."""
    payload = request.environ.get(PARSED_BODY, _UNREAD)
    if payload is _UNREAD:
        payload = parse_json(request.get_data())
    if not isinstance(payload, dict):
        raise ApiError("请求体必须是 JSON 对象 (the body must be a JSON object)", code="invalid_json")
    return payload


def load_json(request, schema: Schema) -> dict:
    """Parse and validate a JSON body; every problem is reported at once."""
    payload = json_object(request)
    try:
        return schema.load(payload)
    except ValidationError as exc:
        raise ApiError(
            "请求内容有误 (the request has invalid fields)",
            exc.messages,
            status=422,
            code="validation_failed",
        ) from None


PARSED_BODY = "hall.parsed_body"  # environ: the JSON value of a body the edge has checked
_UNREAD = object()

# these build on ApiError and error_response, so they are imported once those exist
from web_api.bodies import (  # noqa: E402
    CONTROL,
    FORM_TYPES,
    JSON_TYPES,
    MAX_ID,
    PayloadTooLarge,
    UnsupportedMediaType,
    form_problems,
    max_body_bytes,
    parse_json,
    read_bounded,
)
from web_api.server import CLOSE_CONNECTION, CONTENT_TYPE_SENT, ApiWebServer  # noqa: E402


class ApiHandler(HttpRequestHandler):
    """nameko's ``@http`` with the hall's edge: the body rules of ``web_api.bodies`` checked
    before the route runs, JSON refusals, and the web server of ``web_api.server``."""

    server = ApiWebServer()
    body_types: tuple[str, ...] = JSON_TYPES  # the Content-Types this route's body may have

    def handle_request(self, request):
        request.shallow = False
        try:
            self.admit(request)
        except Refusal as exc:
            if status_of(exc) == 413:  # the rest of the body is never read: close the connection
                request.environ.get(CLOSE_CONNECTION, lambda: None)()
            return self.response_from_exception(exc)
        return super().handle_request(request)

    def admit(self, request) -> None:
        """Refuse a control character in the query (422) or the path (404), and a body that is too
        large, of the wrong type, or (JSON) malformed; keep a JSON body's parsed value for
        ``json_object``."""
        problems = form_problems(request.args)
        if problems:  # PostgreSQL cannot even hold a NUL; no query needs a control character
            raise ApiError(
                "请求参数有误 (the query has invalid parameters)",
                problems,
                status=422,
                code="validation_failed",
            )
        path_values = getattr(request, "path_values", {}).values()
        if any(isinstance(value, str) and CONTROL.search(value) for value in path_values) or any(
            isinstance(value, int) and not 0 <= value <= MAX_ID for value in path_values
        ):
            raise NotFound("未找到该地址 (no such resource)")  # no row has such an id (INTEGER columns)
        limit = max_body_bytes(self.container.config)
        declared = request.content_length
        chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        if declared is not None and declared > limit:
            raise PayloadTooLarge(limit)
        if not (declared or chunked):
            return
        sent = request.environ.get(CONTENT_TYPE_SENT, "Content-Type" in request.headers)
        if sent and request.mimetype not in self.body_types:
            raise UnsupportedMediaType(request.mimetype or "", self.body_types)
        if chunked:  # no length announced: read at most one byte past the limit
            raw = read_bounded(request.environ["wsgi.input"], limit)
            request._cached_data = raw  # what get_data and form parsing read from now on
        else:
            raw = request.get_data(cache=True)
        if self.body_types == FORM_TYPES:
            problems = form_problems(request.form)
            if problems:
                raise ApiError(
                    "请求内容有误 (the request has invalid fields)",
                    problems,
                    status=422,
                    code="validation_failed",
                )
            return
        request.environ[PARSED_BODY] = parse_json(raw)

    def response_from_exception(self, exc):
        if isinstance(exc, Refusal):
            response = error_response(status_of(exc), exc.code, exc.message, exc.details)
            response.headers.extend(getattr(exc, "headers", ()))
            if isinstance(exc, TooMany):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
        if isinstance(exc, SQLAlchemyError) and is_unavailable(exc):
            # the same verdict a consumer gets ("retry later, not your fault"); nothing was written
            log.warning("%s: database unavailable: %s", self.method_name, exc)
            response = error_response(503, "database_unavailable", DATABASE_UNAVAILABLE)
            response.headers["Retry-After"] = "1"
            return response
        log.exception("unexpected error in %s", self.method_name, exc_info=exc)
        return error_response(500, "internal_error", "服务暂时不可用 (internal error)")


api = ApiHandler.decorator

# access builds on ApiError, so it is imported once ApiError exists
from web_api.access import (  # noqa: E402
    ROLES,
    Access,
    Forbidden,
    Gate,
    Principal,
    TokenFileError,
    TokenRegistry,
    Unauthenticated,
)

__all__ = [
    "ROLES",
    "STATUS_OF_REFUSAL",
    "Access",
    "ApiError",
    "ApiHandler",
    "Conflict",
    "Forbidden",
    "Gate",
    "NotFound",
    "Principal",
    "Refusal",
    "TokenFileError",
    "TokenRegistry",
    "Unauthenticated",
    "api",
    "error_response",
    "json_response",
    "json_object",
    "load_json",
    "status_of",
]
