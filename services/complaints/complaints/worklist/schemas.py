"""``GET /complaints``: the worklist's query and its answer."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from complaints.complaint.schemas import ComplaintSummarySchema
from complaints.worklist.rules import DEFAULT_LIMIT, MAX_LIMIT, STATUSES
from web_api.dates import Day

TRUE_OR_FALSE: dict[str, Any] = {"invalid": "须为 true 或 false (must be true or false)"}
WHOLE: dict[str, Any] = {"invalid": "须为整数 (must be a whole number)"}
LISTED = ", ".join(STATUSES)


class WorklistQuerySchema(Schema):
    """The query string of ``GET /complaints``; every filter is optional, an unknown one is refused."""

    error_messages = {"unknown": "未知的筛选条件 (unknown filter)"}

    status = fields.String(
        validate=validate.OneOf(STATUSES, error=f"状态须为 {LISTED} 之一 (must be one of {LISTED})")
    )
    department = fields.String(
        validate=validate.Regexp(
            r"^[a-z][a-z0-9_]{1,39}$",
            error="须为部门代码，如 market_regulation (a department code such as market_regulation)",
        )
    )
    overdue = fields.Boolean(error_messages=TRUE_OR_FALSE)
    due_before = Day(error_messages={"invalid": "日期格式须为 YYYY-MM-DD (a date as YYYY-MM-DD)"})
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        error_messages=WHOLE,
        validate=validate.Range(
            1, MAX_LIMIT, error=f"每页条数须在 1 到 {MAX_LIMIT} 之间 (page size must be 1..{MAX_LIMIT})"
        ),
    )
    offset = fields.Integer(
        load_default=0,
        error_messages=WHOLE,
        validate=validate.Range(min=0, error="起始位置不能为负 (offset must be 0 or more)"),
    )


class WorklistComplaintSchema(ComplaintSummarySchema):
    """One complaint on the worklist, with whether it is overdue and who has still to report."""

    overdue = fields.Boolean(
        metadata={"description": "open or forwarded and past 17:00 China time of due_date"}
    )
    waiting_for = fields.List(
        fields.String(), metadata={"description": "departments it was forwarded to that have not reported"}
    )


class WorklistSchema(Schema):
    """A page of the worklist and how many complaints match in all."""

    complaints = fields.List(fields.Nested(WorklistComplaintSchema))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
