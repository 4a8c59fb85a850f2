"""One review task, read by its own department's reviewer (the console's task page)."""

from __future__ import annotations

from joint_review.entrypoints import Entrypoints
from joint_review.refusals import UnknownReview
from joint_review.reviews.schemas import REVIEWER, TASK, TaskSchema
from web_api import api, json_response, schema_of
from web_api.openapi import Route


class TaskApi(Entrypoints):
    @api("GET", "/tasks/<string:task_id>")
    def get_task(self, request, task_id):
        """A task of the reviewer's own department, as its list shows it (the case, its urgency,
        its materials): ``{"task_id": "JR-HALL-...-natural_resources-1", "status": "open", ...}``.
        Errors: 401, 403 (not a reviewer), 404 (no such task in the reviewer's department: another
        department's task is not even confirmed to exist, R-JOINT-2)."""
        principal = self.access.require(request, *REVIEWER)
        with self.unit_of_work("reader") as uow:
            found = uow.reviews.department_tasks(str(principal.department), task_id=task_id)
        if not found:
            raise UnknownReview(f"本部门没有审查任务 {task_id} (no review task {task_id} of your department)")
        return json_response(schema_of(TaskSchema).dump(found[0]))


TASK_ROUTES = [
    Route(
        "GET",
        "/tasks/{task_id}",
        "One task of the reviewer's own department",
        None,
        TaskSchema,
        200,
        {404: "No such task in the reviewer's department (not_found)"},
        TASK,
        roles=REVIEWER,
    ),
]
