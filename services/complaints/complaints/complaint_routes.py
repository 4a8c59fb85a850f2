"""The OpenAPI routes of complaints proper (``GET /openapi.json`` lists them)."""

from __future__ import annotations

from complaints.complaint_schemas import (
    ComplaintAnswerSchema,
    ComplaintCategorySchema,
    ComplaintCloseSchema,
    ComplaintExplanationSchema,
    ComplaintFollowUpSchema,
    ComplaintForwardSchema,
    ComplaintListSchema,
    ComplaintReportSchema,
    ComplaintSchema,
    DecideRequestSchema,
    DepartmentForwardListSchema,
    FileComplaintSchema,
    IdentityRequestSchema,
    IdentityRequestViewSchema,
    IdentitySchema,
)
from web_api.openapi import Route, path_parameter, query_parameter

OFFICE = ("complaints_office",)
READERS = ("complaints_office", "supervision")
NO = (path_parameter("complaint_no", "complaint number, e.g. CMP-20261201-4HX7Q2PN"),)
STEP_ERRORS = {
    404: "No such complaint (not_found)",
    409: "Not allowed in the complaint's state (transition_not_allowed), every reason listed",
    422: "Invalid fields, every problem listed (validation_failed)",
}


def step(path: str, summary: str, request=None, idempotent: bool = False) -> Route:
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
        "/complaints",
        "Complaints the office tracks (R-COMP-5)",
        None,
        ComplaintListSchema,
        200,
        {422: "limit is not a whole number from 1 up (validation_failed)"},
        (
            query_parameter("status", "open|forwarded|answered|closed|consultation", False),
            query_parameter("overdue", "true: open past their due date", False),
            {
                **query_parameter(
                    "limit", "how many, 1 to 1000 (more is capped at 1000); default 200", False
                ),
                "schema": {"type": "integer", "minimum": 1, "default": 200},
            },
        ),
        roles=READERS,
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
        "forwards",
        "Forward to departments with the limit (R-COMP-5, R-COMP-8)",
        ComplaintForwardSchema,
        idempotent=True,
    ),
    step(
        "explanation",
        "Tell the complainant why the limit cannot be met (R-COMP-5)",
        ComplaintExplanationSchema,
    ),
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
    Route(
        "GET",
        "/departments/{department}/complaints",
        "Complaints forwarded to a department (no identity)",
        None,
        DepartmentForwardListSchema,
        200,
        {},
        (path_parameter("department", "department code"), query_parameter("status", "open|reported", False)),
        roles=("window_staff", "window_head"),
    ),
    Route(
        "POST",
        "/complaints/{complaint_no}/forwards/{department}/report",
        "A department reports back (R-COMP-8)",
        ComplaintReportSchema,
        None,
        200,
        {
            403: "Another department, or the accused's own department (forbidden)",
            404: "Not forwarded there",
            409: "Already reported (already_reported)",
            422: "Invalid",
        },
        (*NO, path_parameter("department", "department code")),
        roles=("window_staff", "window_head", "complaints_office"),
        idempotent=True,
    ),
    Route(
        "GET",
        "/complaints/{complaint_no}/identity",
        "The complainant's identity (R-COMP-4)",
        None,
        IdentitySchema,
        200,
        {404: "No such complaint", 422: "purpose is not complaints_office or answer_letter"},
        (
            *NO,
            query_parameter("purpose", "complaints_office (default) or answer_letter (notify prints)", False),
        ),
        roles=OFFICE,
    ),
    Route(
        "GET",
        "/internal/complaints/{complaint_no}/contact",
        "notify: the contact for a written answer",
        None,
        IdentitySchema,
        200,
        {404: "No such complaint", 409: "No written answer being delivered (contact_not_available)"},
        NO,
        roles=("service",),
    ),
    Route(
        "POST",
        "/complaints/{complaint_no}/identity-requests",
        "An agency asks for a referred identity",
        IdentityRequestSchema,
        IdentityRequestViewSchema,
        201,
        {404: "No such complaint", 409: "Not referred (not_referred)", 422: "No reason"},
        NO,
        roles=("agency",),
        idempotent=True,
    ),
    Route(
        "GET",
        "/complaints/{complaint_no}/identity-requests",
        "Identity requests about a complaint",
        None,
        None,
        200,
        {404: "No such complaint"},
        NO,
        roles=OFFICE,
    ),
    Route(
        "POST",
        "/identity-requests/{request_id}/decision",
        "Grant or refuse an identity request",
        DecideRequestSchema,
        IdentityRequestViewSchema,
        200,
        {404: "No such request", 409: "Already decided (already_decided)", 422: "Invalid"},
        (path_parameter("request_id", "IR-..."),),
        roles=OFFICE,
    ),
    Route(
        "GET",
        "/identity-requests/{request_id}/identity",
        "The requesting agency reads a granted identity once",
        None,
        IdentitySchema,
        200,
        {404: "No such request", 409: "Not granted or already read"},
        (path_parameter("request_id", "IR-..."),),
        roles=("agency",),
    ),
    Route(
        "POST",
        "/complaints/sweep",
        "Raise due-soon and overdue alerts now (R-COMP-5)",
        None,
        None,
        200,
        {},
        roles=("operator", "complaints_office"),
    ),
]
