"""The response schemas of the sweep's and the overdue report's HTTP entrypoints."""

from __future__ import annotations

from marshmallow import Schema, fields

from web_api.dates import Day, Moment


class SweepResultSchema(Schema):
    """``POST /reviews/sweep``: alerts this sweep raised (each alert is raised once, ever)."""

    raised = fields.Dict(keys=fields.String(), values=fields.Integer())


class OverdueTaskSchema(Schema):
    task_id = fields.String()
    case_no = fields.String()
    review_id = fields.String()
    due_date = Day()
    days_late = fields.Integer(metadata={"description": "working days late when reported (the due day is 1)"})
    outcome = fields.String(metadata={"enum": ["escalated", "silence_consent"]})
    reported_at = Moment()


class DepartmentOverdueSchema(Schema):
    department = fields.String()
    tasks_due = fields.Integer(metadata={"description": "tasks due in the month whose due time has passed"})
    overdue = fields.Integer(metadata={"description": "of those, reported overdue to supervision (督办)"})
    on_time_rate = fields.Float(allow_none=True, metadata={"description": "null when none was due"})
    days_late = fields.Integer(metadata={"description": "the overdue tasks' working days late, summed"})
    tasks = fields.List(fields.Nested(OverdueTaskSchema))


class DepartmentOverdueReportSchema(Schema):
    """``GET /reports/department-overdue?month=2026-11`` (R-JOINT-6)."""

    month = fields.String()
    departments = fields.List(fields.Nested(DepartmentOverdueSchema))
