"""Request and response schemas of the roster, leave, transfer and supervision API, and its routes."""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from intake.roster import LEAVE_KINDS, period_problems
from intake.schemas import CASE_NO
from web_api.dates import AwareMoment, Day, Moment
from web_api.openapi import Route, path_parameter, query_parameter

WINDOW = ("window_staff", "window_head", "lead_window")
READ = (*WINDOW, "supervision", "operator")
CODE = validate.Regexp(r"^[A-Za-z0-9_-]{1,40}$")


class PersonSchema(Schema):
    staff_id = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(
        required=True,
        validate=validate.Length(min=3, max=40),
        metadata={"description": "the window's work phone"},
    )


class PostSchema(Schema):
    """``PUT /roster/posts/{post_id}``: the post's A (primary) and B (backup), R-AB-1."""

    window = fields.String(required=True, validate=CODE, metadata={"example": "W03"})
    department = fields.String(
        required=True,
        validate=validate.Regexp(r"^[a-z][a-z0-9_]{1,79}$"),
        metadata={"example": "market_regulation"},
    )
    primary = fields.Nested(PersonSchema, required=True)
    backup = fields.Nested(PersonSchema, required=True)


MAX_LEAVE_DAYS = 366  # a leave or trip longer than a year is a roster change, not a leave


class LeaveSchema(Schema):
    """``POST /staff/{staff_id}/leave``; how far from today it may start: ``staff_handlers``."""

    starts_on = Day(required=True, metadata={"example": "2026-11-24"})
    ends_on = Day(required=True, metadata={"example": "2026-11-26"})
    kind = fields.String(required=True, validate=validate.OneOf(LEAVE_KINDS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))

    @validates_schema(skip_on_field_errors=False)
    def _period(self, data, **kwargs):
        if "starts_on" in data and "ends_on" in data:
            problems = period_problems(data["starts_on"], data["ends_on"])
            if not problems and (data["ends_on"] - data["starts_on"]).days + 1 > MAX_LEAVE_DAYS:
                problems = [f"请假期间最长 {MAX_LEAVE_DAYS} 天 (a leave lasts at most {MAX_LEAVE_DAYS} days)"]
            if problems:
                raise ValidationError(problems, "ends_on")


class ReceiverSchema(Schema):
    staff_id = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    window = fields.String(required=True, validate=CODE)


class TransferSchema(Schema):
    """``POST /cases/{case_no}/transfer`` (R-FIRST-2)."""

    to = fields.Nested(ReceiverSchema, required=True)
    note = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "why, and what the applicant was told"},
    )
    agreed_time = AwareMoment(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "required when the receiver is away today: when the applicant will be served"
        },
    )


class LeaveAnswerSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.Integer()
    staff_id = fields.String()
    starts_on = Day()
    ends_on = Day()
    kind = fields.String()
    reason = fields.String()
    cancelled = fields.Boolean()
    reassigned = fields.List(fields.String(), metadata={"description": "cases moved to the post partner"})


class OnDutySchema(Schema):
    staff_id = fields.String()
    name = fields.String()
    phone = fields.String()
    away = fields.Boolean()
    leave = fields.Dict(allow_none=True)


class PostAnswerSchema(Schema):
    post_id = fields.String()
    window = fields.String()
    department = fields.String()
    primary = fields.Nested(OnDutySchema)
    backup = fields.Nested(OnDutySchema)
    in_place = fields.String(allow_none=True, metadata={"description": "who works the post that day"})
    vacant = fields.Boolean()


class RosterSchema(Schema):
    date = Day()
    posts = fields.List(fields.Nested(PostAnswerSchema))


class TransferAnswerSchema(Schema):
    case_no = fields.String()
    holder_id = fields.String()
    first_responder_id = fields.String()
    receiver_away = fields.Boolean()
    agreed_time = fields.String(allow_none=True)
    suggested = fields.Dict(allow_none=True, metadata={"description": "the receiver's post backup"})


class SupervisedCaseSchema(Schema):
    case_no = fields.String()
    item_name = fields.String()
    status = fields.String()
    holder_id = fields.String()
    holder_name = fields.String(allow_none=True)
    transferred = fields.Boolean()
    deadline = Day(allow_none=True)


class SupervisingSchema(Schema):
    staff_id = fields.String()
    cases = fields.List(fields.Nested(SupervisedCaseSchema))


class HistoryLineSchema(Schema):
    action = fields.String()
    at = Moment()
    on_date = Day()
    actor_id = fields.String()
    actor_name = fields.String(allow_none=True)
    details = fields.Dict()


class HistorySchema(Schema):
    case_no = fields.String()
    lines = fields.List(fields.Nested(HistoryLineSchema))


STAFF_ID = path_parameter("staff_id", "the staff member's id, e.g. S01")
ERRORS = {401: "No or unknown bearer token (unauthenticated)", 403: "Not allowed for this role (forbidden)"}
INVALID = {422: "Invalid fields, every one listed (validation_failed)"}

STAFF_ROUTES = [
    Route(
        "PUT",
        "/roster/posts/{post_id}",
        "Set a post's primary (A) and backup (B)",
        PostSchema,
        PostAnswerSchema,
        200,
        {**ERRORS, **INVALID},
        (path_parameter("post_id", "e.g. W03-A"),),
        roles=("window_head", "operator"),
    ),
    Route(
        "GET",
        "/roster",
        "Posts and who is in place on a date",
        None,
        RosterSchema,
        200,
        {**ERRORS, **INVALID},
        (query_parameter("date", "YYYY-MM-DD, 2000-01-01..2099-12-31, default today", False),),
        roles=READ,
    ),
    Route(
        "POST",
        "/staff/{staff_id}/leave",
        "Record leave unless the window would be vacant",
        LeaveSchema,
        LeaveAnswerSchema,
        201,
        {
            **ERRORS,
            404: "Unknown staff (not_found)",
            409: "The post partner is away too (backup_unavailable)",
            **INVALID,
        },
        (STAFF_ID,),
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "DELETE",
        "/staff/{staff_id}/leave/{leave_id}",
        "Cancel a leave",
        None,
        LeaveAnswerSchema,
        200,
        {**ERRORS, 404: "Unknown staff or leave (not_found)"},
        (STAFF_ID, path_parameter("leave_id", "the leave's number", "integer")),
        roles=WINDOW,
    ),
    Route(
        "POST",
        "/cases/{case_no}/transfer",
        "Transfer a case to a named person at a named window",
        TransferSchema,
        TransferAnswerSchema,
        200,
        {
            **ERRORS,
            404: "No such case (not_found)",
            409: "The case is closed (transition_not_allowed)",
            **INVALID,
        },
        CASE_NO,
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "GET",
        "/staff/{staff_id}/supervising",
        "Open cases this first responder follows",
        None,
        SupervisingSchema,
        200,
        ERRORS,
        (STAFF_ID,),
        roles=READ,
    ),
    Route(
        "GET",
        "/cases/{case_no}/history",
        "Who handled what, in order",
        None,
        HistorySchema,
        200,
        {**ERRORS, 404: "No such case (not_found)"},
        CASE_NO,
        roles=READ,
    ),
]
