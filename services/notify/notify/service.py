"""Notify's nameko service: every written notice the rules require (DOMAIN section 8).

Each consumed event is turned into the notices it calls for: rendered from versioned templates,
archived, queued for delivery (``notices``); a timer delivers them (``delivery``) over SMS,
email, the in-app inbox and the window's print queue (``letters``). The archive and the inboxes
are read over HTTP (``archive``).
"""

from __future__ import annotations

# modules, not classes: ``nameko run notify.service`` starts every class here that has entrypoints
import notify.archive.api
import notify.delivery.api
import notify.delivery.reports_api
import notify.enquiries.api
import notify.letters.api
import notify.notices.api
from notify.delivery.bell import DeliveryBell
from notify.dependencies import Channels, DeliverySettings
from notify.directory import DirectoryProvider
from notify.orm import metadata
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access, idempotency
from workday_calendar.providers import Clock


class NotifyService(
    notify.notices.api.NoticeConsumers,
    notify.delivery.api.DeliveryApi,
    notify.delivery.reports_api.SmsReportsApi,
    notify.archive.api.ArchiveApi,
    notify.letters.api.LettersApi,
    notify.enquiries.api.OneTimeNoticesApi,
    idempotency.IdempotentPosts,
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
    delivery_bell = DeliveryBell()
    sms_reports = notify.delivery.reports_api.SmsReportSecret()
    api_description = "Every written notice the rules require: rendered, archived, delivered."
    api_routes = [
        *notify.archive.api.ROUTES,
        *notify.letters.api.ROUTES,
        *notify.delivery.api.ROUTES,
        *notify.delivery.reports_api.ROUTES,
        *notify.enquiries.api.ROUTES,
    ]
