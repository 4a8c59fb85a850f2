"""nameko's ``@http`` with the hall's edge: body rules first, then JSON refusals."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from nameko.exceptions import IncorrectSignature
from nameko.web.handlers import HttpRequestHandler
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from refusals import Refusal, TooMany
from reliable_events.retry_policy import is_unavailable
from web_api.bodies import (
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
from web_api.errors import DATABASE_UNAVAILABLE, ApiError, error_response, status_of
from web_api.json_bodies import PARSED_BODY
from web_api.server import CLOSE_CONNECTION, CONTENT_TYPE_SENT, ApiWebServer

log = logging.getLogger(__name__)


class ApiHandler(HttpRequestHandler):
    """nameko's ``@http`` with the hall's edge: the body rules of ``web_api.bodies`` checked
    before the route runs, JSON refusals, and the web server of ``web_api.server``."""

    server = ApiWebServer()
    body_types: tuple[str, ...] = JSON_TYPES  # the Content-Types this route's body may have
    _signature: inspect.Signature | None = None

    def check_signature(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """nameko's check (the route's values fit the method), with the method's signature read
        once: nameko's ``inspect.getcallargs`` rebuilt it on every request (about 60 us of the
        2.4 ms a POST costs). ``follow_wrapped=False`` as getcallargs: a decorated route (e.g.
        ``@idempotent``) is checked against its wrapper, as before."""
        if self._signature is None:
            method = getattr(self.container.service_cls, self.method_name)
            self._signature = inspect.signature(method, follow_wrapped=False)
        try:
            self._signature.bind(None, *args, **kwargs)  # None: the unbound method's self
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None

    def handle_request(self, request: Any) -> Response:
        request.shallow = False
        try:
            self.admit(request)
        except Refusal as exc:
            if status_of(exc) == 413:  # the rest of the body is never read: close the connection
                request.environ.get(CLOSE_CONNECTION, lambda: None)()
            return self.response_from_exception(exc)
        response: Response = super().handle_request(request)
        return response

    def admit(self, request: Any) -> None:
        """Refuse a control character in the query (422) or the path (404), and a body that is too
        large, of the wrong type, or (JSON) malformed; keep a JSON body's parsed value for
        ``json_object``."""
        _check_query_and_path(request)
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
            _refuse_problems(form_problems(request.form), "请求内容有误 (the request has invalid fields)")
            return
        request.environ[PARSED_BODY] = parse_json(raw)

    def response_from_exception(self, exc: BaseException) -> Response:
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


F = TypeVar("F", bound=Callable[..., Any])


def api(method: str, url: str, **options: Any) -> Callable[[F], F]:
    """``@api("POST", "/cases")``: the route as an ``ApiHandler`` entrypoint (nameko's
    ``Extension.decorator``, given a type)."""
    decorate: Callable[[F], F] = ApiHandler.decorator(method, url, **options)
    return decorate


def _check_query_and_path(request: Any) -> None:
    # PostgreSQL cannot even hold a NUL; no query needs a control character
    _refuse_problems(form_problems(request.args), "请求参数有误 (the query has invalid parameters)")
    path_values = getattr(request, "path_values", {}).values()
    if any(isinstance(value, str) and CONTROL.search(value) for value in path_values) or any(
        isinstance(value, int) and not 0 <= value <= MAX_ID for value in path_values
    ):
        # the edge's own 404 (no row has such an id: INTEGER columns), so an ApiError: a handler
        # with its own error format (complaints' Open311) renders it like its other refusals
        raise ApiError("未找到该地址 (no such resource)", status=404, code="not_found")


def _refuse_problems(problems: dict[str, list[str]], message: str) -> None:
    if problems:
        raise ApiError(message, problems, status=422, code="validation_failed")
