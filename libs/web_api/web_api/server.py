"""nameko's web server with the edge the hall needs: JSON for every refusal and a quiet access log.

- A path no route matches, or a path parameter of the wrong kind (``/print-jobs/abc/print``
  where the route wants ``<int:...>``), answers JSON 404 ``not_found``; a known path with
  another method answers JSON 405 ``method_not_allowed``. werkzeug's HTML pages never leave.
- The access log (eventlet's, one line per request) never carries a query string: the part
  after ``?`` is written as ``?…`` (the public tracking route takes the applicant's
  verification code as ``?code=``, and other routes take names and phone numbers).
- A refused body (413) closes the connection, so the server never reads the rest of it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from logging import getLogger
from typing import Any

from nameko.web.server import HttpOnlyProtocol, WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Request

from web_api.errors import error_response

CLOSE_CONNECTION = "hall.close_connection"  # environ: call to close the connection after the answer
CONTENT_TYPE_SENT = "hall.content_type_sent"  # environ: the client sent a Content-Type header
# a request line's target: everything after "?" up to the next space or quote
QUERY = re.compile(r'(\s/[^\s?"]*)\?[^\s"]*')
ROUTING_ERRORS = {
    404: ("not_found", "未找到该地址 (no such resource)"),
    405: ("method_not_allowed", "该地址不支持此请求方法 (this method is not allowed here)"),
}


def without_query(line: str) -> str:
    """A log line with every request target's query string dropped.

    >>> without_query('1.2.3.4 - - "GET /tracking?case_no=A&code=S3 HTTP/1.1" 200')
    '1.2.3.4 - - "GET /tracking?… HTTP/1.1" 200'
    """
    return QUERY.sub(r"\1?…", line)


class AccessLog:
    """eventlet's server log, with query strings dropped from every line it writes."""

    def __init__(self, log: logging.Logger) -> None:
        self.log = log

    def info(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log.info(without_query(str(msg)), *args, **kwargs)

    def error(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log.error(without_query(str(msg)), *args, **kwargs)

    def debug(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log.debug(without_query(str(msg)), *args, **kwargs)

    def write(self, msg: str, *args: Any) -> None:
        self.info(msg.rstrip("\n"), *args)


class ApiProtocol(HttpOnlyProtocol):
    """The request's environ also says whether a Content-Type was sent (eventlet fills in
    ``text/plain`` when none was) and lets the app close the connection."""

    def get_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environ()
        environ[CONTENT_TYPE_SENT] = self.headers.get("content-type") is not None
        environ[CLOSE_CONNECTION] = self._close_after_answer
        return environ

    def _close_after_answer(self) -> None:
        self.close_connection = 1


class ApiWsgiApp(WsgiApp):
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
        except HTTPException as exc:
            if exc.code not in ROUTING_ERRORS:  # a redirect (e.g. a missing trailing slash)
                return exc(environ, start_response)
            code, message = ROUTING_ERRORS[exc.code]
            response = error_response(exc.code, code, message)
            if isinstance(exc, MethodNotAllowed):
                response.headers["Allow"] = ", ".join(exc.valid_methods or ())
            return response(environ, start_response)
        # nameko's HttpRequestHandler reads the route's values from the request
        request.path_values = values  # type: ignore[attr-defined]
        answer: Iterable[bytes] = provider.handle_request(request)(environ, start_response)
        return answer


class ApiWebServer(WebServer):
    def get_wsgi_app(self) -> ApiWsgiApp:
        return ApiWsgiApp(self)

    def get_wsgi_server(
        self, sock: Any, wsgi_app: Any, protocol: type = ApiProtocol, debug: bool = False
    ) -> Any:
        server = super().get_wsgi_server(sock, wsgi_app, protocol=protocol, debug=debug)
        server.log = AccessLog(getLogger("nameko.web.server"))
        return server
