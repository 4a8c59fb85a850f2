"""Complaints' nameko service: the entrypoints live in mixins, one module per part of the work.

``api_complaints.ComplaintsApi`` (complaints proper), ``api_desk.DeskApi`` (the "could not get
it done" desk), ``api_open311.Open311Api`` (Open311 GeoReport v2). Mixins are reached through
their modules: ``nameko run complaints.service`` takes every class with entrypoints found in
this module for a service, so only ComplaintsService may be one here.
"""

from __future__ import annotations

from nameko.dependency_providers import Config

from complaints import api_complaints, api_desk, api_open311
from complaints.complaint_settings import ComplaintSettings
from complaints.dependencies import Calendar, Clock
from complaints.identity import IdentitySeal
from complaints.orm import metadata
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access


class ComplaintsService(
    api_complaints.ComplaintsApi, api_desk.DeskApi, api_open311.Open311Api, endpoints.OperationsEndpoints
):
    """Complaints and the "could not get it done" desk.

    ``GET /openapi.json`` lists every route with its payloads and errors.
    """

    name = "complaints"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    clock = Clock()
    calendar = Calendar()
    access = Access()
    config = Config()
    seal = IdentitySeal()  # COMPLAINANT_KEY: no key, no start (R-COMP-4)
    settings = ComplaintSettings()  # MULTI_DEPARTMENT_LIMIT_DAYS and the office, checked at start
    api_description = "Complaints and the could-not-get-it-done desk."
    api_routes = [*api_complaints.ROUTES, *api_desk.ROUTES, *api_open311.ROUTES]

    def refresh_business_gauges(self) -> None:
        """Called at each scrape of /metrics: every part refreshes its own gauges."""
        for part in (api_complaints, api_desk):
            refresh = getattr(part, "refresh_gauges", None)
            if refresh is not None:
                refresh(self)
