"""The department's primary (A) and backup (B) reviewers, who takes new tasks today, and the
reviewer's own leave (R-JOINT-7, R-AB-1). Registering A and B is supervision's or an operator's
work; a reviewer reads the roster of their own department and records their own leave."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.tasks.rules import answer_errors
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, page
from console.web.views import redirect, render


class ReviewerPages(ConsolePages):
    @page("GET", "/reviewers", roles=("reviewer",))
    def reviewers(self, request: Any, visitor: Any) -> Response:
        """The department's A and B, who is away today and who takes new tasks; the leave form."""
        return self._roster_page(request, visitor)

    @page("POST", "/reviewers/leave", roles=("reviewer",))
    def reviewer_leave(self, request: Any, visitor: Any) -> Response:
        """The reviewer's own leave; leave covering today hands their open tasks to the other."""
        command = {
            name: str(request.form.get(name) or "").strip() for name in ("starts_on", "ends_on", "reason")
        }
        command = {name: value for name, value in command.items() if value}
        key = str(request.form.get("key") or uuid.uuid4())
        try:
            answer = self.backends.joint_review.post(
                f"/reviewers/{quote(visitor.subject, safe='')}/leave",
                visitor.token,
                command,
                headers={"Idempotency-Key": key},
            )
        except Refused as exc:
            if exc.status not in (404, 409, 422):
                raise
            errors = answer_errors(field_errors(exc.details))
            errors["_"] = chinese(exc.message)
            return self._roster_page(request, visitor, exc.status, errors)
        moved = len(answer.get("moved_tasks") or [])
        return redirect(f"/reviewers?leave={answer.get('leave_id', '')}&moved={moved}")

    def _roster_page(
        self, request: Any, visitor: Any, status: int = 200, errors: dict | None = None
    ) -> Response:
        department = quote(str(visitor.department), safe="")
        try:
            roster = self.backends.joint_review.get(f"/departments/{department}/reviewers", visitor.token)
        except Refused as exc:
            if exc.status != 404:
                raise
            roster = None  # no A/B registered: the department's tasks wait in its pool
        return render(
            request,
            "tasks/reviewers.html",
            status=status,
            roster=roster,
            recorded=request.args.get("leave"),
            moved=request.args.get("moved"),
            key=str(uuid.uuid4()),
            form=request.form if errors else {},
            errors=errors or {},
        )
