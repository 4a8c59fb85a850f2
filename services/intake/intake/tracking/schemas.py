"""Request and response schemas of the public tracking page and the rating (R-RATE-1)."""

from marshmallow import Schema, fields, validate

from intake.tracking.rules import RATINGS
from web_api.dates import Day, Moment


class RatingSchema(Schema):
    """``POST /track/{case_no}/rating``"""

    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata={"description": "the verification code on the receipt"},
    )
    rating = fields.String(
        required=True, validate=validate.OneOf(RATINGS), metadata={"description": "满意 / 基本满意 / 不满意"}
    )
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class RatedSchema(Schema):
    case_no = fields.String(required=True)
    rating = fields.String(required=True, validate=validate.OneOf(RATINGS))
    rated_at = Moment(required=True)


class TrackingSchema(Schema):
    """What the applicant sees: nothing internal (no staff, no history, no contact)."""

    case_no = fields.String(required=True)
    item_code = fields.String(required=True)
    item_name = fields.String(required=True)
    department = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    step = fields.String(required=True)
    registered_on = Day(required=True)
    deadline = Day(allow_none=True)
    closes_at = Moment(allow_none=True, metadata={"description": "when the deadline passes"})
    deadline_provisional = fields.Boolean(required=True)
    missing_materials = fields.List(
        fields.String(), required=True, metadata={"description": "while waiting for a supplement"}
    )
    outcome = fields.String(allow_none=True, metadata={"description": "approved, refused or returned"})
    reason = fields.String(allow_none=True, metadata={"description": "the return or refusal reason"})
    completed_on = Day(allow_none=True)
    rated = fields.Boolean(required=True)
    authority = fields.String(
        allow_none=True, metadata={"description": "R-KIND-6: the higher authority it was forwarded to"}
    )
    forwarded_on = Day(
        allow_none=True,
        metadata={"description": "from the day after, the authority's time is not counted against the hall"},
    )
    authority_answered_on = Day(allow_none=True)
