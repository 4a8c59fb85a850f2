"""The complaints office's pages: file, the worklist by limit, one complaint and its steps, and
the sealed identity revealed on request (R-COMP-1..8).

Only the complaints office opens these pages; every call carries the office's own token, so the
complaints service decides again. The identity is never kept: a reveal reads it from the API
(which records the read on the timeline) and shows it on that one answer only.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.complaints import rules
from console.complaints.forms import STEP_TITLES, step_call
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, not_found, page
from console.web.views import redirect, render
from hall_contracts.departments import department_names

OFFICE = ("complaints_office",)
PAGE_SIZE = 20
FILTERS = ("status", "department", "overdue", "due_before")


def refusal_errors(exc: Refused) -> dict[str, str]:
    """A 409/422's problems by field, and the general message under ``_``."""
    errors = field_errors(exc.details)
    errors["_"] = chinese(exc.message)
    return errors


def labels() -> dict[str, Any]:
    """The names every complaints template shows instead of the API's codes."""
    return {
        "channels": rules.CHANNELS,
        "categories": rules.CATEGORIES,
        "scopes": {**rules.CATEGORIES, **rules.OUTSIDE_SCOPE},
        "severities": rules.SEVERITIES,
        "statuses": rules.STATUSES,
        "satisfaction": rules.SATISFACTION,
        "destinations": rules.DESTINATIONS,
        "actions": rules.ACTIONS,
        "purposes": rules.PURPOSES,
        "departments": department_names(),
        "step_titles": STEP_TITLES,
    }


class ComplaintPages(ConsolePages):
    @page("GET", "/complaints", roles=OFFICE)
    def complaint_list(self, request: Any, visitor: Any) -> Response:
        """The open complaints, due first; overdue in red, due today in amber; filters, pages."""
        chosen = {name: request.args.get(name, "") for name in FILTERS}
        number = max(int(request.args.get("page", "1")) if request.args.get("page", "").isdigit() else 1, 1)
        params = {**chosen, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE}
        try:
            found = self.backends.complaints.get("/complaints", visitor.token, params=params)
        except Refused as exc:
            if exc.status != 422:
                raise
            found, status, errors = {"complaints": [], "total": 0}, 422, refusal_errors(exc)
        else:
            status, errors = 200, {}
        today = rules.china_today()
        rows = [{**row, "mark": rules.mark(row, today)} for row in found["complaints"]]
        pages = max((found["total"] + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        query = urlencode({name: value for name, value in chosen.items() if value})
        return render(
            request,
            "complaints/list.html",
            status=status,
            rows=rows,
            total=found["total"],
            number=number,
            pages=pages,
            query=query,
            form=chosen,
            errors=errors,
            **labels(),
        )

    @page("GET", "/complaints/new", roles=OFFICE)
    def complaint_form(self, request: Any, visitor: Any) -> Response:
        """The filing form: any channel, the facts, the complainant's identity (sealed at once)."""
        return render(request, "complaints/new.html", key=secrets.token_urlsafe(16), **labels())

    @page("POST", "/complaints/new", roles=OFFICE)
    def file_complaint(self, request: Any, visitor: Any) -> Response:
        """File it; a refusal comes back next to each field with what was typed kept."""
        key = request.form.get("key") or secrets.token_urlsafe(16)
        payload = rules.filing_payload(request.form)
        try:
            filed = self.backends.complaints.post(
                "/complaints", visitor.token, payload, headers={"Idempotency-Key": key}
            )
        except Refused as exc:
            if exc.status not in (404, 409, 422):
                raise
            errors = refusal_errors(exc)
            if exc.code == "unknown_case":
                errors["case_no"] = chinese(exc.message)
            form = {**request.form.to_dict(), "other_departments": request.form.getlist("other_departments")}
            return render(
                request,
                "complaints/new.html",
                status=exc.status,
                form=form,
                errors=errors,
                key=key,
                **labels(),
            )
        return redirect(f"/complaints/{filed['complaint_no']}?filed=1")

    @page("GET", "/complaints/<string:complaint_no>", roles=OFFICE)
    def complaint(self, request: Any, visitor: Any, complaint_no: str) -> Response:
        """One complaint: facts, forwards and reports, timeline, identity sealed, the steps allowed now."""
        return self._complaint_page(request, visitor, complaint_no, filed=request.args.get("filed") == "1")

    @page("POST", "/complaints/<string:complaint_no>/identity", roles=OFFICE)
    def reveal_identity(self, request: Any, visitor: Any, complaint_no: str) -> Response:
        """Reveal who complained, on this answer only; the API records the read on the timeline."""
        identity = self.backends.complaints.get(f"/complaints/{complaint_no}/identity", visitor.token)
        return self._complaint_page(request, visitor, complaint_no, identity=identity)

    @page("POST", "/complaints/<string:complaint_no>/steps/<string:step>", roles=OFFICE)
    def complaint_step(self, request: Any, visitor: Any, complaint_no: str, step: str) -> Response:
        """One step of the office (forward, explain, refer, answer, close, follow up, …)."""
        call = step_call(step, request.form)
        if call is None:
            raise not_found()
        method, path, payload = call
        try:
            self.backends.complaints.call(
                method, f"/complaints/{complaint_no}{path}", visitor.token, payload=payload
            )
        except Refused as exc:
            if exc.status not in (409, 422) and not (exc.status == 403 and step == "report"):
                raise
            return self._complaint_page(
                request,
                visitor,
                complaint_no,
                status=exc.status,
                step=step,
                form=request.form.to_dict(),
                errors=refusal_errors(exc),
            )
        return redirect(f"/complaints/{complaint_no}?done={step}")

    @page("POST", "/complaints/<string:complaint_no>/identity-requests/<string:request_id>", roles=OFFICE)
    def decide_identity_request(
        self, request: Any, visitor: Any, complaint_no: str, request_id: str
    ) -> Response:
        """Grant or refuse an agency's request to read the identity of a referred complaint (R-COMP-7)."""
        grant = {"yes": True, "no": False}.get(request.form.get("grant", ""))
        payload = {"grant": grant, "note": (request.form.get("note") or "").strip() or None}
        try:
            self.backends.complaints.post(f"/identity-requests/{request_id}/decision", visitor.token, payload)
        except Refused as exc:
            if exc.status not in (409, 422):
                raise
            errors = refusal_errors(exc)
            return self._complaint_page(request, visitor, complaint_no, status=exc.status, errors=errors)
        return redirect(f"/complaints/{complaint_no}?done=identity-request")

    def _complaint_page(
        self, request: Any, visitor: Any, complaint_no: str, status: int = 200, **extra: Any
    ) -> Response:
        complaint = self.backends.complaints.get(f"/complaints/{complaint_no}", visitor.token)
        reads = [line for line in complaint.get("timeline", []) if line.get("action") == "identity_read"]
        asked = []
        if complaint.get("referred_to"):  # an agency asks only about a referred complaint
            found = self.backends.complaints.get(
                f"/complaints/{complaint_no}/identity-requests", visitor.token
            )
            asked = found["requests"]
        return render(
            request,
            "complaints/detail.html",
            status=status,
            c=complaint,
            allowed=rules.allowed(complaint),
            waiting=rules.open_forwards(complaint),
            reads=reads,
            asked=asked,
            done=request.args.get("done"),
            **labels(),
            **extra,
        )
