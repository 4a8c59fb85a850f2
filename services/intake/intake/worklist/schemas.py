"""``GET /cases``: the worklist's query and its answer."""

from typing import Any

from marshmallow import Schema, fields, validate

from intake.cases.rules import OPEN
from intake.cases.schemas import CASE_KINDS
from intake.worklist.rules import DEFAULT_LIMIT, MAX_LIMIT
from web_api.dates import Day

TRUE_OR_FALSE: dict[str, Any] = {"invalid": "须为 true 或 false (must be true or false)"}
WHOLE: dict[str, Any] = {"invalid": "须为整数 (must be a whole number)"}
TEXT = validate.Length(min=1, max=60, error="须为 1 到 60 个字符 (1..60 characters)")


def one_of(choices: tuple[str, ...], what: str) -> validate.OneOf:
    listed = ", ".join(choices)
    return validate.OneOf(choices, error=f"{what}须为 {listed} 之一 (must be one of {listed})")


class WorklistQuerySchema(Schema):
    """The query string of ``GET /cases``; every filter is optional, an unknown one is refused."""

    error_messages = {"unknown": "未知的筛选条件 (unknown filter)"}

    status = fields.String(validate=one_of(OPEN, "状态"))
    kind = fields.String(validate=one_of(CASE_KINDS, "类型"))
    window = fields.String(validate=TEXT)
    department = fields.String(validate=TEXT)
    holder = fields.String(validate=TEXT)
    due_before = Day(error_messages={"invalid": "日期格式须为 YYYY-MM-DD (a date as YYYY-MM-DD)"})
    overdue = fields.Boolean(error_messages=TRUE_OR_FALSE)
    urgent = fields.Boolean(error_messages=TRUE_OR_FALSE)
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        error_messages=WHOLE,
        validate=validate.Range(1, MAX_LIMIT, error="每页条数须在 1 到 200 之间 (page size must be 1..200)"),
    )
    offset = fields.Integer(
        load_default=0,
        error_messages=WHOLE,
        validate=validate.Range(min=0, error="起始位置不能为负 (offset must be 0 or more)"),
    )


class WorklistCaseSchema(Schema):
    """One open case on the worklist."""

    case_no = fields.String(metadata={"example": "HALL-20261122-9KN9JEEK"})
    item_code = fields.String()
    item_name = fields.String()
    department = fields.String()
    kind = fields.String()
    status = fields.String()
    urgent = fields.Boolean()
    deadline = Day(allow_none=True)
    working_days_left = fields.Integer(
        allow_none=True, metadata={"description": "0 on the deadline and after it; null without one"}
    )
    overdue = fields.Boolean(
        metadata={"description": "past 17:00 of the deadline (deadline_alert), or marked overdue (R-CLOCK-5)"}
    )
    overdue_since = Day(allow_none=True, metadata={"description": "marked overdue: the deadline's day"})
    overdue_decision = fields.String(
        allow_none=True,
        metadata={"description": "supervision's decision: approve_as_normal | legal_obstacle"},
    )
    holder_id = fields.String(metadata={"description": "who handles it now"})
    window = fields.String()


class WorklistSchema(Schema):
    """The answer of ``GET /cases``: a page of the worklist and how many cases match in all."""

    cases = fields.List(fields.Nested(WorklistCaseSchema))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
