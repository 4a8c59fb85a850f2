"""Intake's nameko service: the entrypoints live in mixins, one per part of the work.

``CasesApi`` (accept, supplement, complete, forward), and beside it the catalogue, the clock,
staff and reports. Every mixin uses the dependencies declared here. New mixins are added to
the bases through their module (``api_x.XApi``), never imported by class name here.
"""

from __future__ import annotations

from intake import (
    api_cases,
    api_catalogue,
    api_clock,
    api_internal,
    api_reports,
    api_staff,
    api_tracking,
    joint_outcomes,
)
from intake.catalogue import Catalogue
from intake.dependencies import Calendar, Clock
from intake.orm import metadata
from intake.schemas import ROUTES
from intake.staff_schemas import STAFF_ROUTES
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access


# The mixins are reached through their modules: `nameko run intake.service` takes every class
# with entrypoints found in this module for a service, so only IntakeService may be one here.
class IntakeService(
    api_clock.ClockApi,
    api_reports.ReportsApi,
    api_tracking.TrackingApi,
    api_staff.StaffApi,
    api_cases.CasesApi,
    api_catalogue.CatalogueApi,
    api_internal.InternalApi,
    joint_outcomes.JointOutcomes,
    endpoints.OperationsEndpoints,
):
    """Cases come in at a window: the six kinds, the working-day clock, staff, the ledger.

    See each mixin's entrypoints for payloads and errors; ``GET /openapi.json`` lists them all.
    """

    name = "intake"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    clock = Clock()
    calendar = Calendar()
    access = Access()
    api_description = "Cases come in at a window: acceptance, the clock, the ledger."
    api_routes = (
        ROUTES
        + STAFF_ROUTES
        + api_reports.REPORT_ROUTES
        + api_tracking.TRACKING_ROUTES
        + api_clock.CLOCK_ROUTES
        + api_internal.INTERNAL_ROUTES
    )
    catalogue = Catalogue.load()
