"""A department reviewer's day: the department's task inbox, one task with the application's
materials and the answer form, and the department's A/B reviewers and leave (R-JOINT-2/3/7).

The department is the visitor's own, never from the URL or a form: another department's task is
not in the list joint_review gives this reviewer, so it is a 404 page with nothing of it shown."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.tasks import rules
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, not_found, page
from console.web.views import redirect, render

REVIEWER = ("reviewer",)


class TaskPages(ConsolePages):
    @page("GET", "/tasks", roles=REVIEWER)
    def task_inbox(self, request: Any, visitor: Any) -> Response:
        """The department's tasks: urgent first, then by due date; overdue red, due soon amber."""
        status = request.args.get("status", "open")
        tasks = self._tasks(visitor, status or None)
        now = datetime.now(UTC)
        rows = [{**task, "mark": rules.row_class(task, now)} for task in tasks]
        return render(
            request,
            "tasks/list.html",
            tasks=rows,
            chosen=status,
            statuses=rules.TASK_STATUSES,
            verdicts=rules.VERDICTS,
        )

    @page("GET", "/tasks/<string:task_id>", roles=REVIEWER)
    def task_page(self, request: Any, visitor: Any, task_id: str) -> Response:
        """One task of the department: the application, its materials, and the answer form."""
        return self._task_page(request, visitor, task_id)

    @page("POST", "/tasks/<string:task_id>/opinion", roles=REVIEWER)
    def task_answer(self, request: Any, visitor: Any, task_id: str) -> Response:
        """Answer the task: approve (conditions), reject (reason) or request supplements."""
        task = self._task(visitor, task_id)
        opinion_id = str(request.form.get("opinion_id") or uuid.uuid4())
        command = rules.opinion_command(request.form, opinion_id)
        try:
            self.backends.joint_review.post(
                f"/tasks/{quote(task['task_id'], safe='')}/opinion", visitor.token, command
            )
        except Refused as exc:
            if exc.status not in (409, 422):
                raise
            errors = rules.answer_errors(field_errors(exc.details))
            errors["_"] = chinese(exc.message)
            return self._task_page(request, visitor, task_id, exc.status, errors)
        return redirect(f"/tasks/{quote(task_id, safe='')}")

    def _tasks(self, visitor: Any, status: str | None) -> list[dict[str, Any]]:
        department = quote(str(visitor.department), safe="")
        found = self.backends.joint_review.get(
            f"/departments/{department}/tasks", visitor.token, params={"status": status}
        )
        return list(found.get("tasks") or [])

    def _task(self, visitor: Any, task_id: str) -> dict[str, Any]:
        """The task, if it is the reviewer's department's (joint_review answers 404 otherwise)."""
        try:
            task: dict[str, Any] = self.backends.joint_review.get(
                f"/tasks/{quote(task_id, safe='')}", visitor.token
            )
        except Refused as exc:
            if exc.status == 404:
                raise not_found("本部门没有该审查任务。") from None
            raise
        return task

    def _task_page(
        self, request: Any, visitor: Any, task_id: str, status: int = 200, errors: dict | None = None
    ) -> Response:
        task = self._task(visitor, task_id)
        task["mark"] = rules.row_class(task, datetime.now(UTC))
        return render(
            request,
            "tasks/task.html",
            status=status,
            task=task,
            kinds=rules.KINDS,
            verdicts=rules.VERDICTS,
            opinion_id=str(uuid.uuid4()),  # one answer per render: a double click is a replay
            form=request.form if errors else {},
            errors=errors or {},
        )
