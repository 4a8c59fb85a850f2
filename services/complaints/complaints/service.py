"""Complaints' nameko service: it composes each concept's entrypoint class, and nothing else.

``nameko run complaints.service`` takes every class with entrypoints found in this module for a
service, so only ComplaintsService may be one here: the concepts' classes are reached through
their modules. No name is defined by two of its bases (``tests/unit/complaints_service``), so
the order of the bases decides nothing.
"""

from __future__ import annotations

from nameko.dependency_providers import Config

import complaints.case_events.api
import complaints.complaint.api
import complaints.complaint.metrics
import complaints.desk.api
import complaints.desk.metrics
import complaints.forwarding.api
import complaints.identity.api
import complaints.ledger.api
import complaints.open311.api
import complaints.resolution.api
import complaints.worklist.api
from complaints.dependencies import ComplaintSettings, IdentitySeal
from complaints.orm import metadata
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access, idempotency
from workday_calendar.providers import Calendar, Clock


class ComplaintsService(
    complaints.complaint.api.ComplaintsApi,
    complaints.worklist.api.WorklistApi,
    complaints.forwarding.api.ForwardingApi,
    complaints.resolution.api.ResolutionApi,
    complaints.identity.api.IdentityApi,
    complaints.case_events.api.CaseEventsApi,
    complaints.desk.api.DeskApi,
    complaints.ledger.api.LedgerApi,
    complaints.open311.api.Open311Api,
    idempotency.IdempotentPosts,
    endpoints.OperationsEndpoints,
):
    """Complaints and the "could not get it done" desk.

    ``GET /openapi.json`` lists every route with its payloads and errors.
    """

    name = "complaints"
    # providers: each worker sees what they provide, as ``entrypoints.Entrypoints`` annotates it
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    clock = Clock()
    calendar = Calendar()
    access = Access()
    config = Config()
    seal = IdentitySeal()  # COMPLAINANT_KEY: no key, no start (R-COMP-4)
    settings = ComplaintSettings()  # the limits and the office, checked at start
    api_description = "Complaints and the could-not-get-it-done desk."
    api_routes = [
        *complaints.complaint.api.ROUTES,
        *complaints.worklist.api.ROUTES,
        *complaints.forwarding.api.ROUTES,
        *complaints.resolution.api.ROUTES,
        *complaints.identity.api.ROUTES,
        *complaints.desk.api.ROUTES,
        *complaints.ledger.api.ROUTES,
        *complaints.open311.api.ROUTES,
    ]

    def refresh_business_gauges(self) -> None:
        """Called at each scrape of /metrics: the complaints' gauges, then the desk's."""
        complaints.complaint.metrics.refresh_gauges(self)
        complaints.desk.metrics.refresh_gauges(self)
