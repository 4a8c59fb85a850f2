"""The lead window's joint reviews (联合审查): the list it leads, one review's departments, the
consolidated supplement, meetings and site inspections, and the one decision (R-JOINT-1..5).

Every call carries the visitor's token: joint_review decides which reviews a window may read and
steer (its department's only); supervision and operators read them, never act."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.joint import rules
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, PageRefused, page
from console.web.views import redirect, render

PAGE_SIZE = 50


class JointPages(ConsolePages):
    @page("GET", "/joint", roles=rules.READERS)
    def joint_list(self, request: Any, visitor: Any) -> Response:
        """The joint reviews the visitor's department leads: still open first, urgent first."""
        status = request.args.get("status") or None
        offset = request.args.get("offset", type=int, default=0) or 0
        try:
            found = self.backends.joint_review.get(
                "/reviews", visitor.token, params={"status": status, "limit": PAGE_SIZE, "offset": offset}
            )
        except Refused as exc:
            if exc.status != 422:
                raise
            return render(
                request,
                "joint/list.html",
                status=422,
                page=None,
                statuses=rules.REVIEW_STATUSES,
                form=request.args,
                errors=field_errors(exc.details),
            )
        return render(
            request,
            "joint/list.html",
            page=found,
            statuses=rules.REVIEW_STATUSES,
            decision_names=rules.DECISION_NAMES,
            form=request.args,
        )

    @page("GET", "/joint/<string:review_id>", roles=rules.READERS)
    def joint_review(self, request: Any, visitor: Any, review_id: str) -> Response:
        """One review: each department's task, the draft, the notices, the actions allowed now."""
        return self._review_page(request, visitor, review_id)

    @page("POST", "/joint/<string:review_id>/supplements", roles=rules.LEAD_ROLES)
    def joint_supplements(self, request: Any, visitor: Any, review_id: str) -> Response:
        """The applicant brought the consolidated materials: the departments that asked review again."""
        materials = request.form.getlist("materials") + rules.lines(request.form.get("other"))
        return self._act(
            request, visitor, review_id, "supplements", "/supplements", lambda: {"materials": materials}
        )

    @page("POST", "/joint/<string:review_id>/decision", roles=rules.LEAD_ROLES)
    def joint_decision(self, request: Any, visitor: Any, review_id: str) -> Response:
        """The one decision, as every department's answers drafted it (R-JOINT-4)."""
        command = {"decision": request.form.get("decision") or None, "note": request.form.get("note") or None}
        return self._act(request, visitor, review_id, "decision", "/decision", lambda: command)

    @page("POST", "/joint/<string:review_id>/meetings", roles=rules.LEAD_ROLES)
    def joint_meeting(self, request: Any, visitor: Any, review_id: str) -> Response:
        """Convene a joint review meeting (联审会) of some of the departments."""
        command = rules.meeting_command(request.form, request.form.getlist("departments"))
        return self._act(request, visitor, review_id, "meeting", "/meetings", lambda: command, keyed=True)

    @page("POST", "/joint/<string:review_id>/meetings/<string:meeting_id>/minutes", roles=rules.LEAD_ROLES)
    def joint_minutes(self, request: Any, visitor: Any, review_id: str, meeting_id: str) -> Response:
        """The meeting's minutes (会签): each department present answers its task for the round."""
        departments = request.form.getlist("department")
        command = rules.minutes_command(request.form, departments)
        path = f"/meetings/{quote(meeting_id, safe='')}/minutes"
        return self._act(request, visitor, review_id, "minutes", path, lambda: command, minutes=command)

    @page("POST", "/joint/<string:review_id>/inspections", roles=rules.LEAD_ROLES)
    def joint_inspection(self, request: Any, visitor: Any, review_id: str) -> Response:
        """A joint site inspection (联合踏勘) begins: off the clock, expected working days told."""
        command = rules.inspection_command(request.form, request.form.getlist("departments"))
        return self._act(
            request, visitor, review_id, "inspection", "/inspections", lambda: command, keyed=True
        )

    @page("POST", "/joint/<string:review_id>/inspections/<string:inspection_id>/end", roles=rules.LEAD_ROLES)
    def joint_inspection_end(
        self, request: Any, visitor: Any, review_id: str, inspection_id: str
    ) -> Response:
        """The site inspection ended: the open tasks' due dates move by the days it took."""
        command = {"ends_on": request.form.get("ends_on") or None}
        path = f"/inspections/{quote(inspection_id, safe='')}/end"
        return self._act(request, visitor, review_id, "end_inspection", path, lambda: command)

    def _act(
        self,
        request: Any,
        visitor: Any,
        review_id: str,
        action: str,
        path: str,
        command: Callable[[], dict[str, Any]],
        keyed: bool = False,
        minutes: dict[str, Any] | None = None,
    ) -> Response:
        """Send the action; on a refusal the review again, the form as typed, each problem at its
        field; on success the review (303)."""
        base = f"/reviews/{quote(review_id, safe='')}"
        headers = {"Idempotency-Key": str(request.form.get("key") or uuid.uuid4())} if keyed else None
        try:
            self.backends.joint_review.post(base + path, visitor.token, command(), headers=headers)
        except Refused as exc:
            if exc.status not in (409, 422):
                raise
            errors = field_errors(exc.details)
            errors = (
                rules.minutes_errors(errors, minutes)
                if minutes is not None
                else {rules.list_field(key): message for key, message in errors.items()}
            )
            errors["_"] = chinese(exc.message)
            return self._review_page(request, visitor, review_id, exc.status, action, errors)
        return redirect(f"/joint/{quote(review_id, safe='')}#done")

    def _review_page(
        self,
        request: Any,
        visitor: Any,
        review_id: str,
        status: int = 200,
        failed: str | None = None,
        errors: dict[str, str] | None = None,
    ) -> Response:
        review = self.backends.joint_review.get(f"/reviews/{quote(review_id, safe='')}", visitor.token)
        if not review or review.get("review_id") != review_id:
            raise PageRefused(404, "未找到", "未找到该联合审查。")
        notices = self._review_notices(review["case_no"], visitor)
        timeline = review.get("timeline") or []
        return render(
            request,
            "joint/review.html",
            status=status,
            review=review,
            current=rules.round_departments(review),
            actions=rules.allowed_actions(review, visitor.role),
            meetings=rules.open_meetings(timeline),
            inspection=rules.running_inspection(timeline),
            notices=notices,
            failed=failed,
            key=str(uuid.uuid4()),
            statuses=rules.REVIEW_STATUSES,
            verdicts=rules.VERDICTS,
            timeline_names=rules.TIMELINE,
            decision_names=rules.DECISION_NAMES,
            outcomes=rules.OUTCOMES,
            holder_roles=rules.HOLDER_ROLES,
            decision=rules.DECISIONS.get((review.get("draft") or {}).get("outcome", "")),
            form=request.form if failed else {},
            errors=errors or {},
        )

    def _review_notices(self, case_no: str, visitor: Any) -> list[dict[str, Any]] | None:
        """The case's notices as notify shows them to the visitor (None: notify would not say)."""
        try:
            found = self.backends.notify.get("/notices", visitor.token, params={"case_no": case_no})
        except Refused:
            return None
        return list(found.get("notices") or [])
