"""Request and response schemas of the reviewers' HTTP API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from web_api.dates import Day, Moment


class ReviewerSchema(Schema):
    reviewer_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class RosterRequestSchema(Schema):
    """``PUT /departments/{department}/reviewers``: the department's primary (A) and backup (B)."""

    primary = fields.Nested(ReviewerSchema, required=True)
    backup = fields.Nested(ReviewerSchema, required=True)


class LeaveRequestSchema(Schema):
    """``POST /reviewers/{reviewer_id}/leave``: days away, both included."""

    starts_on = Day(required=True)
    ends_on = Day(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class RosterPersonSchema(Schema):
    reviewer_id = fields.String()
    name = fields.String()
    away = fields.Boolean()


class RosterSchema(Schema):
    department = fields.String()
    primary = fields.Nested(RosterPersonSchema)
    backup = fields.Nested(RosterPersonSchema)
    in_place = fields.Dict(metadata={"description": '{"reviewer_id", "role": "primary"|"backup"}'})
    updated_at = Moment()
    updated_by = fields.String()


class LeaveSchema(Schema):
    leave_id = fields.Integer()
    reviewer_id = fields.String()
    starts_on = Day()
    ends_on = Day()
    reason = fields.String()
    recorded_by = fields.String()
    moved_tasks = fields.List(fields.String(), metadata={"description": "open tasks handed to the other"})
