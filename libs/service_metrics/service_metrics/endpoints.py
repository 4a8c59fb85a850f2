"""``GET /health`` and ``GET /metrics``, the same on every service.

A service class inherits ``OperationsEndpoints`` and has a ``db`` (reliable_events
``Database``) dependency; nothing else is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from reliable_events.dead_letters import parking_depths
from reliable_events.storage import Store
from reliable_events.telemetry import DEAD_LETTER_DEPTH, UNROUTED_DEPTH
from service_metrics import exposition
from web_api import api, json_response
from web_api.openapi import Route, build_spec

log = logging.getLogger(__name__)


class OperationsEndpoints:
    """Mixin: health, metrics and the OpenAPI document for a nameko service with ``db``.

    A service sets ``api_routes`` (its ``web_api.openapi.Route`` list) and
    ``api_description``, and defines ``refresh_business_gauges()``: its own gauges (open cases,
    overdue tasks …), read at each scrape (a service without any defines it as a no-op).
    """

    api_routes: list[Route] = []
    api_description: str = ""
    # what the service class that mixes this in declares: its name and its Database dependency
    name: str
    db: Store
    refresh_business_gauges: Callable[[], None]

    @api("GET", "/openapi.json")
    def openapi(self, request: Any) -> Response:
        """The service's OpenAPI 3 document, generated from its marshmallow schemas."""
        return json_response(build_spec(self.name, self.api_description, self.api_routes))

    @api("GET", "/health")
    def health(self, request: Any) -> Response:
        """200 ``{"status": "ok", "database": "ok", "broker": "ok"}`` or 503 naming what failed."""
        checks = {"database": "ok", "broker": "ok"}
        try:
            self.db.ping()
        except Exception as exc:
            checks["database"] = f"unreachable: {type(exc).__name__}"
        try:
            self._refresh_parking_depths()
        except Exception as exc:
            checks["broker"] = f"unreachable: {type(exc).__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return json_response(
            {"status": "ok" if healthy else "failing", "service": self.name, **checks},
            200 if healthy else 503,
        )

    @api("GET", "/metrics")
    def metrics(self, request: Any) -> Response:
        """Prometheus text format."""
        try:
            self.db.refresh_gauges()
            self._refresh_parking_depths()
        except Exception:
            log.warning("metrics: could not refresh gauges", exc_info=True)
        try:
            self.refresh_business_gauges()
        except Exception:
            log.warning("metrics: could not refresh the business gauges", exc_info=True)
        body, content_type = exposition()
        return Response(body, status=200, content_type=content_type)

    def _refresh_parking_depths(self) -> None:
        dead_letters, unrouted = parking_depths(self.db.amqp_uri, self.name)
        DEAD_LETTER_DEPTH.labels(self.name).set(dead_letters)
        UNROUTED_DEPTH.labels(self.name).set(unrouted)
