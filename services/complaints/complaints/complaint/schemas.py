"""Request and response schemas of complaints proper over HTTP (private to the service)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from complaints.complaint import rules
from web_api.dates import AwareMoment, Day, Moment

DEPARTMENT = validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$", error="a department code such as market_regulation")
CASE_NO = validate.Regexp(r"^[A-Z0-9-]{6,40}$", error="a case number such as HALL-20261201-7KQ2M9XA")
TEXT = validate.Length(min=1, max=4000)


class ComplainantSchema(Schema):
    """Sealed at once (R-COMP-4): only the complaints office reads it back."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    phone = fields.String(required=True, validate=validate.Regexp(r"^[0-9+\- ]{5,20}$"))
    email = fields.Email(load_default=None, allow_none=True)
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class FileComplaintSchema(Schema):
    """``POST /complaints``: the record of R-COMP-3."""

    channel = fields.String(required=True, validate=validate.OneOf(rules.CHANNELS))
    hotline_written_form = fields.Boolean(
        load_default=False, metadata={"description": "a 12345 transfer came with its written work order"}
    )
    major = fields.Boolean(load_default=False)
    wide_impact = fields.Boolean(load_default=False)
    category = fields.String(
        required=True,
        validate=validate.OneOf([*rules.CATEGORIES, rules.OUTSIDE_SCOPE]),
        metadata={"description": "R-COMP-2 scope, or outside_scope (recorded as a consultation)"},
    )
    outside_scope_reason = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=2000)
    )
    severity = fields.String(load_default="simple", validate=validate.OneOf(rules.SEVERITIES))
    matter = fields.String(required=True, validate=TEXT, metadata={"description": "the facts"})
    occurred_at = AwareMoment(required=True)
    place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    case_no = fields.String(load_default=None, allow_none=True, validate=CASE_NO)
    department = fields.String(load_default=None, allow_none=True, validate=DEPARTMENT)
    other_departments = fields.List(fields.String(validate=DEPARTMENT), load_default=list)
    window = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=40))
    staff_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=40))
    staff_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=80))
    complainant = fields.Nested(ComplainantSchema, required=True)


class ComplaintCategorySchema(Schema):
    category = fields.String(required=True, validate=validate.OneOf(list(rules.CATEGORIES)))


class ComplaintForwardSchema(Schema):
    departments = fields.List(
        fields.String(validate=DEPARTMENT), required=True, validate=validate.Length(min=1)
    )


class ComplaintReportSchema(Schema):
    report = fields.String(required=True, validate=TEXT)


class CallNoteSchema(Schema):
    called_at = AwareMoment(required=True)
    summary = fields.String(required=True, validate=TEXT)


class ComplaintExplanationSchema(Schema):
    """R-COMP-5: why the limit cannot be met and the new expected date; an oral complaint is told by
    phone (``call_note``), a written one gets the written delay notice through notify."""

    reason = fields.String(required=True, validate=TEXT)
    new_due_date = Day(
        required=True,
        error_messages={"required": "须写明新的答复日期 (the new expected date is required)"},
    )
    call_note = fields.Nested(
        CallNoteSchema,
        load_default=None,
        allow_none=True,
        metadata={"description": "required for an oral complaint: the call that told the complainant"},
    )


class ComplaintAnswerSchema(Schema):
    findings = fields.String(required=True, validate=TEXT)
    decision = fields.String(required=True, validate=TEXT)
    call_note = fields.Nested(
        CallNoteSchema,
        load_default=None,
        allow_none=True,
        metadata={"description": "required for an oral complaint (R-COMP-6)"},
    )


class ComplaintCloseSchema(Schema):
    substantiated = fields.Boolean(required=True)
    deduction_points = fields.Integer(validate=validate.Range(min=0, max=100))


class ComplaintFollowUpSchema(Schema):
    satisfaction = fields.String(required=True, validate=validate.OneOf(rules.SATISFACTION))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ForwardViewSchema(Schema):
    department = fields.String()
    status = fields.String()
    forwarded_at = Moment()
    due_date = Day()
    report = fields.String(allow_none=True)
    reported_at = Moment(allow_none=True)


class ComplaintSchema(Schema):
    """A complaint as the office sees it: no identity, only the pseudonym."""

    complaint_no = fields.String()
    complainant_ref = fields.String()
    kind = fields.String()
    channel = fields.String()
    written = fields.Boolean()
    major = fields.Boolean()
    wide_impact = fields.Boolean()
    category = fields.String(allow_none=True)
    suggested_categories = fields.List(fields.String())
    consultation_reason = fields.String(allow_none=True)
    severity = fields.String()
    matter = fields.String()
    occurred_at = Moment()
    place = fields.String()
    case_no = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    departments = fields.List(fields.String())
    window = fields.String(allow_none=True)
    staff_id = fields.String(allow_none=True)
    staff_name = fields.String(allow_none=True)
    status = fields.String()
    limit_days = fields.Integer()
    due_date = Day()
    received_at = Moment()
    explanation = fields.String(allow_none=True)
    referred_to = fields.String(allow_none=True)
    answer_channel = fields.String(allow_none=True)
    findings = fields.String(allow_none=True)
    decision = fields.String(allow_none=True)
    call_note = fields.Dict(allow_none=True)
    answered_at = Moment(allow_none=True)
    substantiated = fields.Boolean(allow_none=True)
    deduction_points = fields.Integer(allow_none=True)
    closed_at = Moment(allow_none=True)
    forwards = fields.List(fields.Nested(ForwardViewSchema))
    follow_up = fields.Dict(allow_none=True)
    timeline = fields.List(fields.Dict())


class ComplaintSummarySchema(ComplaintSchema):
    class Meta:
        exclude = ("timeline", "forwards", "follow_up")


class DepartmentForwardSchema(Schema):
    """What a department sees of a complaint forwarded to it: the facts, never the complainant."""

    complaint_no = fields.String()
    complainant_ref = fields.String()
    category = fields.String(allow_none=True)
    matter = fields.String()
    case_no = fields.String(allow_none=True)
    window = fields.String(allow_none=True)
    staff_id = fields.String(allow_none=True)
    status = fields.String()
    due_date = Day()
    forwarded_at = Moment()


class DepartmentForwardListSchema(Schema):
    forwards = fields.List(fields.Nested(DepartmentForwardSchema))


class ForwardRowSchema(Schema):
    """A forward as a report back answers it (every column of the row)."""

    complaint_no = fields.String()
    department = fields.String()
    forwarded_at = fields.String(metadata={"description": "ISO time"})
    forwarded_by = fields.String()
    due_date = fields.String(metadata={"description": "YYYY-MM-DD"})
    status = fields.String(metadata={"description": "open or reported"})
    report = fields.String(allow_none=True)
    reported_at = fields.String(allow_none=True, metadata={"description": "ISO time"})
    reported_by = fields.String(allow_none=True)


class ForwardRowsSchema(Schema):
    forwards = fields.List(fields.Nested(ForwardRowSchema), required=True)


class SweepCountsSchema(Schema):
    due_soon = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    breached = fields.Dict(
        keys=fields.String(), values=fields.Integer(), required=True, metadata={"description": "by category"}
    )


class SweepSchema(Schema):
    """The alerts one sweep raised."""

    raised = fields.Nested(SweepCountsSchema, required=True)
