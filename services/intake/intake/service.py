"""Intake's nameko service: each concept's entrypoint class, composed here explicitly.

``nameko run intake.service`` takes every class with entrypoints found in this module for a
service, so only ``IntakeService`` may be one here: the concepts' classes are reached through
their modules (``intake.<concept>.api``). No name is defined by two of the bases
(``tests/unit/intake_service``), so the order of the bases decides nothing.
"""

from __future__ import annotations

import intake.applicants.api
import intake.cases.api
import intake.catalogue.api
import intake.clock.api
import intake.clock.requests_api
import intake.enquiries.api
import intake.joint.api
import intake.overdue.api
import intake.reports.api
import intake.staff.api
import intake.tracking.api
import intake.transfers.api
import intake.worklist.api
import web_api.idempotency
from intake.catalogue.repository import Catalogue
from intake.dependencies import Calendar
from intake.orm import metadata
from intake.staff.holders import KeptRosterAnswers
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access
from workday_calendar.providers import Clock


class IntakeService(
    intake.cases.api.CasesApi,
    intake.worklist.api.WorklistApi,
    intake.catalogue.api.CatalogueApi,
    intake.clock.api.ClockApi,
    intake.clock.requests_api.ExtensionRequestsApi,
    intake.overdue.api.OverdueApi,
    intake.staff.api.StaffApi,
    intake.transfers.api.TransfersApi,
    intake.reports.api.ReportsApi,
    intake.tracking.api.TrackingApi,
    intake.applicants.api.InternalApi,
    intake.enquiries.api.EnquiriesApi,
    intake.joint.api.JointOutcomes,
    web_api.idempotency.IdempotentPosts,
    endpoints.OperationsEndpoints,
):
    """Cases come in at a window: the six kinds, the working-day clock, staff, the ledger.

    See each concept's entrypoints for payloads and errors; ``GET /openapi.json`` lists them all.
    """

    name = "intake"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    clock = Clock()
    calendar = Calendar()
    access = Access()
    roster_answers = KeptRosterAnswers()
    api_description = "Cases come in at a window: acceptance, the clock, the ledger."
    api_routes = (
        intake.cases.api.CASE_ROUTES
        + intake.worklist.api.WORKLIST_ROUTES
        + intake.catalogue.api.CATALOGUE_ROUTES
        + intake.staff.api.STAFF_ROUTES
        + intake.transfers.api.TRANSFER_ROUTES
        + intake.reports.api.REPORT_ROUTES
        + intake.tracking.api.TRACKING_ROUTES
        + intake.clock.api.CLOCK_ROUTES
        + intake.clock.requests_api.EXTENSION_REQUEST_ROUTES
        + intake.overdue.api.OVERDUE_ROUTES
        + intake.applicants.api.INTERNAL_ROUTES
        + intake.enquiries.api.ENQUIRY_ROUTES
    )
    catalogue = Catalogue.load()
