"""Request and response schemas of intake's HTTP API."""

from marshmallow import Schema, fields, validate

from web_api.dates import Day, Moment
from web_api.openapi import path_parameter

CHANNELS = ("window", "online", "phone", "mail")
CASE_KINDS = ("immediate", "promised", "supplement", "returned", "joint", "escalated")


class StaffSchema(Schema):
    """R-FIRST-1: the first responder is the signed-in clerk; the body only adds the work phone.

    A window head may name a colleague of the same department (``staff_id``); any other value
    naming someone else is refused (403 ``forbidden``). Name and window come from the access layer
    (or the roster); when sent they must agree with it.
    """

    staff_id = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "the caller (default); a window head may name a colleague"},
    )
    name = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    phone = fields.String(
        load_default=None,
        validate=validate.Length(min=3, max=40),
        metadata={"description": "work phone printed on the receipt; default: the roster's"},
    )
    window = fields.String(load_default=None, validate=validate.Length(min=1, max=40))


class AcceptCaseSchema(Schema):
    """``POST /cases``: what the window records when an applicant comes in."""

    item_code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    applicant_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    applicant_phone = fields.String(required=True, validate=validate.Regexp(r"^[0-9+\- ]{5,20}$"))
    applicant_email = fields.Email(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "optional: notices go by email when SMS fails"},
    )
    channel = fields.String(load_default="window", validate=validate.OneOf(CHANNELS))
    urgent = fields.Boolean(load_default=False)
    urgent_days = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0),
        metadata={"description": "R-KIND-7: a shorter limit for an urgent case"},
    )
    first_responder = fields.Nested(StaffSchema, load_default=dict)
    presented = fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        load_default=list,
        metadata={"description": "materials brought, by their catalogue names"},
    )
    to_follow = fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        load_default=list,
        metadata={"description": "materials that exist and the applicant will bring"},
    )
    decision = fields.String(load_default="accept", validate=validate.OneOf(("accept", "return")))
    return_reason = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={"description": "required with decision=return (R-KIND-4)"},
    )


class CaseAcceptedSchema(Schema):
    """The answer to ``POST /cases``: what the window prints and hands over."""

    case_no = fields.String(required=True, metadata={"example": "HALL-20261122-9KN9JEEK"})
    verification_code = fields.String(
        required=True,
        metadata={"description": "printed on the receipt; with the case number it opens the tracking page"},
    )
    kind = fields.String(required=True, validate=validate.OneOf(CASE_KINDS))
    status = fields.String(required=True)
    step = fields.String(required=True)
    deadline = Day(allow_none=True)
    deadline_provisional = fields.Boolean(required=True)
    closes_at = Moment(allow_none=True, metadata={"description": "when the deadline passes"})
    forwarding_deadline = Day(allow_none=True)
    missing_materials = fields.List(fields.String(), required=True)
    return_reason = fields.String(allow_none=True)
    notices_due = fields.List(fields.String(), required=True)


class SupplementSchema(Schema):
    """``POST /cases/{case_no}/supplements``"""

    materials = fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        required=True,
        validate=validate.Length(min=1),
    )


class CompletionSchema(Schema):
    """``POST /cases/{case_no}/completion``"""

    outcome = fields.String(required=True, validate=validate.OneOf(("approved", "refused")))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))


class ForwardingSchema(Schema):
    """``POST /cases/{case_no}/forwarding``"""

    authority = fields.String(required=True, validate=validate.Length(min=2, max=200))


class AuthorityAnswerSchema(Schema):
    """``POST /cases/{case_no}/authority-answer``"""

    authority = fields.String(required=True, validate=validate.Length(min=2, max=200))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=100))
    outcome = fields.String(required=True, validate=validate.OneOf(("approved", "refused")))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))


class CaseSchema(Schema):
    """Staff view of a case."""

    case_no = fields.String()
    item_code = fields.String()
    item_name = fields.String()
    department = fields.String()
    kind = fields.String()
    status = fields.String()
    step = fields.String()
    urgent = fields.Boolean()
    window = fields.String()
    staff_id = fields.String()
    staff_name = fields.String()
    holder_id = fields.String()
    registered_at = Moment()
    accepted_at = Moment(allow_none=True)
    deadline = Day(allow_none=True)
    deadline_provisional = fields.Boolean()
    limit_days = fields.Integer(
        metadata={"description": "the limit in working days, extensions not included"}
    )
    extension_days = fields.Integer(metadata={"description": "working days added by extensions (R-CLOCK-4)"})
    working_days_left = fields.Integer(
        allow_none=True,
        dump_only=True,
        metadata={"description": "0 on the deadline and after it; null without one (suspended, closed)"},
    )
    suspended_since = Day(allow_none=True, metadata={"description": "R-CLOCK-2: the clock stopped this day"})
    forwarding_deadline = Day(allow_none=True)
    missing_materials = fields.List(fields.String())
    completed_at = Moment(allow_none=True)
    outcome = fields.String(allow_none=True)
    outcome_reason = fields.String(allow_none=True)
    on_time = fields.Boolean(allow_none=True)
    authority = fields.String(allow_none=True, metadata={"description": "R-KIND-6: forwarded to"})
    forwarded_on = Day(
        allow_none=True, metadata={"description": "from the day after, the authority's time is off the clock"}
    )
    authority_answered_on = Day(allow_none=True)
    overdue_since = Day(
        allow_none=True,
        metadata={"description": "R-CLOCK-5: marked overdue; its deadline passed at 17:00 of this day"},
    )
    overdue_decision = fields.String(
        allow_none=True, metadata={"description": "supervision's: approve_as_normal | legal_obstacle"}
    )
    overdue_reason = fields.String(allow_none=True)
    overdue_decided_by = fields.String(allow_none=True)
    overdue_decided_at = Moment(allow_none=True)


WINDOW = ("window_staff", "window_head", "lead_window")
CASE_NO = (path_parameter("case_no", "the number printed on the receipt"),)
CASE_ERRORS = {
    401: "No or unknown bearer token (unauthenticated)",
    403: "Not a window of the case's department (forbidden)",
    404: "No such case (not_found)",
    409: "The case's state does not allow this (transition_not_allowed)",
    422: "Invalid fields, every one listed (validation_failed)",
}
