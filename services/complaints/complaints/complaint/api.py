"""Complaints over HTTP: filing, one complaint, its category and an explained delay (R-COMP-1..5),
and the limit sweep (a timer and ``POST /complaints/sweep``); the office's list is ``worklist``.

The complaints office (``complaints_office``) files and steers every complaint; supervision
reads. Every write runs in one transaction: a refusal (4xx, every problem listed) changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from marshmallow import ValidationError

from complaints.complaint import handlers, metrics, sweep
from complaints.complaint.schemas import (
    ComplaintCategorySchema,
    ComplaintExplanationSchema,
    ComplaintSchema,
    FileComplaintSchema,
    SweepSchema,
)
from complaints.entrypoints import Entrypoints, complaint_work, office_step, view
from reliable_events import configured_timer
from web_api import api, json_object, json_response, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter

log = logging.getLogger(__name__)

OFFICE = ("complaints_office",)
READERS = ("complaints_office", "supervision")
SWEEP_SECONDS_KEY = "SWEEP_SECONDS"
DEFAULT_SWEEP_SECONDS = 60


def load_filing(request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filing and what is wrong with its fields; the rules are checked with the case (R-COMP-1)."""
    payload = json_object(request)
    try:
        return schema_of(FileComplaintSchema).load(payload), {}
    except ValidationError as exc:
        return cast(dict[str, Any], exc.valid_data or {}), cast(
            dict[str, Any], exc.messages
        )  # a dict for a dict payload


class ComplaintsApi(Entrypoints):
    """Entrypoints of complaints proper: ``POST /complaints`` files, ``GET`` reads, the category and
    an explained delay change it; the sweep raises due-soon and overdue alerts."""

    @api("POST", "/complaints")
    @idempotent
    def file_complaint(self, request):
        """File a complaint (R-COMP-1..4): ``{"channel": "letter", "category": "late", "matter": "...",
        "occurred_at": "2026-12-01T09:30:00+08:00", "place": "W03", "case_no": "HALL-...",
        "complainant": {"name": "...", "phone": "..."}}`` -> 201 the complaint (no identity; its
        ``complainant_ref``, ``due_date``, ``suggested_categories``). Errors: 401, 403,
        404 ``unknown_case``, 422 ``written_form_required`` / ``validation_failed``."""
        principal = self.access.require(request, *OFFICE)
        command, problems = load_filing(request)
        with complaint_work(self, principal.subject) as uow:
            complaint = handlers.file_complaint(command, uow, problems)
            body = view(uow, complaint["complaint_no"])
        metrics.FILED.labels(complaint["channel"], complaint["kind"]).inc()
        return json_response(body, 201)

    @api("GET", "/complaints/<string:complaint_no>")
    def get_complaint(self, request, complaint_no):
        """One complaint with its forwards, follow-up and timeline; never the identity.
        Errors: 401, 403, 404."""
        self.access.require(request, *READERS)
        with complaint_work(self, "reader") as uow:
            return json_response(view(uow, complaint_no))

    @api("PUT", "/complaints/<string:complaint_no>/category")
    def recategorise(self, request, complaint_no):
        """Correct the scope category while the complaint is tracked: ``{"category": "late"}``.
        Errors: 401, 403, 404, 409 ``transition_not_allowed``, 422."""
        return office_step(
            self,
            request,
            complaint_no,
            ComplaintCategorySchema(),
            handlers.recategorise,
        )

    @api("POST", "/complaints/<string:complaint_no>/explanation")
    def explain(self, request, complaint_no):
        """A limit that cannot be met (R-COMP-5): ``{"reason": "...", "new_due_date": "2026-12-04",
        "call_note": {"called_at": "...", "summary": "..."}}`` (the call note for an oral complaint);
        a written complaint's complainant gets the delay notice through notify (complaint_explained).
        Errors: 401, 403, 404, 409, 422 (no new date, no call note for an oral complaint)."""
        return office_step(
            self,
            request,
            complaint_no,
            ComplaintExplanationSchema(),
            handlers.explain,
        )

    def sweep_complaints_now(self) -> dict:
        now = self.clock()  # one moment for the whole sweep
        raised = sweep.sweep(lambda: complaint_work(self, sweep.SWEEPER, now))
        for category, count in raised["breached"].items():
            metrics.BREACHES.labels(category).inc(count)
        return raised

    @configured_timer(SWEEP_SECONDS_KEY, DEFAULT_SWEEP_SECONDS)
    def sweep_complaint_limits(self):
        """Every ``SWEEP_SECONDS``: complaints due soon and past their limit (R-COMP-5), once each."""
        raised = self.sweep_complaints_now()
        if raised["due_soon"] or raised["overdue"]:
            log.info("complaint sweep: %d due soon, %d overdue", raised["due_soon"], raised["overdue"])

    @api("POST", "/complaints/sweep")
    def sweep_complaints(self, request):
        """Run the limit sweep now. No body. -> ``{"raised": {"due_soon": 1, "overdue": 0,
        "breached": {"late": 0}}}``. Errors: 401, 403."""
        self.access.require(request, "operator", "complaints_office")
        return json_response({"raised": self.sweep_complaints_now()})


NO = (path_parameter("complaint_no", "complaint number, e.g. CMP-20261201-4HX7Q2PN"),)
STEP_ERRORS = {
    404: "No such complaint (not_found)",
    409: "Not allowed in the complaint's state (transition_not_allowed), every reason listed",
    422: "Invalid fields, every problem listed (validation_failed)",
}


def step(path: str, summary: str, request=None, idempotent: bool = False) -> Route:
    """The route of an office step on a complaint: ``POST /complaints/{complaint_no}/<path>``."""
    return Route(
        "POST",
        f"/complaints/{{complaint_no}}/{path}",
        summary,
        request,
        ComplaintSchema,
        200,
        STEP_ERRORS,
        NO,
        roles=OFFICE,
        idempotent=idempotent,
    )


ROUTES = [
    Route(
        "POST",
        "/complaints",
        "File a complaint over any channel (R-COMP-1..4)",
        FileComplaintSchema,
        ComplaintSchema,
        201,
        {
            404: "Unknown case (unknown_case)",
            422: "A major or wide-impact complaint not in writing (written_form_required);"
            " invalid fields (validation_failed), every problem listed",
        },
        roles=OFFICE,
        idempotent=True,
    ),
    Route(
        "GET",
        "/complaints/{complaint_no}",
        "A complaint, its forwards, follow-up and timeline (no identity)",
        None,
        ComplaintSchema,
        200,
        {404: "No such complaint"},
        NO,
        roles=READERS,
    ),
    Route(
        "PUT",
        "/complaints/{complaint_no}/category",
        "Correct the scope category (R-COMP-2)",
        ComplaintCategorySchema,
        ComplaintSchema,
        200,
        STEP_ERRORS,
        NO,
        roles=OFFICE,
    ),
    step(
        "explanation",
        "Tell the complainant why the limit cannot be met (R-COMP-5)",
        ComplaintExplanationSchema,
    ),
    Route(
        "POST",
        "/complaints/sweep",
        "Raise due-soon and overdue alerts now (R-COMP-5)",
        None,
        SweepSchema,
        200,
        {},
        roles=("operator", "complaints_office"),
    ),
]
