"""``GET /health`` and ``GET /metrics``, the same on every service, and the operator's routes:
the dead letters (list, show, re-drive one) and the outbox's backlog.

A service class inherits ``OperationsEndpoints`` and has a ``db`` (reliable_events
``Database``) and an ``access`` (web_api ``Access``) dependency; nothing else is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.wrappers import Response

from reliable_events import outbox_rows
from reliable_events.dead_letters import DeadLetterQueue, parking_depths
from reliable_events.storage import Store
from reliable_events.telemetry import DEAD_LETTER_DEPTH, UNROUTED_DEPTH
from service_metrics import exposition
from service_metrics import operator_views as views
from service_metrics.readiness import ConsumersReady
from web_api import api, api_docs, json_response
from web_api.access import Gate
from web_api.json_bodies import load_json
from web_api.openapi import Route, service_spec

log = logging.getLogger(__name__)


class OperationsEndpoints:
    """Mixin: health, metrics, the OpenAPI document and its page for a nameko service with ``db``.

    A service sets ``api_routes`` (its ``web_api.openapi.Route`` list) and
    ``api_description``, and defines ``refresh_business_gauges()``: its own gauges (open cases,
    overdue tasks …), read at each scrape (a service without any defines it as a no-op).
    """

    api_routes: list[Route] = []
    api_description: str = ""
    consumers_ready = ConsumersReady()  # /health is 503 until this process consumes
    # what the service class that mixes this in declares: its name and its Database dependency
    name: str
    db: Store
    access: Gate
    refresh_business_gauges: Callable[[], None]

    @api("GET", "/openapi.json")
    def openapi(self, request: Any) -> Response:
        """The service's OpenAPI 3 document, generated from its marshmallow schemas."""
        return json_response(service_spec(type(self)))

    @api("GET", "/docs")
    def api_docs_page(self, request: Any) -> Response:
        """The API reference page (Swagger UI on ``/openapi.json``), served here, no internet."""
        return api_docs.page(self.name)

    @api("GET", "/docs/assets/<string:name>")
    def api_docs_asset(self, request: Any, name: str) -> Response:
        """One of that page's files (script, style sheet, licence); any other name is a 404."""
        return api_docs.asset(name)

    @api("GET", "/health")
    def health(self, request: Any) -> Response:
        """200 ``{"status": "ok", "database": "ok", "broker": "ok", "consumers": "ok"}`` or 503
        naming what failed (``consumers``: ``starting`` until every queue consumer consumes)."""
        checks = {"database": "ok", "broker": "ok", "consumers": self.consumers_ready()}
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

    @api("GET", "/operations/dead-letters")
    def list_dead_letters(self, request: Any) -> Response:
        """Operators: the dead letters (id, event type, queue, reason, time), left in place."""
        self.access.require(request, *views.OPERATOR)
        limit = views.list_limit(request.args)
        with self._dead_letters() as dlq:
            _, waiting, _ = dlq.channel.queue_declare(dlq.queue, passive=True)
            letters = dlq.browse(limit)
        shown = [views.letter_summary(letter) for letter in letters]
        return json_response(
            {"service": self.name, "queue": dlq.queue, "waiting": waiting, "dead_letters": shown}
        )

    @api("GET", "/operations/dead-letters/<string:message_id>")
    def show_dead_letter(self, request: Any, message_id: str) -> Response:
        """Operators: one dead letter with its headers and body (``hall-dead-letters show``)."""
        self.access.require(request, *views.OPERATOR)
        with self._dead_letters() as dlq:
            letters = dlq.browse()
        found = next((letter for letter in letters if letter.message_id == message_id), None)
        if found is None:
            raise views.DeadLetterNotFound("没有该死信 (no such dead letter)", {"id": message_id})
        return json_response(views.letter_shown(found))

    @api("POST", "/operations/dead-letters/<string:message_id>/redrive")
    def redrive_dead_letter(self, request: Any, message_id: str) -> Response:
        """Operators: re-drive exactly this letter to the queue it failed in -> 202. Asked twice:
        404 (gone), or 409 when ``dead_lettered_at`` is given and it failed again since."""
        self.access.require(request, *views.OPERATOR)
        wanted = load_json(request, views.RedriveSchema()) if request.get_data() else {}
        with self._dead_letters() as dlq:
            outcome = dlq.redrive_one(message_id, wanted.get("dead_lettered_at"))
        log.info("operator re-drive of %s in %s: %s", message_id, dlq.queue, outcome)
        return json_response(views.redrive_answer(outcome, message_id), 202)

    @api("GET", "/operations/outbox")
    def outbox_backlog(self, request: Any) -> Response:
        """Operators: pending events, the oldest one's age in seconds, parked rows."""
        self.access.require(request, *views.OPERATOR)
        with self.db.engine.connect() as connection:
            count, oldest, parked = outbox_rows.backlog(connection, self.db.tables[0])
        return json_response(views.backlog_answer(self.name, count, oldest, parked))

    @contextmanager
    def _dead_letters(self) -> Iterator[DeadLetterQueue]:
        """The service's dead-letter queue, on its own broker account."""
        dlq = DeadLetterQueue(self.db.amqp_uri, self.name)
        try:
            yield dlq
        finally:
            dlq.close()

    def _refresh_parking_depths(self) -> None:
        dead_letters, unrouted = parking_depths(self.db.amqp_uri, self.name)
        DEAD_LETTER_DEPTH.labels(self.name).set(dead_letters)
        UNROUTED_DEPTH.labels(self.name).set(unrouted)
