"""Notify's nameko service: every written notice the rules require (DOMAIN section 8).

Each consumed event (``plans.CONSUMED``) is turned into the notices it calls for: rendered from
versioned templates, archived, queued for delivery (``issuing``); a timer delivers them
(``delivery``) over SMS, email, the in-app inbox and the window's print queue. The archive, the
inboxes and the print queue are read over HTTP (``api_archive``).
"""

from __future__ import annotations

import logging

from notify import api_archive, delivery, issuing, metrics, plans
from notify.dependencies import Channels, Clock, DeliverySettings
from notify.directory import DirectoryProvider
from notify.orm import metadata
from reliable_events import Database, configured_timer, reliable_event_handler
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access

log = logging.getLogger(__name__)


class NotifyService(api_archive.ArchiveApi, endpoints.OperationsEndpoints):
    """Renders, archives and delivers notices; ``GET /openapi.json`` lists the HTTP API."""

    name = "notify"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    clock = Clock()
    access = Access()
    directory = DirectoryProvider()
    channels = Channels()
    delivery_settings = DeliverySettings()
    api_description = "Every written notice the rules require: rendered, archived, delivered."
    api_routes = api_archive.ROUTES

    def issue_notices(self, event: dict) -> None:
        """Render first (a notice the data cannot fill is dead-lettered, nothing written), then
        archive and queue in the consuming transaction, once per event."""
        rendered = issuing.rendered_plans(event, self.directory.catalogue_item)
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            rows = issuing.issue(tx, event, rendered, self.clock())
        metrics.count_issued(rows)

    @configured_timer("DELIVERY_POLL_SECONDS", 1.0)
    def deliver(self):
        """Every ``DELIVERY_POLL_SECONDS``: send what is due, retry, fall back, ask for receipts."""
        now = self.clock()
        report = delivery.run_once(
            self.db.transaction,
            self.channels(self.db.transaction, now),
            self.directory,
            now,
            self.delivery_settings,
        )
        metrics.count_run(report)

    def refresh_business_gauges(self) -> None:
        with self.db.transaction() as tx:
            metrics.refresh_backlog(tx.connection)


def _consumer(source: str, event_type: str):
    def handle(self, event):
        self.issue_notices(event)

    handle.__name__ = handle.__qualname__ = f"handle_{event_type}"
    handle.__doc__ = f"``{source}.{event_type}``: issue the notices it calls for."
    return reliable_event_handler(source, event_type)(handle)


# one consumer (and queue) per event notify reads; the queue names keep the method names
for _source, _event_type in plans.CONSUMED:
    setattr(NotifyService, f"handle_{_event_type}", _consumer(_source, _event_type))
