"""The notices of a complaint's events (R-COMP-4..8), planned like every other (``rules.plans_for``).

- the answer (投诉处理意见书), the delay notice (投诉延期答复说明, R-COMP-5) and a forwarded
  department's report (投诉处理情况反馈, R-COMP-8) go to the complainant of a written complaint in
  writing: email, else a letter (R-COMP-6); an oral complaint is told by phone, and the office's
  call note is that notice (the answer's and the explanation's call notes are required);
- a forwarded complaint goes to the department's inbox (投诉转办通知, R-COMP-8): the facts, the
  due date and where to report back, never who complained (R-COMP-4);
- a desk item's result, once the owning unit reported it (R-UNRES-2), goes to the reporter
  (办理结果告知书) by SMS, else email; notify reads the contact from complaints for that send.
"""

from __future__ import annotations

from collections.abc import Callable

from notify.notices.rules import (
    COMPLAINANT,
    COMPLAINANT_CHAIN,
    REPORTER,
    REPORTER_CHAIN,
    STAFF,
    STAFF_CHAIN,
    EventData,
    Plan,
)


def _to_complainant(notice_type: str) -> Callable[[EventData], list[Plan]]:
    """The planner of a written notice to the complainant; none for an oral complaint."""

    def plan(data: EventData) -> list[Plan]:
        if data.get("answer_channel") != "written":  # oral: the office's recorded call told them
            return []
        return [
            Plan(
                notice_type,
                COMPLAINANT,
                data["complainant_ref"],
                COMPLAINANT_CHAIN,
                False,
                data,
                case_no=data.get("case_no"),
                complaint_no=data["complaint_no"],
            )
        ]

    return plan


def _complaint_forwarded(data: EventData) -> list[Plan]:
    recipient = f"department:{data['to_department']}"
    return [
        Plan(
            "complaint_forwarded",
            STAFF,
            recipient,
            STAFF_CHAIN,
            True,
            data,
            case_no=data.get("case_no"),
            complaint_no=data["complaint_no"],
        )
    ]


def _desk_item_answered(data: EventData) -> list[Plan]:
    item_no = data["item_no"]
    return [Plan("desk_result", REPORTER, f"desk:{item_no}", REPORTER_CHAIN, False, data, item_no=item_no)]


# notify's code of each of these notices, in its notice number (``rules.CODES`` takes them in)
COMPLAINT_CODES: dict[str, str] = {
    "complaint_answer": "CANS",
    "complaint_delay": "CDLY",
    "complaint_report": "CRPT",
    "complaint_forwarded": "CFWD",
    "desk_result": "DRES",
}

COMPLAINT_PLANNERS: dict[str, Callable[[EventData], list[Plan]]] = {
    "complaints.complaint_answered": _to_complainant("complaint_answer"),
    "complaints.complaint_explained": _to_complainant("complaint_delay"),
    "complaints.complaint_forward_reported": _to_complainant("complaint_report"),
    "complaints.complaint_forwarded": _complaint_forwarded,
    "complaints.desk_item_answered": _desk_item_answered,
}
# the events of complaints notify consumes (``rules.CONSUMED`` takes them in)
COMPLAINT_CONSUMED: tuple[tuple[str, str], ...] = tuple(
    (key.split(".", 1)[0], key.split(".", 1)[1]) for key in COMPLAINT_PLANNERS
)
