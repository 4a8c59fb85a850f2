"""Notify's nameko service: every written notice the rules require (DOMAIN section 8).

Each consumed event is turned into the notices it calls for: rendered from versioned templates,
archived, queued for delivery (``notices``); a timer delivers them (``delivery``) over SMS,
email, the in-app inbox and the window's print queue (``letters``). The archive and the inboxes
are read over HTTP (``archive``).
"""

from __future__ import annotations

from notify.archive.api import ROUTES as ARCHIVE_ROUTES
from notify.archive.api import ArchiveApi
from notify.delivery.api import ROUTES as DELIVERY_ROUTES
from notify.delivery.api import DeliveryApi
from notify.dependencies import Channels, DeliverySettings
from notify.directory import DirectoryProvider
from notify.letters.api import ROUTES as LETTER_ROUTES
from notify.letters.api import LettersApi
from notify.notices.api import NoticeConsumers
from notify.orm import metadata
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access
from web_api.idempotency import IdempotentPosts
from workday_calendar.providers import Clock


class NotifyService(
    NoticeConsumers,
    DeliveryApi,
    ArchiveApi,
    LettersApi,
    IdempotentPosts,
    endpoints.OperationsEndpoints,
):
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
    api_routes = [*ARCHIVE_ROUTES, *LETTER_ROUTES, *DELIVERY_ROUTES]
