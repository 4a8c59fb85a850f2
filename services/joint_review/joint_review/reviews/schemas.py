"""Request and response schemas of joint_review's HTTP API, and its OpenAPI routes."""

from marshmallow import Schema, fields, validate

from joint_review.reviews.rules import VERDICTS
from web_api.dates import Day, Moment
from web_api.openapi import path_parameter

REVIEWER = ("reviewer",)
LEAD = ("lead_window", "window_staff", "window_head")


class OpinionSchema(Schema):
    """``POST /tasks/{task_id}/opinion``: a department's answer (R-JOINT-3)."""

    opinion_id = fields.String(
        required=True,
        validate=validate.Length(min=8, max=64),
        metadata={
            "description": "the idempotency key, scoped to the task: resend the same id for the same "
            "task; an id the department used for another task is refused (409 opinion_id_reused)"
        },
    )
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    conditions = fields.List(fields.String(validate=validate.Length(min=1, max=500)), load_default=list)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))
    materials = fields.List(fields.String(validate=validate.Length(min=1, max=200)), load_default=list)


class SupplyMaterialsSchema(Schema):
    """``POST /reviews/{review_id}/supplements``: the applicant brought the consolidated materials."""

    materials = fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        required=True,
        validate=validate.Length(min=1),
    )


class DecisionSchema(Schema):
    """``POST /reviews/{review_id}/decision``: the lead window issues the one decision."""

    decision = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(("approved", "refused"))
    )
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


TASK_STATUSES = ("open", "answered")


class TaskQuerySchema(Schema):
    """``GET /departments/{department}/tasks?status=open``: a filter no task can match is refused
    (422), not answered with an empty list; an unknown parameter too."""

    status = fields.String(
        validate=validate.OneOf(TASK_STATUSES, error="须为 open 或 answered (one of: open, answered)")
    )


class TaskSchema(Schema):
    task_id = fields.String()
    review_id = fields.String()
    case_no = fields.String(metadata={"description": "the case under review (listed tasks)"})
    item_name = fields.String(metadata={"description": "the item applied for (listed tasks)"})
    department = fields.String()
    round = fields.Integer()
    status = fields.String()
    assignee_id = fields.String(allow_none=True)
    assigned_at = Moment()
    due_date = Day()
    urgent = fields.Boolean()
    materials = fields.List(fields.String())
    material_details = fields.List(
        fields.Dict(),
        allow_none=True,
        metadata={"description": "listed tasks: each material's name, kind (main/attachment), presented"},
    )
    asked_materials = fields.List(fields.String())
    answered_at = Moment(allow_none=True)
    verdict = fields.String(allow_none=True)


class TaskListSchema(Schema):
    tasks = fields.List(fields.Nested(TaskSchema))


class ReviewSchema(Schema):
    """The lead window's view: every department's state, the round, the draft, the timeline."""

    review_id = fields.String()
    case_no = fields.String()
    item_code = fields.String()
    lead_department = fields.String()
    status = fields.String()
    round = fields.Integer()
    draft = fields.Dict(allow_none=True)
    decision = fields.String(allow_none=True)
    departments = fields.List(fields.Dict())
    timeline = fields.List(fields.Dict())


REVIEW_STATUSES = ("in_review", "awaiting_supplement", "converged", "decided")
MAX_REVIEWS = 200


class ReviewQuerySchema(Schema):
    """``GET /reviews?status=in_review&limit=50&offset=0``: an unknown or impossible filter is 422."""

    error_messages = {"unknown": "未知的筛选条件 (unknown filter)"}

    status = fields.String(
        validate=validate.OneOf(
            REVIEW_STATUSES,
            error="状态须为 in_review, awaiting_supplement, converged, decided 之一 "
            "(one of: in_review, awaiting_supplement, converged, decided)",
        )
    )
    limit = fields.Integer(
        load_default=50,
        error_messages={"invalid": "须为整数 (must be a whole number)"},
        validate=validate.Range(
            1, MAX_REVIEWS, error="每页条数须在 1 到 200 之间 (page size must be 1..200)"
        ),
    )
    offset = fields.Integer(
        load_default=0,
        error_messages={"invalid": "须为整数 (must be a whole number)"},
        validate=validate.Range(min=0, error="起始位置不能为负 (offset must be 0 or more)"),
    )


class ReviewSummarySchema(Schema):
    review_id = fields.String()
    case_no = fields.String()
    item_code = fields.String()
    item_name = fields.String()
    lead_department = fields.String()
    departments = fields.List(fields.String())
    status = fields.String()
    round = fields.Integer()
    urgent = fields.Boolean()
    decision = fields.String(allow_none=True)
    opened_at = Moment()
    open_tasks = fields.Integer(metadata={"description": "tasks of the current round not answered yet"})


class ReviewListSchema(Schema):
    """A page of reviews (still open first, urgent first, newest first) and how many match."""

    reviews = fields.List(fields.Nested(ReviewSummarySchema))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()


TASK = (path_parameter("task_id", "the task id of the review task message"),)
REVIEW = (path_parameter("review_id", "JR-<case number>"),)
