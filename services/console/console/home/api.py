"""The front page, the console's files, health and metrics."""

from __future__ import annotations

import mimetypes
from importlib import resources
from typing import Any

from werkzeug.wrappers import Response

from console.web.menus import home_of
from console.web.pages import ConsolePages, PageHandler, not_found, page
from console.web.views import redirect, render
from service_metrics import exposition
from web_api import json_response

STATIC_FILES = frozenset(["console.css", "htmx.min.js", "console.js", "htmx.LICENSE.txt", "VENDORED.txt"])


class HomePages(ConsolePages):
    @page("GET", "/", roles=None)
    def home(self, request: Any, visitor: Any) -> Response:
        """Staff go to their work; the public sees what it can do without signing in."""
        if visitor is not None:
            return redirect(home_of(visitor.role))
        return render(request, "public/home.html")

    @page("GET", "/static/<string:name>", roles=None)
    def static(self, request: Any, visitor: Any, name: str) -> Response:
        """The console's own scripts and styles: nothing is loaded from the internet."""
        if name not in STATIC_FILES:
            raise not_found()
        data = resources.files("console").joinpath("static", name).read_bytes()
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else ""
        response = Response(data, content_type=kind + charset)
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @PageHandler.decorator("GET", "/health")
    def health(self, request: Any) -> Response:
        """200 ``{"status": "ok", "database": "ok"}``, or 503 when the sessions' database fails."""
        try:
            self.sessions.ping()
            return json_response({"status": "ok", "service": "console", "database": "ok"})
        except Exception as exc:
            return json_response(
                {"status": "failing", "service": "console", "database": type(exc).__name__}, 503
            )

    @PageHandler.decorator("GET", "/metrics")
    def metrics(self, request: Any) -> Response:
        """Prometheus text format (the pages' RED metrics)."""
        body, content_type = exposition()
        return Response(body, status=200, content_type=content_type)
