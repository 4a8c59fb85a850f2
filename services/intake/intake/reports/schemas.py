"""Response schemas of the ledger (R-CLOCK-6), the rating report (R-RATE-1) and staff scores."""

from marshmallow import Schema, fields

from intake.reports.rules import ON_TIME_VALUES


class LedgerRowSchema(Schema):
    """One line of the ledger (台账, R-CLOCK-6); times in the hall's zone."""

    registered_at = fields.String(required=True)
    accepted_at = fields.String(allow_none=True)
    case_no = fields.String(required=True)
    item_code = fields.String(required=True)
    item_name = fields.String(required=True)
    department = fields.String(required=True)
    kind = fields.String(required=True)
    window = fields.String(required=True)
    acceptor_staff_id = fields.String(required=True, metadata={"description": "who accepted it"})
    acceptor_name = fields.String(required=True)
    holder_id = fields.String(required=True, metadata={"description": "who handles it now"})
    deadline = fields.String(allow_none=True)
    provisional = fields.Boolean(required=True)
    completed_at = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)
    on_time = fields.String(required=True, metadata={"enum": list(ON_TIME_VALUES)})
    rating = fields.String(allow_none=True)
    forwarded_on = fields.String(
        allow_none=True, metadata={"description": "R-KIND-6: to the higher authority"}
    )
    authority_answered_on = fields.String(allow_none=True)
    authority_working_days = fields.Integer(
        allow_none=True,
        metadata={"description": "working days the higher authority held it, not counted against the hall"},
    )
    overdue_since = fields.String(allow_none=True, metadata={"description": "R-CLOCK-5: marked overdue"})
    overdue_decision = fields.String(
        allow_none=True, metadata={"description": "supervision's: approve_as_normal | legal_obstacle"}
    )


class LedgerSchema(Schema):
    rows = fields.List(fields.Nested(LedgerRowSchema), required=True)


class RatingLineSchema(Schema):
    window = fields.String()
    department = fields.String()
    completed = fields.Integer(required=True)
    rated = fields.Integer(required=True)
    rating_rate = fields.Float(allow_none=True)
    satisfied = fields.Integer(required=True)
    basically_satisfied = fields.Integer(required=True)
    dissatisfied = fields.Integer(required=True)
    satisfaction_rate = fields.Float(allow_none=True)


class RatingsReportSchema(Schema):
    month = fields.String(required=True)
    windows = fields.List(fields.Nested(RatingLineSchema), required=True)
    departments = fields.List(fields.Nested(RatingLineSchema), required=True)


class StaffScoreSchema(Schema):
    staff_id = fields.String(required=True)
    name = fields.String(allow_none=True)
    score = fields.Integer(required=True)
    deducted = fields.Integer(required=True)
    deductions = fields.List(fields.Dict(), required=True)


class StaffScoresSchema(Schema):
    month = fields.String(required=True)
    staff = fields.List(fields.Nested(StaffScoreSchema), required=True)
    notes = fields.List(fields.String(), required=True)
