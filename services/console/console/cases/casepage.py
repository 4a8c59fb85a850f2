"""A case's page: facts, materials, timeline, clock, and only the actions the case allows now."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from console.backends.client import Refused, Unavailable
from console.cases.forms import action_body, prefixed
from console.cases.rules import (
    SUSPENSION_KINDS,
    actions_allowed,
    clock_of,
    pending_extension,
    suspensions,
    timeline,
)
from console.web.menus import WINDOW_ROLES
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, not_found, page
from console.web.views import redirect, render

# console action -> intake's route under /cases/<no>
ENDPOINTS = {
    "supplement": "supplements",
    "suspend": "suspension",
    "resume": "resumption",
    "request_extension": "extension-request",
    "extend": "extension",
    "decline_extension": "extension-request/decline",
    "complete": "completion",
    "transfer": "transfer",
    "forward": "forwarding",
    "authority_answer": "authority-answer",
}
DONE = {
    "supplement": "已登记补正材料。",
    "suspend": "已中止计时，申请人将收到书面告知。",
    "resume": "已恢复计时，新的办结期限已告知申请人。",
    "request_extension": "延期申请已提交，等待本部门窗口负责人审批。",
    "extend": "已批准延期，申请人将收到延期告知书。",
    "decline_extension": "已不予批准延期申请，办结期限不变。",
    "complete": "办件已办结，申请人将收到办结通知。",
    "transfer": "已转交，您作为首问责任人继续跟踪该办件。",
    "forward": "已上报上级机关，上级审批期间不计入办理时限。",
    "authority_answer": "已记录上级机关答复，办件已办结。",
}


class CasePages(ConsolePages):
    @page("GET", "/cases/<string:case_no>", roles=WINDOW_ROLES)
    def case(self, request: Any, visitor: Any, case_no: str) -> Response:
        """The case page (intake's case and history, the item's materials, notify's notices)."""
        return self._case_page(request, visitor, case_no, done=DONE.get(request.args.get("done", "")))

    def _case_page(
        self, request: Any, visitor: Any, case_no: str, status: int = 200, **context: Any
    ) -> Response:
        case = self.backends.intake.get(f"/cases/{case_no}", visitor.token)
        lines = self.backends.intake.get(f"/cases/{case_no}/history", visitor.token).get("lines", [])
        item = self.backends.intake.get(f"/catalogue/{case['item_code']}", None)
        try:
            notices = self.backends.notify.get("/notices", visitor.token, params={"case_no": case_no})[
                "notices"
            ]
        except Unavailable:
            notices = None
        extension_request = pending_extension(lines)
        return render(
            request,
            "cases/case.html",
            status=status,
            case=case,
            lines=timeline(lines),
            materials=item.get("materials", []),
            notices=notices,
            clock=clock_of(case),
            suspensions=suspensions(lines),
            actions=actions_allowed(case, visitor.role, extension_request),
            extension_request=extension_request,
            reason_kinds=SUSPENSION_KINDS,
            **context,
        )

    @page("POST", "/cases/<string:case_no>/<string:action>", roles=WINDOW_ROLES)
    def act(self, request: Any, visitor: Any, case_no: str, action: str) -> Response:
        """One action on the case, with the person's token; back to the case page with a notice,
        or the case page again with the problems next to the action's fields."""
        if action not in ENDPOINTS:
            raise not_found()
        path = f"/cases/{case_no}/{ENDPOINTS[action]}"
        try:
            self.backends.intake.post(path, visitor.token, action_body(action, request.form))
        except Refused as refused:
            if refused.status not in (409, 422):
                raise
            errors = prefixed(field_errors(refused.details), action)
            errors["_"] = chinese(refused.message)
            if refused.status == 409:  # a state's refusal: details name the state, not a field
                errors = {"_": errors["_"]}
            return self._case_page(
                request,
                visitor,
                case_no,
                status=refused.status,
                failed=action,
                form=request.form,
                errors=errors,
            )
        return redirect(f"/cases/{case_no}?done={action}")
