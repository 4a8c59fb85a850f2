"""The "could not get it done" desk's pages (办不成事反映窗口, R-UNRES-1..2): the items, register,
one item and its trail, forward, extend with consent, the unit's result, the follow-up call.

The complaints office alone opens them. The reporter's contact is shown only through the audited
route (``GET /desk/items/<no>/reporter``, a ``contact_read`` step of the trail), on the one answer
to "reveal"; the item's own view is shown without it.
"""

from __future__ import annotations

import secrets
from typing import Any

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.complaints.api import refusal_errors
from console.complaints.rules import china_today
from console.desk import rules
from console.web.pages import ConsolePages, not_found, page
from console.web.views import redirect, render
from hall_contracts.departments import department_names

OFFICE = ("complaints_office",)


def labels() -> dict[str, Any]:
    return {
        "tiers": rules.TIERS,
        "statuses": rules.STATUSES,
        "channels": rules.CHANNELS,
        "satisfaction": rules.SATISFACTION,
        "consent_methods": rules.CONSENT_METHODS,
        "step_names": rules.STEPS,
        "step_titles": rules.STEP_TITLES,
        "departments": department_names(),
    }


class DeskPages(ConsolePages):
    @page("GET", "/desk", roles=OFFICE)
    def desk_list(self, request: Any, visitor: Any) -> Response:
        """The desk's items, by status; overdue in red, due today in amber; the ledger's form."""
        return self._list_page(request, visitor)

    @page("GET", "/desk/ledger", roles=OFFICE)
    def desk_ledger(self, request: Any, visitor: Any) -> Response:
        """The ledger of a period as CSV (every step, never a contact); a bad period comes back
        next to its field on the desk's page."""
        period = {"from": request.args.get("from", ""), "to": request.args.get("to", "")}
        try:
            answer = self.backends.complaints.call(
                "GET", "/desk/ledger", visitor.token, params={**period, "format": "csv"}
            )
        except Refused as exc:
            if exc.status != 422:
                raise
            return self._list_page(request, visitor, 422, refusal_errors(exc), period)
        disposition = answer.headers.get("Content-Disposition", 'attachment; filename="desk-ledger.csv"')
        return Response(
            str(answer.body).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": disposition},
        )

    def _list_page(
        self,
        request: Any,
        visitor: Any,
        code: int = 200,
        errors: dict | None = None,
        period: dict | None = None,
    ) -> Response:
        status = request.args.get("status", "")
        try:
            found = self.backends.complaints.get("/desk/items", visitor.token, params={"status": status})
        except Refused as exc:
            if exc.status != 422:
                raise
            found, code, errors = {"items": []}, 422, refusal_errors(exc)
        today = china_today()
        items = [{**item, "mark": rules.mark(item, today)} for item in found["items"]]
        items.sort(key=lambda item: (item["status"] == "closed", str(item.get("deadline") or "9999")))
        form = {"status": status, **(period or {})}
        return render(
            request, "desk/list.html", status=code, items=items, form=form, errors=errors or {}, **labels()
        )

    @page("GET", "/desk/new", roles=OFFICE)
    def desk_form(self, request: Any, visitor: Any) -> Response:
        """Register what a reporter could not get done, with the units and the reporter's contact."""
        return render(request, "desk/new.html", key=secrets.token_urlsafe(16), **labels())

    @page("POST", "/desk/new", roles=OFFICE)
    def register_item(self, request: Any, visitor: Any) -> Response:
        """Register it; a refusal comes back next to each field with what was typed kept."""
        key = request.form.get("key") or secrets.token_urlsafe(16)
        try:
            item = self.backends.complaints.post(
                "/desk/items", visitor.token, rules.register_payload(request.form), {"Idempotency-Key": key}
            )
        except Refused as exc:
            if exc.status not in (409, 422):
                raise
            form = {**request.form.to_dict(), "units": request.form.getlist("units")}
            return render(
                request,
                "desk/new.html",
                status=exc.status,
                form=form,
                errors=refusal_errors(exc),
                key=key,
                **labels(),
            )
        return redirect(f"/desk/{item['item_no']}?registered=1")

    @page("GET", "/desk/<string:item_no>", roles=OFFICE)
    def desk_item(self, request: Any, visitor: Any, item_no: str) -> Response:
        """One item: facts, deadline, trail, the reporter sealed, the steps allowed now."""
        return self._item_page(request, visitor, item_no, registered=request.args.get("registered") == "1")

    @page("POST", "/desk/<string:item_no>/reporter", roles=OFFICE)
    def reveal_reporter(self, request: Any, visitor: Any, item_no: str) -> Response:
        """The reporter's contact through the audited route, on this answer only."""
        reporter = self.backends.complaints.get(f"/desk/items/{item_no}/reporter", visitor.token)
        return self._item_page(request, visitor, item_no, reporter=reporter)

    @page("POST", "/desk/<string:item_no>/steps/<string:step>", roles=OFFICE)
    def desk_step(self, request: Any, visitor: Any, item_no: str, step: str) -> Response:
        """Forward, extend (with consent), record the unit's result, or the follow-up call."""
        if step not in rules.STEP_PATHS:
            raise not_found()
        path = f"/desk/items/{item_no}{rules.STEP_PATHS[step]}"
        try:
            self.backends.complaints.post(path, visitor.token, rules.step_payload(step, request.form))
        except Refused as exc:
            if exc.status not in (409, 422):
                raise
            return self._item_page(
                request,
                visitor,
                item_no,
                status=exc.status,
                step=step,
                form=request.form.to_dict(),
                errors=refusal_errors(exc),
            )
        return redirect(f"/desk/{item_no}?done={step}")

    def _item_page(
        self, request: Any, visitor: Any, item_no: str, status: int = 200, **extra: Any
    ) -> Response:
        item = self.backends.complaints.get(f"/desk/items/{item_no}", visitor.token)
        item.pop("reporter", None)  # shown only through the audited route
        return render(
            request,
            "desk/detail.html",
            status=status,
            item=item,
            allowed=rules.allowed(item),
            reads=[s for s in item.get("steps", []) if s.get("step") == "contact_read"],
            done=request.args.get("done"),
            **labels(),
            **extra,
        )
