"""HTTP entrypoints: reviewers answer their department's tasks; the lead window steers the review."""

from __future__ import annotations

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from joint_review.dependencies import TASK_LIMIT_KEY
from joint_review.entrypoints import Entrypoints
from joint_review.refusals import InvalidQuery
from joint_review.reviews import handlers
from joint_review.reviews.schemas import (
    LEAD,
    REVIEW,
    REVIEWER,
    TASK,
    DecisionSchema,
    OpinionSchema,
    ReviewListSchema,
    ReviewQuerySchema,
    ReviewSchema,
    SupplyMaterialsSchema,
    TaskListSchema,
    TaskQuerySchema,
    TaskSchema,
)
from reliable_events import reliable_batch_handler
from web_api import api, json_response, load_json, schema_of
from web_api.idempotency import IdempotentPosts, idempotent
from web_api.openapi import Route, path_parameter, query_parameter

DEFAULT_TASK_LIMIT_DAYS = 3  # working days from receipt (R-JOINT-2), per-department


class ReviewsApi(IdempotentPosts, Entrypoints):
    """Opening a review from intake's joint case; departments' answers; the lead window's steering."""

    @reliable_batch_handler("intake", "case_accepted", max_batch=50, max_wait=0.01)
    def handle_case_accepted(self, events):
        """Joint cases (``item_kind == "joint"``) open a review each and fan out its tasks: a batch
        in one transaction and one inbox statement, each review's events with its case's
        correlation id (a failed batch is retried one event at a time)."""
        limit = int(self.config.get(TASK_LIMIT_KEY) or DEFAULT_TASK_LIMIT_DAYS)
        with self.db.transaction() as tx:
            for event in tx.new_events(events):
                tx.correlation_id = event.get("correlationid") or tx.correlation_id
                handlers.open_review({**event["data"], "task_limit_days": limit}, self.work_in(tx, "intake"))

    @api("GET", "/departments/<string:department>/tasks")
    def list_tasks(self, request, department):
        """A department's tasks, urgent cases first (R-KIND-7), then by due date, then by task id;
        only its own reviewers see them (R-JOINT-2). ``?status=open`` filters. Each task says
        whether its case is urgent and carries the case's materials: ``{"tasks": [{"task_id":
        "JR-HALL-...-natural_resources-1", "urgent": true, "due_date": "2026-01-08", "materials":
        ["宅基地申请表"], ...}]}``. Errors: 401, 403 (another department), 422 ``validation_failed``
        (a status other than open or answered, or an unknown parameter)."""
        self.only_for(self.access.require(request, "reviewer"), department)
        try:
            query = schema_of(TaskQuerySchema).load(request.args.to_dict())
        except ValidationError as error:
            raise InvalidQuery("筛选条件有误 (the filters are invalid)", error.messages) from None
        with self.unit_of_work("reader") as uow:
            found = uow.reviews.department_tasks(department, query.get("status"))
        return json_response(schema_of(TaskListSchema).dump({"tasks": found}))

    @api("POST", "/tasks/<string:task_id>/opinion")
    @idempotent
    def submit_opinion(self, request, task_id):
        """Answer a task: ``{"opinion_id": "5f0c...", "verdict": "supplement",
        "materials": ["宅基地四至图"]}`` -> 200 the answered task. The department is the token's,
        and must be the task's (403 otherwise, resends included). The opinion id is scoped to the
        task: resending it for the same task answers 200 and changes nothing; an id the department
        already used for another task is 409 ``opinion_id_reused`` with that opinion in
        ``details.existing``. Errors: 401, 403, 404, 409 ``already_answered`` /
        ``opinion_id_reused`` / ``transition_not_allowed``, 422."""
        principal = self.access.require(request, "reviewer")
        command = load_json(request, OpinionSchema)
        for attempt in (1, 2):
            try:
                with self.unit_of_work(principal.subject) as uow:
                    handlers.record_opinion(
                        {
                            **command,
                            "task_id": task_id,
                            "reviewer_id": principal.subject,
                            "channel": "http",
                            "answering_for": principal.department,
                        },
                        uow,
                    )
                    task = uow.reviews.get_task(task_id)
                break
            except IntegrityError:
                # the same id given at the same moment to another review's task (its round lock
                # does not serialise the two): the second try finds the winner's opinion and
                # answers the replay or 409 opinion_id_reused, never a 500
                if attempt == 2:
                    raise
        return json_response(schema_of(TaskSchema).dump(task))

    @api("GET", "/reviews")
    def list_reviews(self, request):
        """The reviews a lead window's department leads (supervision and operators: all), still open
        first, urgent first, newest first, paged: ``?status=in_review&limit=50&offset=0`` ->
        ``{"reviews": [{"review_id", "case_no", "item_name", "status", "round", "urgent",
        "open_tasks", ...}], "total", "limit", "offset"}``. Errors: 401, 403, 422
        ``validation_failed`` (a status no review has, a bad page, an unknown parameter)."""
        principal = self.access.require(request, *LEAD, "supervision", "operator")
        try:
            query = schema_of(ReviewQuerySchema).load(request.args.to_dict())
        except ValidationError as error:
            raise InvalidQuery("筛选条件有误 (the filters are invalid)", error.messages) from None
        lead = principal.department if principal.role in LEAD else None
        with self.unit_of_work("reader") as uow:
            found, total = uow.reviews.list_reviews(
                lead, query.get("status"), query["limit"], query["offset"]
            )
        page = {"reviews": found, "total": total, "limit": query["limit"], "offset": query["offset"]}
        return json_response(schema_of(ReviewListSchema).dump(page))

    @api("GET", "/reviews/<string:review_id>")
    def get_review(self, request, review_id):
        """The lead window's view: each department's task state, holder, working days used against
        its limit, the round, the draft and the timeline. Errors: 401, 403, 404."""
        principal = self.access.require(request, *LEAD, "supervision", "operator")
        with self.unit_of_work(principal.subject) as uow:
            review = uow.reviews.get(review_id)
            if principal.role in LEAD:
                self.only_for(principal, review["lead_department"])
            view = handlers.review_view(review, uow)
        return json_response(schema_of(ReviewSchema).dump(view))

    @api("POST", "/reviews/<string:review_id>/supplements")
    def supply_materials(self, request, review_id):
        """The applicant brought the consolidated materials: ``{"materials": ["宅基地四至图"]}`` starts
        the next round for the departments that asked (二次程序). Errors: 401, 403, 404, 409, 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, SupplyMaterialsSchema)
        with self.unit_of_work(principal.subject) as uow:
            self.only_for(principal, uow.reviews.get(review_id)["lead_department"])
            handlers.supply_materials({**command, "review_id": review_id}, uow)
        return self.get_review(request, review_id)

    @api("POST", "/reviews/<string:review_id>/decision")
    def decide(self, request, review_id):
        """The lead window issues the one decision from the converged draft: ``{"decision": "approved"}``
        (optional: it must match the draft). Errors: 401, 403, 404, 409 (not converged), 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, DecisionSchema)
        with self.unit_of_work(principal.subject) as uow:
            self.only_for(principal, uow.reviews.get(review_id)["lead_department"])
            handlers.decide({**command, "review_id": review_id}, uow)
        return self.get_review(request, review_id)


