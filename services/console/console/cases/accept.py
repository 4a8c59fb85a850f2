"""Accepting a case at the window: the catalogue, the acceptance form, the receipt, the notices."""

from __future__ import annotations

import uuid
from typing import Any

from werkzeug.wrappers import Response

from console.backends.client import Refused, Unavailable
from console.cases.forms import MATERIAL_STATES, acceptance
from console.cases.rules import receipt_code
from console.web.menus import WINDOW_ROLES
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, not_found, page
from console.web.views import redirect, render
from hall_contracts.departments import department_name


def matching(items: list[dict[str, Any]], words: str, department: str) -> list[dict[str, Any]]:
    """The catalogue's items of ``department`` (all when empty) whose code or name holds ``words``.

    >>> items = [{"code": "SC-010", "name": "个体工商户设立登记", "department": "m"}]
    >>> matching(items, "个体", "m")[0]["code"]
    'SC-010'
    >>> matching([{"code": "SC-010", "name": "x", "department": "m"}], "", "civil")
    []
    """
    words = words.strip().lower()
    return [
        item
        for item in items
        if (not department or item["department"] == department)
        and (not words or words in item["code"].lower() or words in item["name"].lower())
    ]


def _department(code: str) -> str:
    try:
        return department_name(code)
    except (KeyError, ValueError):
        return code


class AcceptPages(ConsolePages):
    @page("GET", "/cases/new", roles=WINDOW_ROLES)
    def choose_item(self, request: Any, visitor: Any) -> Response:
        """Choose the item from the public catalogue: search by name or code, filter by department
        (the visitor's own by default: a window accepts only its department's items)."""
        items = self.backends.intake.get("/catalogue", None).get("items", [])
        department = request.args.get("department", visitor.department or "")
        words = request.args.get("q", "")
        departments = [(code, _department(code)) for code in sorted({item["department"] for item in items})]
        return render(
            request,
            "cases/choose.html",
            items=matching(items, words, department),
            departments=departments,
            form={"q": words, "department": department},
        )

    def _item(self, code: str) -> dict[str, Any]:
        try:
            return self.backends.intake.get(f"/catalogue/{code}", None)
        except Refused as refused:
            if refused.status == 404:
                raise not_found("目录中没有该事项。") from None
            raise

    @page("GET", "/cases/new/<string:code>", roles=WINDOW_ROLES)
    def acceptance_form(self, request: Any, visitor: Any, code: str) -> Response:
        """The acceptance form of an item: each material presented / to follow / not brought
        (main and attachment marked), urgent, the applicant's details."""
        item = self._item(code)
        form = {f"m.{index}": "presented" for index in range(len(item["materials"]))}
        form["idempotency_key"] = str(uuid.uuid4())
        return render(request, "cases/accept.html", item=item, states=MATERIAL_STATES, form=form)

    @page("POST", "/cases/new/<string:code>", roles=WINDOW_ROLES)
    def accept(self, request: Any, visitor: Any, code: str) -> Response:
        """Create the case (intake ``POST /cases``, once per form: its ``Idempotency-Key``); then
        the receipt. A refusal re-renders the form with what was typed and each problem in Chinese."""
        item = self._item(code)
        body = acceptance(request.form, item["materials"], code)
        key = str(request.form.get("idempotency_key") or "")[:200] or str(uuid.uuid4())
        try:
            answer = self.backends.intake.post(
                "/cases", visitor.token, body, headers={"Idempotency-Key": key}
            )
        except Refused as refused:
            if refused.status not in (409, 422):
                raise
            errors = field_errors(refused.details)
            errors["_"] = chinese(refused.message)
            form = request.form.to_dict() | {"idempotency_key": str(uuid.uuid4())}
            return render(
                request,
                "cases/accept.html",
                status=refused.status,
                item=item,
                states=MATERIAL_STATES,
                form=form,
                errors=errors,
            )
        return redirect(f"/cases/{answer['case_no']}/receipt")

    def _notices(self, case_no: str, token: str) -> list[dict[str, Any]] | None:
        """The case's notices in notify's archive; None when notify does not answer."""
        try:
            return self.backends.notify.get("/notices", token, params={"case_no": case_no}).get("notices", [])
        except Unavailable:
            return None

    @page("GET", "/cases/<string:case_no>/receipt", roles=WINDOW_ROLES)
    def receipt(self, request: Any, visitor: Any, case_no: str) -> Response:
        """The result of an acceptance: the decided kind, the receipt with the case number and
        its verification code (from notify's receipt, which the case's windows read unmasked), a
        print button, and the case's notices to print. Refreshes itself until the receipt is issued."""
        case = self.backends.intake.get(f"/cases/{case_no}", visitor.token)
        notices = self._notices(case_no, visitor.token)
        receipt = next((n for n in notices or [] if n.get("notice_type") == "receipt"), None)
        return render(
            request,
            "cases/receipt.html",
            case=case,
            notices=notices,
            receipt=receipt,
            code=receipt_code(notices or []),
        )

    @page("GET", "/cases/<string:case_no>/notices/<string:notice_no>", roles=WINDOW_ROLES)
    def notice(self, request: Any, visitor: Any, case_no: str, notice_no: str) -> Response:
        """One notice of the case as issued, ready to print (notify ``GET /notices/<no>``)."""
        notice = self.backends.notify.get(f"/notices/{notice_no}", visitor.token)
        if notice.get("case_no") != case_no:
            raise not_found("该办件没有这份通知。")
        return render(request, "cases/notice.html", notice=notice, case_no=case_no)
