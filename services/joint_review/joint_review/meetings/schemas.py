"""Request and response schemas of the meetings' and inspections' HTTP API."""

from __future__ import annotations

from datetime import timedelta, timezone

from marshmallow import Schema, fields, validate

from joint_review.reviews.rules import VERDICTS
from web_api.dates import AwareMoment, Day, Moment

CHINA = timezone(timedelta(hours=8))
MAX_INSPECTION_DAYS = 60  # R-CLOCK-2: the duration told to the applicant, as a window suspension
INSPECTION_DAYS_MESSAGE = (
    f"预计踏勘的工作日数须在 1 到 {MAX_INSPECTION_DAYS} 之间 "
    f"(expected_working_days must be 1..{MAX_INSPECTION_DAYS} working days)"
)
DEPARTMENTS = fields.List(
    fields.String(validate=validate.Length(min=1, max=80)), required=True, validate=validate.Length(min=1)
)


class MeetingRequestSchema(Schema):
    """``POST /reviews/{review_id}/meetings``: convene a joint review meeting."""

    at = AwareMoment(required=True, default_timezone=CHINA, metadata={"description": "ISO 8601"})
    place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    departments = DEPARTMENTS


class MinutesOpinionSchema(Schema):
    department = fields.String(required=True, validate=validate.Length(min=1, max=80))
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    conditions = fields.List(fields.String(validate=validate.Length(min=1, max=500)), load_default=list)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))
    materials = fields.List(fields.String(validate=validate.Length(min=1, max=200)), load_default=list)
    representative = fields.String(required=True, validate=validate.Length(min=1, max=40))


class MinutesSchema(Schema):
    """``POST /reviews/{review_id}/meetings/{meeting_id}/minutes``: each department's opinion (会签)."""

    opinions = fields.List(
        fields.Nested(MinutesOpinionSchema), required=True, validate=validate.Length(min=1)
    )
    summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))


class MeetingSchema(Schema):
    meeting_id = fields.String()
    review_id = fields.String()
    round = fields.Integer()
    at = Moment()
    place = fields.String()
    departments = fields.List(fields.String())
    minutes = fields.List(fields.Dict(), allow_none=True)
    summary = fields.String(allow_none=True)
    minuted_at = Moment(allow_none=True)


class InspectionRequestSchema(Schema):
    """``POST /reviews/{review_id}/inspections``: a joint site inspection begins (today by default)."""

    site = fields.String(required=True, validate=validate.Length(min=1, max=200))
    departments = DEPARTMENTS
    starts_on = Day(load_default=None, allow_none=True)
    expected_working_days = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_INSPECTION_DAYS, error=INSPECTION_DAYS_MESSAGE),
        error_messages={
            "required": "须填写预计踏勘的工作日数 "
            f"(expected_working_days is required, 1..{MAX_INSPECTION_DAYS})",
            "invalid": INSPECTION_DAYS_MESSAGE,
            "null": INSPECTION_DAYS_MESSAGE,
        },
        metadata={
            "description": "预计踏勘的工作日数: the expected duration, 1..60 working days after starts_on; "
            "the applicant is told it with the expected resumption day (R-CLOCK-2)"
        },
    )


class EndInspectionSchema(Schema):
    ends_on = Day(load_default=None, allow_none=True)


class InspectionSchema(Schema):
    inspection_id = fields.String()
    review_id = fields.String()
    site = fields.String()
    departments = fields.List(fields.String())
    starts_on = Day()
    ends_on = Day(allow_none=True)
    expected_working_days = fields.Integer(allow_none=True)
    working_days_off = fields.Integer()
    due_dates = fields.List(fields.Dict())
