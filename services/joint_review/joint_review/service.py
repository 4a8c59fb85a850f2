"""Joint review's nameko service: fan out to every department, converge once at the lead window.

Consumes ``intake.case_accepted`` (a joint item opens a review) and opinion commands on
``joint_review.opinions``; serves departments' reviewers and the lead window over HTTP.
"""

from __future__ import annotations

from nameko.dependency_providers import Config

# Each concept's entrypoint class is reached through its module, never imported by name:
# `nameko run joint_review.service` takes every class with entrypoints in this module's
# namespace for a service of its own (tests/unit/joint_review_service proves there is one).
import joint_review.deadlines.api
import joint_review.meetings.api
import joint_review.messaging.api
import joint_review.reviewers.api
import joint_review.reviews.api
import joint_review.reviews.task_api
from joint_review.dependencies import MeteredDatabase
from joint_review.messaging.topology import declare_task_queues
from joint_review.orm import metadata
from service_metrics import EntrypointMetrics, endpoints
from web_api import Access
from workday_calendar.providers import Calendar, Clock


class JointReviewService(
    joint_review.reviews.api.ReviewsApi,
    joint_review.reviews.task_api.TaskApi,
    joint_review.deadlines.api.DeadlinesApi,
    joint_review.meetings.api.MeetingsApi,
    joint_review.reviewers.api.ReviewersApi,
    joint_review.messaging.api.OpinionCommands,
    endpoints.OperationsEndpoints,
):
    """Fans joint cases out to departments and converges at the lead window (R-JOINT-1..7).

    ``GET /departments/natural_resources/tasks`` (reviewer) -> ``{"tasks": [...]}``;
    ``POST /tasks/<task_id>/opinion`` ``{"opinion_id": "...", "verdict": "approve"}``;
    ``GET /reviews/JR-<case_no>``; ``POST /reviews/<id>/supplements``; ``POST /reviews/<id>/decision``;
    ``POST /reviews/<id>/meetings`` (and ``.../<meeting_id>/minutes``), ``POST /reviews/<id>/inspections``
    (and ``.../<inspection_id>/end``); ``POST /reviews/sweep`` (operators; a timer runs it every
    ``SWEEP_SECONDS``: 催办 tasks due soon, 督办 overdue ones, silence as consent per item);
    ``GET /reports/department-overdue?month=2026-11`` (overdue tasks counted against each department).
    Errors: 401/403, 404 ``not_found``, 409 ``already_answered`` / ``transition_not_allowed``,
    422 ``validation_failed``.
    """

    name = "joint_review"
    db = MeteredDatabase(metadata, declare=declare_task_queues)
    metrics_ = EntrypointMetrics()
    clock = Clock()
    calendar = Calendar()
    access = Access()
    config = Config()
    api_description = "Joint cases fan out to departments and converge at the lead window."
    api_routes = [
        *joint_review.reviews.api.ROUTES,
        *joint_review.reviews.task_api.TASK_ROUTES,
        *joint_review.deadlines.api.ROUTES,
        *joint_review.meetings.api.ROUTES,
        *joint_review.reviewers.api.ROUTES,
    ]
