"""HTTP entrypoints of the lead window's meetings (联审会) and joint site inspections (联合踏勘).

R-JOINT-5; an inspection's working days are off the clock (R-CLOCK-2).
"""

from __future__ import annotations

from joint_review.entrypoints import Entrypoints
from joint_review.meetings import handlers
from joint_review.meetings.schemas import (
    EndInspectionSchema,
    InspectionRequestSchema,
    InspectionSchema,
    MeetingRequestSchema,
    MeetingSchema,
    MinutesSchema,
)
from joint_review.reviews.schemas import LEAD, REVIEW
from web_api import api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter


class MeetingsApi(Entrypoints):
    """The lead window's meetings and joint site inspections."""

    @api("POST", "/reviews/<string:review_id>/meetings")
    @idempotent
    def schedule_meeting(self, request, review_id):
        """The lead window convenes a meeting: ``{"at": "2026-11-25T09:30:00+08:00", "place": "三楼会议室",
        "departments": ["natural_resources", "housing_construction"]}`` -> 201 the meeting.
        Errors: 401, 403 (not the lead), 404, 409 (not in review), 422 (every problem listed)."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, MeetingRequestSchema)
        with self.unit_of_work(principal.subject) as uow:
            self.only_for(principal, uow.reviews.get(review_id)["lead_department"])
            meeting = handlers.schedule_meeting({**command, "review_id": review_id}, uow)
        return json_response(schema_of(MeetingSchema).dump(meeting), 201)

    @api("POST", "/reviews/<string:review_id>/meetings/<string:meeting_id>/minutes")
    def record_minutes(self, request, review_id, meeting_id):
        """The minutes (会签): ``{"opinions": [{"department": "natural_resources", "verdict": "approve",
        "conditions": ["不得占用耕地"], "representative": "陈刚"}], "summary": "..."}``; each opinion is
        that department's answer for the round. Sent twice: 200, nothing changes. Errors: 401, 403,
        404, 409 ``already_answered`` (the departments listed) / ``minutes_already_recorded``, 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, MinutesSchema)
        with self.unit_of_work(principal.subject) as uow:
            self.only_for(principal, uow.reviews.get(review_id)["lead_department"])
            meeting = handlers.record_minutes(
                {**command, "review_id": review_id, "meeting_id": meeting_id}, uow
            )
        return json_response(schema_of(MeetingSchema).dump(meeting))

    @api("POST", "/reviews/<string:review_id>/inspections")
    @idempotent
    def start_inspection(self, request, review_id):
        """A joint site inspection begins: ``{"site": "城关镇东村3组", "departments": ["natural_resources"],
        "starts_on": "2026-11-24"}`` -> 201; the review's clock is off until it ends (R-CLOCK-2).
        Errors: 401, 403, 404, 409 ``inspection_running`` / not in review, 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, InspectionRequestSchema)
        with self.unit_of_work(principal.subject) as uow:
            self.only_for(principal, uow.reviews.get(review_id)["lead_department"])
            inspection = handlers.start_inspection({**command, "review_id": review_id}, uow)
        return json_response(schema_of(InspectionSchema).dump(inspection), 201)

    @api("POST", "/reviews/<string:review_id>/inspections/<string:inspection_id>/end")
    def end_inspection(self, request, review_id, inspection_id):
        """The inspection ended (``{"ends_on": "2026-11-26"}``, today by default): each open task's due
        date moves by the working days it took. Errors: 401, 403, 404 (no such running inspection), 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, EndInspectionSchema)
        with self.unit_of_work(principal.subject) as uow:
            self.only_for(principal, uow.reviews.get(review_id)["lead_department"])
            ended = handlers.end_inspection(
                {**command, "review_id": review_id, "inspection_id": inspection_id}, uow
            )
        return json_response(schema_of(InspectionSchema).dump(ended))


ERRORS = {
    404: "No such review, meeting or running inspection (not_found)",
    409: "Not in review, already answered, minutes recorded, inspection running",
    422: "Invalid fields, every one listed (validation_failed)",
}
MEETING = (*REVIEW, path_parameter("meeting_id", "MTG-..."))
INSPECTION = (*REVIEW, path_parameter("inspection_id", "INS-..."))

ROUTES = [
    Route(
        "POST",
        "/reviews/{review_id}/meetings",
        "Convene a joint review meeting (联审会)",
        MeetingRequestSchema,
        MeetingSchema,
        201,
        ERRORS,
        REVIEW,
        roles=LEAD,
        idempotent=True,
    ),
    Route(
        "POST",
        "/reviews/{review_id}/meetings/{meeting_id}/minutes",
        "Record the minutes (会签)",
        MinutesSchema,
        MeetingSchema,
        200,
        ERRORS,
        MEETING,
        roles=LEAD,
    ),
    Route(
        "POST",
        "/reviews/{review_id}/inspections",
        "A joint site inspection begins (off the clock)",
        InspectionRequestSchema,
        InspectionSchema,
        201,
        ERRORS,
        REVIEW,
        roles=LEAD,
        idempotent=True,
    ),
    Route(
        "POST",
        "/reviews/{review_id}/inspections/{inspection_id}/end",
        "The inspection ended",
        EndInspectionSchema,
        InspectionSchema,
        200,
        ERRORS,
        INSPECTION,
        roles=LEAD,
    ),
]
