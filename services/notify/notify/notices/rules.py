"""Which notices an event calls for, to whom, by which channels, and under which number.
No framework here.

A plan is decided from the event alone (its type and data), so the same event always gives the
same plans: together with the archive's unique key (source event, notice type, recipient) that
makes a redelivered event a no-op.

Audiences and their channels:
- the applicant: a copy in the in-app inbox (read with the case number and the receipt's code)
  and one message outside, SMS first, falling back to email, then to a letter printed at the
  window (``APPLICANT_CHAIN``);
- a complainant (written complaints) and a desk reporter: see ``complaint_plans``;
- staff: the in-app inbox of the reviewer, the lead window's department, the supervision office,
  or the department a complaint is forwarded to (R-COMP-8, without the complainant).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from notify.notices.notice import Notice as Notice  # the archived record, named here too
from refusals import Invalid
from reliable_events import Unprocessable

EventData = dict[str, Any]  # an event's ``data``, as its producer published it

APPLICANT, COMPLAINANT, STAFF, REPORTER = "applicant", "complainant", "staff", "reporter"
APPLICANT_CHAIN = ("sms", "email", "letter")
COMPLAINANT_CHAIN = ("email", "letter")
REPORTER_CHAIN = ("sms", "email")  # a desk reporter left a phone (and maybe an email), no address
STAFF_CHAIN = ()
SUPERVISION = "office:supervision"

# notify's code of each notice type, in its notice number
CODES = {
    "receipt": "RCPT",
    "one_time": "ONCE",
    "supplement": "SUPP",
    "acceptance": "ACPT",
    "return": "RTRN",
    "joint_case": "JOIN",
    "consolidated_supplement": "CSUP",
    "extension": "EXTN",
    "suspension": "SUSP",
    "resumption": "RSUM",
    "forwarding": "FWRD",
    "overdue_explanation": "OVEX",
    "transfer": "TRNS",
    "completion": "DONE",
    "staff_reminder": "REMD",
    "overdue_report": "OVRD",
    "task_assigned": "TASK",
    "meeting_invitation": "MEET",
}


class NoticeDataError(Invalid, Unprocessable):
    """The event lacks what the notice must state; never render half a notice (dead-lettered at once)."""

    code = "notice_data_missing"


@dataclass(frozen=True)
class Plan:
    notice_type: str
    audience: str
    recipient_ref: str
    chain: tuple[str, ...]  # the channels outside the app, in fallback order
    inbox: bool  # also a copy in the recipient's in-app inbox
    data: EventData  # what the template renders
    case_no: str | None = None
    complaint_no: str | None = None
    item_no: str | None = None  # a desk item's (R-UNRES-2)
    needs_catalogue: bool = False  # data is completed with the catalogue item (one-time notice)
    needs_code: bool = False  # data is completed with the receipt's code, read from intake (receipt)


def _applicant(notice_type: str, data: EventData) -> Plan:
    # joint review's events name only the case; intake's name the applicant by reference
    recipient = data.get("applicant_ref") or f"case:{data['case_no']}"
    code = notice_type == "receipt"  # the receipt prints the code, which no event carries
    return Plan(
        notice_type, APPLICANT, recipient, APPLICANT_CHAIN, True, data, data["case_no"], needs_code=code
    )


def _staff(notice_type: str, recipient: str, data: EventData) -> Plan:
    return Plan(notice_type, STAFF, recipient, STAFF_CHAIN, True, data, case_no=data.get("case_no"))


def _due(data: EventData, *names: str) -> list[str]:
    """The notices the producer says are due, among those this event can render."""
    due = data.get("notices_due") or []
    return [name for name in names if name in due]


def _case_accepted(data: EventData) -> list[Plan]:
    # the receipt when the producer lists it: a case accepted at registration; a supplement case
    # got its receipt when it was registered (``supplement_requested``), not a second one now
    return [_applicant(name, data) for name in _due(data, "receipt", "acceptance")]


def _supplement_requested(data: EventData) -> list[Plan]:
    # R-KIND-3 / R-ONCE-1: every missing item at once, and with it everything the item needs;
    # the first round is the registration, whose receipt is due with it
    receipt = [_applicant("receipt", data)] if "receipt" in _due(data, "receipt") else []
    return [
        *receipt,
        _applicant("supplement", data),
        Plan(
            "one_time",
            APPLICANT,
            data["applicant_ref"],
            APPLICANT_CHAIN,
            True,
            {"case_no": data["case_no"], "code": data["item_code"]},
            case_no=data["case_no"],
            needs_catalogue=True,
        ),
    ]


def _enquiry_recorded(data: EventData) -> list[Plan]:  # R-ONCE-2: no inbox (no receipt code to read it)
    facts = {"code": data["item_code"], "enquiry_no": data["enquiry_no"], "department": data["department"]}
    ref, chain = data["applicant_ref"], APPLICANT_CHAIN
    return [Plan("one_time", APPLICANT, ref, chain, False, facts, needs_catalogue=True)]


def _review_task_assigned(data: EventData) -> list[Plan]:  # to its reviewer, else the department's post
    assignee = data.get("assignee")
    recipient = f"reviewer:{assignee['reviewer_id']}" if assignee else f"department:{data['department']}"
    return [_staff("task_assigned", recipient, data)]


def _task_due_soon(data: EventData) -> list[Plan]:  # the lead window urges (R-JOINT-6)
    return [_staff("staff_reminder", f"department:{data['lead_department']}", data)]


def _task_overdue(data: EventData) -> list[Plan]:  # the hall's supervision office (督办)
    return [_staff("overdue_report", SUPERVISION, data)]


def _meeting_scheduled(data: EventData) -> list[Plan]:  # R-JOINT-5: each invited department's inbox
    invited = {code: {**data, "invited_department": code} for code in data["departments"]}
    return [_staff("meeting_invitation", f"department:{code}", one) for code, one in invited.items()]


def _case_due_soon(data: EventData) -> list[Plan]:
    return [_staff("staff_reminder", f"staff:{data['holder_id']}", data)]


def _case_overdue(data: EventData) -> list[Plan]:
    return [
        _staff("overdue_report", SUPERVISION, data),
        _staff("overdue_report", f"staff:{data['holder_id']}", data),
    ]


# the events whose notices need more than the one applicant notice the producer lists as due
PLANNERS: dict[str, Callable[[EventData], list[Plan]]] = {
    "intake.case_accepted": _case_accepted,
    "intake.supplement_requested": _supplement_requested,
    "intake.enquiry_recorded": _enquiry_recorded,
    "joint_review.review_task_assigned": _review_task_assigned,
    "joint_review.task_due_soon": _task_due_soon,
    "joint_review.task_overdue": _task_overdue,
    "joint_review.meeting_scheduled": _meeting_scheduled,
    "intake.case_due_soon": _case_due_soon,
    "intake.case_overdue": _case_overdue,
}

# the notices of complaints' events (R-COMP-5..8, R-UNRES-2): planned in complaint_plans, which
# reads Plan from here
from notify.notices.complaint_plans import COMPLAINT_CODES, COMPLAINT_CONSUMED, COMPLAINT_PLANNERS  # noqa: E402

PLANNERS.update(COMPLAINT_PLANNERS)
CODES.update(COMPLAINT_CODES)


def plans_for(source: str, event_type: str, data: EventData) -> list[Plan]:
    """The notices ``source.event_type`` calls for; an empty list for an event that needs none."""
    key = f"{source}.{event_type}"
    if key in SIMPLE_APPLICANT_NOTICES:
        notice_type = SIMPLE_APPLICANT_NOTICES[key]
        return [_applicant(notice_type, data) for _ in _due(data, notice_type)]
    planner = PLANNERS.get(key)
    return planner(data) if planner else []


# events whose one applicant notice is due when the producer lists it in notices_due
SIMPLE_APPLICANT_NOTICES = {
    "intake.case_returned": "return",
    "intake.case_suspended": "suspension",
    "intake.case_resumed": "resumption",
    "intake.case_extended": "extension",
    "intake.case_completed": "completion",
    "intake.case_escalated": "forwarding",
    "intake.case_overdue_decided": "overdue_explanation",
    "intake.case_transferred": "transfer",
    "joint_review.review_opened": "joint_case",
    "joint_review.supplement_consolidated": "consolidated_supplement",
}

# every event notify consumes: (source service, event type)
CONSUMED = (
    ("intake", "case_accepted"),
    ("intake", "supplement_requested"),
    ("intake", "enquiry_recorded"),
    *(tuple(key.split(".")) for key in SIMPLE_APPLICANT_NOTICES),
    ("joint_review", "review_task_assigned"),
    ("joint_review", "task_due_soon"),
    ("joint_review", "task_overdue"),
    ("joint_review", "meeting_scheduled"),
    ("intake", "case_due_soon"),
    ("intake", "case_overdue"),
    *COMPLAINT_CONSUMED,
)


def notice_no(plan: Plan, source_event_id: str) -> str:
    """The notice's number: stable for one event and recipient, so a redelivery finds it again."""
    subject = plan.complaint_no or plan.item_no or plan.case_no or plan.data.get("enquiry_no") or "HALL"
    digest = hashlib.sha256(f"{source_event_id}|{plan.recipient_ref}".encode()).hexdigest()[:6].upper()
    return f"N-{subject}-{CODES[plan.notice_type]}-{digest}"


def idempotency_key(source_event_id: str, plan: Plan, channel: str) -> str:
    """The delivery's key: source event, notice type, recipient, channel (stable across restarts)."""
    return f"{source_event_id}:{plan.notice_type}:{plan.recipient_ref}:{channel}"


def first_channels(plan: Plan) -> list[str]:
    """Where a notice is first delivered: the inbox copy, and the first channel of its chain."""
    return [*(["inbox"] if plan.inbox else []), *plan.chain[:1]]