OPINION_ERRORS = {
    403: "Another department's task: the department is the token's (forbidden)",
    404: "No such task (not_found)",
    409: "Answered already, not in this round, or the opinion id was used for another task of the "
    "department (already_answered, transition_not_allowed, opinion_id_reused: details.existing)",
    422: "Invalid fields, every one listed (validation_failed)",
}
ERRORS = {
    404: "No such task or review (not_found)",
    409: "Answered already, or not in this round (already_answered, transition_not_allowed)",
    422: "Invalid fields, every one listed (validation_failed)",
}

ROUTES = [
    Route(
        "GET",
        "/departments/{department}/tasks",
        "A department's review tasks, urgent cases first (its reviewers only)",
        None,
        TaskListSchema,
        200,
        {422: "A status other than open or answered, or an unknown parameter (validation_failed)"},
        (
            path_parameter("department", "department code"),
            query_parameter("status", "only the tasks in this state: open or answered", required=False),
        ),
        roles=REVIEWER,
    ),
    Route(
        "POST",
        "/tasks/{task_id}/opinion",
        "A department answers its task",
        OpinionSchema,
        TaskSchema,
        200,
        OPINION_ERRORS,
        TASK,
        roles=REVIEWER,
        idempotent=True,
    ),
    Route(
        "GET",
        "/reviews",
        "The joint reviews a lead window's department leads (supervision, operators: all), paged",
        None,
        ReviewListSchema,
        200,
        {422: "A status no review has, a bad page, or an unknown parameter (validation_failed)"},
        (
            query_parameter("status", "in_review, awaiting_supplement, converged or decided", required=False),
            query_parameter("limit", "page size, 1..200 (50)", required=False),
            query_parameter("offset", "reviews to skip (0)", required=False),
        ),
        roles=(*LEAD, "supervision", "operator"),
    ),
    Route(
        "GET",
        "/reviews/{review_id}",
        "The lead window's view of a joint review",
        None,
        ReviewSchema,
        200,
        {404: "No such review (not_found)"},
        REVIEW,
        roles=(*LEAD, "supervision", "operator"),
    ),
    Route(
        "POST",
        "/reviews/{review_id}/supplements",
        "The consolidated materials arrived: next round",
        SupplyMaterialsSchema,
        ReviewSchema,
        200,
        ERRORS,
        REVIEW,
        roles=LEAD,
    ),
    Route(
        "POST",
        "/reviews/{review_id}/decision",
        "The lead window issues the decision",
        DecisionSchema,
        ReviewSchema,
        200,
        ERRORS,
        REVIEW,
        roles=LEAD,
    ),
]
