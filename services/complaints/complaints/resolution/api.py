"""Taking a complaint to its end over HTTP: refer (R-COMP-7), answer on its channel (R-COMP-6),
close (R-SCORE-1) and follow up (回访). The complaints office alone takes these steps."""

from __future__ import annotations

import json

from complaints.complaint import metrics
from complaints.complaint.api import step
from complaints.complaint.schemas import ComplaintAnswerSchema, ComplaintCloseSchema, ComplaintFollowUpSchema
from complaints.entrypoints import Entrypoints, office_step
from complaints.resolution import handlers
from web_api import api
from web_api.idempotency import idempotent


class ResolutionApi(Entrypoints):
    """``.../referral``, ``.../answer``, ``.../close``, ``.../follow-up``."""

    @api("POST", "/complaints/<string:complaint_no>/referral")
    def refer(self, request, complaint_no):
        """Refer a discipline (county commission) or crime (judiciary) complaint (R-COMP-7). No body.
        Errors: 401, 403, 404, 409 ``not_referable`` / ``already_referred``."""
        complaint = office_step(self, request, complaint_no, None, handlers.refer)
        metrics.REFERRALS.labels(json.loads(complaint.get_data())["referred_to"]).inc()
        return complaint

    @api("POST", "/complaints/<string:complaint_no>/answer")
    def answer(self, request, complaint_no):
        """Answer on the complaint's channel (R-COMP-6): ``{"findings": "...", "decision": "...",
        "call_note": {"called_at": "...", "summary": "..."}}`` (the call note for oral ones).
        Errors: 401, 403, 404, 409 ``not_answerable`` / ``transition_not_allowed``, 422."""
        return office_step(
            self,
            request,
            complaint_no,
            ComplaintAnswerSchema(),
            handlers.answer,
        )

    @api("POST", "/complaints/<string:complaint_no>/close")
    def close(self, request, complaint_no):
        """Close an answered complaint: ``{"substantiated": true}`` (optional ``deduction_points``);
        substantiated against a staff member publishes complaint_substantiated (R-SCORE-1).
        Errors: 401, 403, 404, 409, 422."""
        return office_step(
            self,
            request,
            complaint_no,
            ComplaintCloseSchema(),
            handlers.close,
        )

    @api("POST", "/complaints/<string:complaint_no>/follow-up")
    @idempotent
    def follow_up(self, request, complaint_no):
        """回访 a closed complaint once: ``{"satisfaction": "satisfied", "note": "..."}``.
        Errors: 401, 403, 404, 409 ``already_followed_up`` / ``transition_not_allowed``, 422."""
        response = office_step(
            self,
            request,
            complaint_no,
            ComplaintFollowUpSchema(),
            handlers.follow_up,
        )
        metrics.FOLLOW_UPS.labels(json.loads(response.get_data())["follow_up"]["satisfaction"]).inc()
        return response


ROUTES = [
    step("referral", "Refer discipline / crime to the commission / judiciary (R-COMP-7)"),
    step("answer", "Answer on the complaint's channel (R-COMP-6)", ComplaintAnswerSchema),
    step(
        "close",
        "Close; substantiated against staff -> complaint_substantiated (R-SCORE-1)",
        ComplaintCloseSchema,
    ),
    step(
        "follow-up",
        "Follow up a closed complaint with satisfaction",
        ComplaintFollowUpSchema,
        idempotent=True,
    ),
]
