"""R-CLOCK-4 at the window: a clerk asks for an extension, the window head approves or declines.

The request and a decline are entries of the case's history (``extension_requested``,
``extension_declined``); the approval is the head's extension itself (``extended``), which
settles the request. At most one request is pending per case. Asking is held to the same terms
as extending (the clock runs, the legal limit, 1 working day before the deadline), so a request
the head could not approve is refused at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from intake.cases.rules import CLOCK_RUNNING, Case
from intake.clock import handlers
from intake.refusals import IntakeError
from intake.unit_of_work import Context
from refusals import Conflict

REQUESTED, DECLINED, SETTLING = (
    "extension_requested",
    "extension_declined",
    ("extended", "extension_declined"),
)


class ExtensionAlreadyRequested(IntakeError, Conflict):
    code = "extension_already_requested"


class NoExtensionRequest(IntakeError, Conflict):
    code = "no_extension_request"


def pending_request(history: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The request not yet approved or declined, from the case's history in order.

    >>> asked = {"action": "extension_requested", "details": {"days": 2}}
    >>> pending_request([asked]), pending_request([asked, {"action": "extended", "details": {}}])
    ({'days': 2}, None)
    """
    pending: dict[str, Any] | None = None
    for entry in history:
        if entry["action"] == REQUESTED:
            pending = dict(entry.get("details") or {})
        elif entry["action"] in SETTLING:
            pending = None
    return pending


def request_extension(case_no: str, command: dict, ctx: Context) -> Case:
    """``{"days": 3, "reason": "..."}`` asked by a window clerk (``ctx.actor``).

    Errors: ``CaseNotFound``; ``TransitionNotAllowed`` unless the clock runs;
    ``ExtensionAlreadyRequested``; ``InvalidRequest`` past the legal limit; ``ExtensionTooLate``.
    """
    case = ctx.cases.get(case_no)
    handlers._require(case, CLOCK_RUNNING, "申请延期", "extended")
    if pending_request(ctx.cases.history(case_no)) is not None:
        raise ExtensionAlreadyRequested(
            f"办件 {case_no} 已有待审批的延期申请 (an extension request is already waiting for the head)"
        )
    handlers._require_within_legal_limit(
        case, command["days"], ctx.catalogue.get(case["item_code"]).legal_days
    )
    handlers._require_notice_in_time(ctx, case)
    ctx.record(
        case, REQUESTED, {"days": command["days"], "reason": command["reason"], "requested_by": ctx.actor}
    )
    return case


def decline_extension(case_no: str, command: dict, ctx: Context) -> Case:
    """The window head declines the pending request: ``{"reason": "..."}``.

    Errors: ``CaseNotFound``; ``NoExtensionRequest`` when none is pending.
    """
    case = ctx.cases.get(case_no)
    pending = pending_request(ctx.cases.history(case_no))
    if pending is None:
        raise NoExtensionRequest(f"办件 {case_no} 没有待审批的延期申请 (no extension request is waiting)")
    ctx.record(
        case,
        DECLINED,
        {"reason": command["reason"], "declined_by": ctx.actor, "requested_by": pending.get("requested_by")},
    )
    return case
