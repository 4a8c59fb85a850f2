"""HTTP entrypoints: reviewers answer their department's tasks; the lead window steers the review."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from joint_review import handlers, repository, reviewer_handlers
from joint_review.domain import ReviewError
from joint_review.schemas import (
    LEAD,
    DecisionSchema,
    OpinionSchema,
    ReviewSchema,
    SupplyMaterialsSchema,
    TaskListSchema,
    TaskSchema,
)
from web_api import ApiError, Forbidden, api, json_response, load_json
from web_api.idempotency import IdempotentPosts, idempotent


class ReviewsApi(IdempotentPosts):
    """Mixin of the joint_review service: needs ``db``, ``clock``, ``calendar``, ``access``."""

    @contextmanager
    def review_work(self, actor: str):
        try:
            with self.db.transaction() as tx:
                yield handlers.Context(tx, self.calendar, self.clock(), actor)
        except ReviewError as exc:
            raise ApiError(exc.message, exc.details, status=exc.status, code=exc.code) from exc

    @staticmethod
    def only_for(principal, department: str) -> None:
        if principal.department != department:
            raise Forbidden(
                f"只能处理本部门 ({principal.department}) 的联审 "
                f"(you act for {principal.department}, not {department})"
            )

    @api("GET", "/departments/<string:department>/tasks")
    def list_tasks(self, request, department):
        """A department's tasks, open first by due date; only its own reviewers see them (R-JOINT-2).
        ``?status=open`` filters. Errors: 401, 403 (another department)."""
        self.only_for(self.access.require(request, "reviewer"), department)
        with self.review_work("reader") as ctx:
            found = repository.department_tasks(ctx.connection, department, request.args.get("status"))
        return json_response(TaskListSchema().dump({"tasks": found}))

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
        command = load_json(request, OpinionSchema())
        for attempt in (1, 2):
            try:
                with self.review_work(principal.subject) as ctx:
                    handlers.record_opinion(
                        {**command, "task_id": task_id, "reviewer_id": principal.subject},
                        ctx,
                        "http",
                        answering_for=principal.department,
                    )
                    task = repository.get_task(ctx.connection, task_id)
                break
            except IntegrityError:
                # the same id given at the same moment to another review's task (its round lock
                # does not serialise the two): the second try finds the winner's opinion and
                # answers the replay or 409 opinion_id_reused, never a 500
                if attempt == 2:
                    raise
        return json_response(TaskSchema().dump(task))

    @api("GET", "/reviews/<string:review_id>")
    def get_review(self, request, review_id):
        """The lead window's view: each department's task state, holder, working days used against
        its limit, the round, the draft and the timeline. Errors: 401, 403, 404."""
        principal = self.access.require(request, *LEAD, "supervision", "operator")
        with self.review_work(principal.subject) as ctx:
            review = repository.get_review(ctx.connection, review_id)
            if principal.role in LEAD:
                self.only_for(principal, review["lead_department"])
            found, lines = repository.review_view(ctx.connection, review_id)
            departments = [self._department_state(task, ctx) for task in found]
        return json_response(
            ReviewSchema().dump(
                {
                    **review,
                    "departments": departments,
                    "timeline": [{**line, "at": line["at"].isoformat()} for line in lines],
                }
            )
        )

    def _department_state(self, task: dict, ctx) -> dict:
        until = task["answered_at"] or ctx.now
        used = ctx.calendar.working_days_between(
            ctx.calendar.today(task["assigned_at"]), ctx.calendar.today(until)
        )
        return {
            "department": task["department"],
            "round": task["round"],
            "status": task["status"],
            "holder": task["assignee_id"],
            **reviewer_handlers.who(ctx.connection, task),  # holder_name, holder_role, answered_by
            "due_date": task["due_date"].isoformat(),
            "working_days_used": used,
            "verdict": task["verdict"],
            "overdue": task["status"] == "open" and ctx.today > task["due_date"],
        }

    @api("POST", "/reviews/<string:review_id>/supplements")
    def supply_materials(self, request, review_id):
        """The applicant brought the consolidated materials: ``{"materials": ["宅基地四至图"]}`` starts
        the next round for the departments that asked (二次程序). Errors: 401, 403, 404, 409, 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, SupplyMaterialsSchema())
        with self.review_work(principal.subject) as ctx:
            self.only_for(principal, repository.get_review(ctx.connection, review_id)["lead_department"])
            handlers.supply_materials(review_id, command["materials"], ctx)
        return self.get_review(request, review_id)

    @api("POST", "/reviews/<string:review_id>/decision")
    def decide(self, request, review_id):
        """The lead window issues the one decision from the converged draft: ``{"decision": "approved"}``
        (optional: it must match the draft). Errors: 401, 403, 404, 409 (not converged), 422."""
        principal = self.access.require(request, *LEAD)
        command = load_json(request, DecisionSchema())
        with self.review_work(principal.subject) as ctx:
            self.only_for(principal, repository.get_review(ctx.connection, review_id)["lead_department"])
            handlers.decide(review_id, command["decision"], command["note"], ctx)
        return self.get_review(request, review_id)
