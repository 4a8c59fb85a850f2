"""Request and response schemas of the clock's HTTP API (suspension, extension, sweep, calendar)."""

from marshmallow import Schema, ValidationError, fields, validate

from intake.clock.rules import REASON_KINDS
from web_api.dates import Day, Moment

MAX_CALCULATOR_DAYS = 365
MAX_SUSPENSION_DAYS = 60  # R-CLOCK-2: the expected duration of one suspension, in working days
SUSPENSION_DAYS_MESSAGE = (
    f"预计中止的工作日数须在 1 到 {MAX_SUSPENSION_DAYS} 之间 "
    f"(expected_working_days must be 1..{MAX_SUSPENSION_DAYS} working days)"
)


def not_blank(text: str) -> None:
    if not text.strip():
        raise ValidationError("须写明理由 (a reason is required)")


REASON = fields.String(required=True, validate=[validate.Length(min=1, max=1000), not_blank])


class SuspensionSchema(Schema):
    """``POST /cases/{case_no}/suspension`` (R-CLOCK-2)"""

    reason_kind = fields.String(
        required=True,
        validate=validate.OneOf(REASON_KINDS),
        metadata={
            "description": "听证 招标 拍卖 检验 检疫 鉴定 专家评审 现场勘查: the time that does not count"
        },
    )
    reason = REASON
    expected_working_days = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_SUSPENSION_DAYS, error=SUSPENSION_DAYS_MESSAGE),
        error_messages={
            "required": "须填写预计中止的工作日数 "
            f"(expected_working_days is required, 1..{MAX_SUSPENSION_DAYS})",
            "invalid": SUSPENSION_DAYS_MESSAGE,
            "null": SUSPENSION_DAYS_MESSAGE,
        },
        metadata={
            "description": "预计中止的工作日数: the expected duration, 1..60 working days; the "
            "expected resumption day is counted from today and told to the applicant",
            "example": 10,
        },
    )


class ExtensionSchema(Schema):
    """``POST /cases/{case_no}/extension`` (R-CLOCK-4), by the window head of the case's department"""

    days = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_CALCULATOR_DAYS),
        metadata={"description": "working days added to the limit"},
    )
    reason = REASON


class ExtensionRequestSchema(ExtensionSchema):
    """``POST /cases/{case_no}/extension-request`` (R-CLOCK-4): a clerk asks the window head"""


class ExtensionDeclineSchema(Schema):
    """``POST /cases/{case_no}/extension-request/decline`` (R-CLOCK-4), by the window head"""

    reason = REASON


class SweepAnswerSchema(Schema):
    due_soon = fields.Integer(required=True, metadata={"description": "case_due_soon events raised"})
    overdue = fields.Integer(required=True, metadata={"description": "case_overdue events raised"})
    skipped = fields.Integer(required=True, metadata={"description": "raised by another replica first"})


class DeadlineQuerySchema(Schema):
    """``GET /calendar/deadline?start=2026-09-30&days=3``"""

    start = Day(required=True, metadata={"description": "the start day, not counted (R-CLOCK-1)"})
    days = fields.Integer(required=True, validate=validate.Range(min=0, max=MAX_CALCULATOR_DAYS))


class DeadlineAnswerSchema(Schema):
    start = Day(required=True)
    days = fields.Integer(required=True)
    deadline = Day(required=True, metadata={"example": "2026-10-10"})
    closes_at = Moment(required=True, metadata={"description": "17:00 China time of the deadline"})
    provisional = fields.Boolean(
        required=True, metadata={"description": "a counted day lies in a year without its official schedule"}
    )
    years_estimated = fields.List(fields.Integer(), required=True)
    holidays_skipped = fields.List(
        Day(),
        required=True,
        metadata={"description": "weekdays after start up to the deadline that are days off (法定节假日)"},
    )
    working_weekends = fields.List(
        Day(),
        required=True,
        metadata={"description": "Saturdays and Sundays in the same span that are counted (调休上班)"},
    )


class YearScheduleSchema(Schema):
    """``PUT /calendar/years/{year}``: the override file format of workday_calendar (for the docs;
    ``workday_calendar.parse_override`` validates it and names the bad entry)."""

    year = fields.Integer(metadata={"description": "defaults to the year in the path"})
    official = fields.Boolean(metadata={"description": "default true"})
    holidays = fields.List(Day(), metadata={"description": "every statutory day off"})
    working_weekends = fields.List(Day(), metadata={"description": "调休 working Saturdays/Sundays"})


class YearLoadedSchema(Schema):
    year = fields.Integer(required=True)
    official = fields.Boolean(required=True)
    recomputed = fields.Integer(
        required=True, metadata={"description": "open cases whose provisional deadline was counted again"}
    )
