"""Complaints' use cases: file, categorise, explain (R-COMP-1..5); forwarding and resolution have
their own. Each runs in the caller's transaction and publishes through its outbox.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date
from typing import Any

from complaints.case_events.rules import Case
from complaints.complaint import events, rules
from complaints.complaint.rules import Complaint
from complaints.unit_of_work import UnitOfWork
from web_api.dates import distance_problem


def new_complaint_no(today: date) -> str:
    tail = base64.b32encode(uuid.uuid4().bytes).decode("ascii")[:8]
    return f"CMP-{today:%Y%m%d}-{tail}"


def file_complaint(command: dict[str, Any], uow: UnitOfWork, field_problems: dict | None = None) -> Complaint:
    """Record a complaint (R-COMP-3), sealed (R-COMP-4), with its limit (R-COMP-5).

    ``field_problems`` (the request's invalid fields) are reported with the rules' problems.
    """
    written = rules.is_written(command.get("channel", ""), command.get("hotline_written_form", False))
    case = uow.cases.get(command["case_no"]) if command.get("case_no") else None
    check_filing(command, case, written, field_problems or {})
    complaint = new_record(command, case, written, uow)
    uow.complaints.add(complaint)
    complaint_no = complaint["complaint_no"]
    complaint = uow.complaints.get(complaint_no)
    uow.note(complaint_no, "filed", channel=complaint["channel"], written=written, kind=complaint["kind"])
    uow.tx.publish("complaint_filed", complaint_no, events.complaint_filed(complaint))
    uow.tx.publish(
        "complaint_categorised", complaint_no, events.complaint_categorised(complaint, None, uow.now)
    )
    return complaint


def check_filing(command: dict[str, Any], case: Case | None, written: bool, field_problems: dict) -> None:
    """Every reason the filing is refused, at once: its fields, the rules, an unknown case."""
    problems = {**field_problems, **rules.filing_problems(command, written)}
    if command.get("case_no") and case is None:
        problems.setdefault("case_no", []).append(
            f"办件 {command['case_no']} 不存在 (intake has published no case {command['case_no']})"
        )
    if problems:
        refusal = rules.filing_refusal(problems, field_problems)
        raise refusal("投诉登记不完整或不合规 (the complaint cannot be filed as sent)", problems)


def new_record(command: dict[str, Any], case: Case | None, written: bool, uow: UnitOfWork) -> Complaint:
    """The complaint as recorded (R-COMP-3): sealed (R-COMP-4), with its limit (R-COMP-5)."""
    department = command.get("department") or (case["department"] if case else None)
    departments = list(dict.fromkeys([department, *command.get("other_departments", [])]))
    consultation = command["category"] == rules.OUTSIDE_SCOPE
    limit = 0 if consultation else rules.limit_days(departments, uow.settings.multi_department_limit)
    complaint_no = new_complaint_no(uow.today)
    return {
        "complaint_no": complaint_no,
        "kind": "consultation" if consultation else "complaint",
        "channel": command["channel"],
        "written": written,
        "major": command.get("major", False),
        "wide_impact": command.get("wide_impact", False),
        "category": None if consultation else command["category"],
        "suggested_categories": rules.suggested_categories(case),
        "consultation_reason": command.get("outside_scope_reason") if consultation else None,
        "severity": command.get("severity", "simple"),
        "matter": command["matter"],
        "occurred_at": command["occurred_at"].astimezone(UTC),  # AwareMoment: aware
        "place": command["place"],
        "case_no": command.get("case_no"),
        "window": command.get("window") or (case["window"] if case else None),
        "department": department,
        "staff_id": command.get("staff_id"),
        "staff_name": command.get("staff_name"),
        "departments": departments,
        "complainant_ref": uow.seal.pseudonym(complaint_no),
        "identity": uow.seal.seal(command["complainant"]),
        "status": "consultation" if consultation else "open",
        "limit_days": limit,
        "due_date": uow.calendar.add_working_days(uow.today, limit).date,
        "received_at": uow.now,
        "received_by": uow.actor,
        "version": 1,
    }


def recategorise(command: dict[str, Any], uow: UnitOfWork) -> Complaint:
    """R-COMP-2: ``{"complaint_no": ..., "category": "late"}`` while the complaint is tracked."""
    complaint_no, category = command["complaint_no"], command["category"]
    complaint = tracked(complaint_no, uow, "recategorise")
    previous = complaint["category"]
    uow.complaints.save(complaint_no, complaint["version"], category=category)
    complaint = uow.complaints.get(complaint_no)
    uow.note(complaint_no, "categorised", previous=previous, category=category)
    uow.tx.publish(
        "complaint_categorised", complaint_no, events.complaint_categorised(complaint, previous, uow.now)
    )
    return complaint


def tracked(
    complaint_no: str, uow: UnitOfWork, action: str, allowed: tuple[str, ...] = rules.TRACKED
) -> Complaint:
    """The complaint, locked, if ``action`` is allowed in its status (else ``TransitionNotAllowed``)."""
    complaint = uow.complaints.get(complaint_no, lock=True)
    if complaint["status"] not in allowed:
        raise rules.TransitionNotAllowed(
            f"投诉当前状态为 {complaint['status']}，不能{action} "
            f"(a {complaint['status']} complaint cannot be: {action})",
            {"status": [complaint["status"]], "allowed": list(allowed)},
        )
    return complaint


NEW_DUE_MAX_DAYS = 366  # an explained delay moves the due date at most a year from today


def explain(command: dict[str, Any], uow: UnitOfWork) -> Complaint:
    """R-COMP-5: a limit that cannot be met is explained to the complainant, and tracked on:
    ``{"complaint_no", "reason", "new_due_date", "call_note"}``; the new due date lies after the old
    one and at most ``NEW_DUE_MAX_DAYS`` from today (422). A written complaint is told in writing
    (notify's delay notice from ``complaint_explained``), an oral one by phone: its call note is
    required (R-COMP-6). Open forwards move to the new date with the complaint."""
    complaint_no, reason, new_due = command["complaint_no"], command["reason"], command["new_due_date"]
    complaint = tracked(complaint_no, uow, "说明延期 (explain)")
    check_explanation(complaint, command, uow)
    data = events.complaint_explained(complaint, reason, new_due, uow.now, uow.settings.office)
    uow.complaints.save(
        complaint_no,
        complaint["version"],
        explanation=reason,
        explained_at=uow.now,
        due_date=new_due or complaint["due_date"],
    )
    if new_due:
        uow.complaints.move_open_forwards(complaint_no, new_due)
    call_note = command.get("call_note")
    told = {"call_note": {**call_note, "called_at": call_note["called_at"].isoformat()}} if call_note else {}
    uow.note(complaint_no, "explained", new_due_date=data["new_due_date"], **told)
    uow.tx.publish("complaint_explained", complaint_no, data)
    return uow.complaints.get(complaint_no)


def check_explanation(complaint: Complaint, command: dict[str, Any], uow: UnitOfWork) -> None:
    """Every reason the explanation is refused (422), at once."""
    new_due = command["new_due_date"]
    problems: dict[str, list[str]] = {}
    if new_due is not None and new_due <= complaint["due_date"]:
        problems["new_due_date"] = [
            f"新的答复日期须晚于原期限 {complaint['due_date'].isoformat()} "
            f"(the new date must be after {complaint['due_date'].isoformat()})"
        ]
    too_far = new_due and distance_problem(new_due, uow.today, future_days=NEW_DUE_MAX_DAYS)
    if too_far:  # a due date years away would never go overdue
        problems["new_due_date"] = [f"新的答复日期过远 (the new due date is too far away): {too_far}"]
    if not complaint["written"] and not command.get("call_note"):
        problems["call_note"] = [
            "口头投诉须电话说明延期原因并记录通话 (an oral complaint is told by phone: record the call)"
        ]
    if problems:
        raise rules.InvalidComplaint("延期说明有误 (the explanation cannot be recorded as sent)", problems)
