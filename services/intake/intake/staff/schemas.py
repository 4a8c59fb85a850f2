"""Request and response schemas of the roster and leave API (R-AB-1, R-AB-2)."""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from intake.staff.rules import LEAVE_KINDS, period_problems
from web_api.dates import Day, Moment
from web_api.openapi import path_parameter

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
    open = fields.Boolean(
        metadata={"description": "the window opens that day: a working day or one of its opening days"}
    )
    hours = fields.Dict(allow_none=True, metadata={"description": "the window's opening hours, China time"})
    vacant = fields.Boolean(metadata={"description": "open that day with nobody in place (R-AB-2)"})


class RosterSchema(Schema):
    date = Day()
    posts = fields.List(fields.Nested(PostAnswerSchema))


class OpeningSchema(Schema):
    """``PUT /roster/windows/{window}/opening`` (R-AB-2): the days a window opens beyond the working
    days; problems that need two fields (hours in order) are ``staff.opening.opening_problems``."""

    days = fields.List(
        fields.Integer(strict=True),
        required=True,
        validate=validate.Length(min=1, max=7),
        metadata={"description": "ISO weekdays it opens, 1 (Monday) .. 7 (Sunday)", "example": [6, 7]},
    )
    on_holidays = fields.Boolean(
        required=True, metadata={"description": "it opens on statutory holidays too (a weekday off)"}
    )
    opens = fields.String(required=True, metadata={"description": "HH:MM China time", "example": "08:30"})
    closes = fields.String(required=True, metadata={"description": "HH:MM China time", "example": "17:30"})


class OpeningAnswerSchema(OpeningSchema):
    window = fields.String()
    updated_at = Moment()
    updated_by = fields.String()


class HandoverAnswerSchema(Schema):
    leaves = fields.Integer(metadata={"description": "leaves handed over by this sweep"})
    moved = fields.List(fields.String(), metadata={"description": "cases moved to the post partners"})
    skipped = fields.Integer(metadata={"description": "leaves another replica handed over first"})


STAFF_ID = path_parameter("staff_id", "the staff member's id, e.g. S01")
ERRORS = {401: "No or unknown bearer token (unauthenticated)", 403: "Not allowed for this role (forbidden)"}
INVALID = {422: "Invalid fields, every one listed (validation_failed)"}
