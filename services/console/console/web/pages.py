"""``@page``: a console route, with sign-in, role, CSRF and HTML refusals done once.

- ``roles=None``: a public page (no sign-in); ``roles=()``: anyone signed in; else those roles.
  Nobody signed in: 303 to ``/login?next=…``; a role that may not: 403 page.
- Every POST must carry the ``csrf`` field of the visitor's session (or, for a public form, of
  the ``hall_form`` cookie) and, when the browser sends ``Origin``, come from this site: else a
  403 page that asks to reload (nothing is changed).
- A service's refusal not handled by the page, a service that does not answer, a bad body: an
  HTML page in Chinese with the right status, never a stack trace.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from werkzeug.wrappers import Response

from console.backends.client import Backends, Refused, Unavailable
from console.signin.rules import same_secret

if TYPE_CHECKING:
    from console.dependencies import SessionGate
from console.web.messages import chinese
from console.web.views import HTML, environment, sign_in_redirect
from refusals import Refusal
from web_api.access import Gate
from web_api.bodies import FORM_TYPES
from web_api.errors import status_of
from web_api.handler import ApiHandler
from web_api.server import ApiWebServer, ApiWsgiApp

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
SERVICE_NAMES = {
    "intake": "受理服务",
    "joint_review": "联合审查服务",
    "complaints": "投诉服务",
    "notify": "通知服务",
}


class PageRefused(Exception):
    """The console's own refusal of a page: status, title and message for the person."""

    def __init__(self, status: int, title: str, message: str):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def forbidden() -> PageRefused:
    return PageRefused(403, "无权访问", "您的岗位无权查看此页面或进行此操作。")


def not_found(message: str = "未找到该页面。") -> PageRefused:
    return PageRefused(404, "未找到", message)


def error_page(status: int, title: str, message: str, request: Any = None) -> Response:
    body = (
        environment()
        .get_template("errors/error.html")
        .render(
            status=status,
            title=title,
            message=message,
            visitor=getattr(request, "visitor", None),
            menu=(),
            csrf=getattr(request, "csrf", ""),
            path=getattr(request, "path", "/"),
        )
    )
    return Response(body, status=status, content_type=HTML)


def page_for(exc: BaseException, request: Any = None) -> Response:
    """The HTML answer to anything a page raised."""
    if isinstance(exc, PageRefused):
        return error_page(exc.status, exc.title, exc.message, request)
    if isinstance(exc, Refused):
        if exc.status == 401:
            return error_page(401, "登录已失效", "您的登录凭据已停用，请重新登录。", request)
        titles = {403: "无权访问", 404: "未找到", 409: "无法办理", 429: "请求过于频繁"}
        return error_page(exc.status, titles.get(exc.status, "无法办理"), chinese(exc.message), request)
    if isinstance(exc, Unavailable):
        name = SERVICE_NAMES.get(exc.service, exc.service)
        return error_page(
            503, "服务暂不可用", f"{name}暂时无法访问，请稍后重试；已填写的内容未提交。", request
        )
    if isinstance(exc, Refusal):
        return error_page(status_of(exc), "请求有误", chinese(exc.message), request)
    log.exception("unexpected error in a page", exc_info=exc)
    return error_page(500, "系统错误", "系统出现错误，已记录，请稍后重试。", request)


def secured(response: Response, path: str) -> Response:
    """Every answer's security headers; pages (not the static files) are never cached."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class PageWsgiApp(ApiWsgiApp):
    """Routing misses answer an HTML page (with the security headers), not the APIs' JSON."""

    def __call__(self, environ: Any, start_response: Any) -> Any:
        adapter = self.url_map.bind_to_environ(environ)
        try:
            adapter.match()
        except Exception as exc:
            code = getattr(exc, "code", None)
            if code == 404:
                page = error_page(404, "未找到", "未找到该页面。")
                return secured(page, environ.get("PATH_INFO", "/"))(environ, start_response)
            if code == 405:
                page = error_page(405, "不支持的操作", "该页面不支持此操作。")
                return secured(page, environ.get("PATH_INFO", "/"))(environ, start_response)
        return super().__call__(environ, start_response)


class PageWebServer(ApiWebServer):
    def get_wsgi_app(self) -> PageWsgiApp:
        return PageWsgiApp(self)


class PageHandler(ApiHandler):
    """An ``@http`` entrypoint answering HTML: form bodies only, refusals as pages."""

    server = PageWebServer()
    body_types = FORM_TYPES

    def handle_request(self, request: Any) -> Response:
        return secured(super().handle_request(request), request.path)

    def response_from_exception(self, exc: BaseException) -> Response:
        return page_for(exc)


def page(method: str, url: str, *, roles: tuple[str, ...] | None = ()) -> Callable[[Callable], Callable]:
    """``@page("GET", "/cases", roles=("window_staff",))``: see the module's docstring.

    The page function is called as ``fn(self, request, visitor, **path_values)``; the service
    has ``sessions`` (``console.dependencies.Sessions``)."""

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def run(self: Any, request: Any, **values: Any) -> Response:
            try:
                return _run(self, request, values)
            except Exception as exc:  # rendered here, where the visitor is known
                return page_for(exc, request)

        def _run(self: Any, request: Any, values: dict[str, Any]) -> Response:
            visitor = self.sessions.visitor(request)
            request.visitor = visitor
            if roles is not None and visitor is None:
                return sign_in_redirect(request)
            fresh = None
            if visitor is not None:
                request.csrf = visitor.csrf  # set first: a 403 page's sign-out form needs it
            else:
                request.csrf, fresh = self.sessions.form_secret(request)
            if roles and visitor is not None and visitor.role not in roles:
                raise forbidden()
            if request.method not in ("GET", "HEAD"):
                _check_form_origin(request, fresh)
            response: Response = fn(self, request, visitor, **values)
            if fresh:
                self.sessions.set_form_cookie(response, fresh)
            return response

        return PageHandler.decorator(method, url)(run)

    return decorate


def _check_form_origin(request: Any, fresh: str | None) -> None:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise PageRefused(403, "请求来源不明", "该操作不是从本系统页面提交的，已拒绝。")
    if fresh or not same_secret(request.form.get("csrf"), request.csrf):
        raise PageRefused(403, "页面已过期", "页面已过期或不是从本系统提交的，请刷新页面后重新提交。")


class ConsolePages:
    """The base of every concept's page class: what the service class provides to pages.

    ``self.sessions`` (who is signed in, cookies), ``self.backends`` (the four services' APIs,
    called with ``visitor.token``), ``self.access`` (the token file, for signing in)."""

    sessions: SessionGate
    backends: Backends
    access: Gate
