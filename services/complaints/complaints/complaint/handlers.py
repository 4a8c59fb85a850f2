"""Complaints' use cases: file, categorise, explain (R-COMP-1..5); forwarding and resolution have
their own. Each runs in the caller's transaction and publishes through its outbox.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from complaints.case_events.repository import get_case
from complaints.complaint import events, rules
from complaints.complaint.repository import add, get_complaint, note, save_complaint
from complaints.complaint.rules import Settings
from complaints.identity.rules import Seal
from complaints.orm import complaints
from reliable_events import Transaction, as_utc
from web_api.dates import distance_problem
from workday_calendar import WorkingCalendar


@dataclass
class Context:
    tx: Transaction
    calendar: WorkingCalendar
    now: datetime
    actor: str
    seal: Seal
    settings: Settings

    @property
    def connection(self):
        return self.tx.connection

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def note(self, complaint_no: str, action: str, **details) -> None:
        note(self.connection, complaint_no, self.now, action, self.actor, **details)


def new_complaint_no(today: date) -> str:
    tail = base64.b32encode(uuid.uuid4().bytes).decode("ascii")[:8]
    return f"CMP-{today:%Y%m%d}-{tail}"


def file_complaint(command: dict, ctx: Context, field_problems: dict | None = None) -> dict:
    """Record a complaint (R-COMP-3), sealed (R-COMP-4), with its limit (R-COMP-5).

    ``field_problems`` (the request's invalid fields) are reported with the rules' problems.
    """
    written = rules.is_written(command.get("channel", ""), command.get("hotline_written_form", False))
    case = get_case(ctx.connection, command["case_no"]) if command.get("case_no") else None
    check_filing(command, case, written, field_problems or {})
    complaint = new_record(command, case, written, ctx)
    add(ctx.connection, complaints, **complaint)
    complaint_no = complaint["complaint_no"]
    complaint = get_complaint(ctx.connection, complaint_no)
    ctx.note(complaint_no, "filed", channel=complaint["channel"], written=written, kind=complaint["kind"])
    ctx.tx.publish("complaint_filed", complaint_no, events.complaint_filed(complaint))
    ctx.tx.publish(
        "complaint_categorised", complaint_no, events.complaint_categorised(complaint, None, ctx.now)
    )
    return complaint


def check_filing(command: dict, case: dict | None, written: bool, field_problems: dict) -> None:
    """Every reason the filing is refused, at once: its fields, the rules, an unknown case."""
    problems = {**field_problems, **rules.filing_problems(command, written)}
    if command.get("case_no") and case is None:
        problems.setdefault("case_no", []).append(
            f"办件 {command['case_no']} 不存在 (intake has published no case {command['case_no']})"
        )
    if problems:
        refusal = rules.filing_refusal(problems, field_problems)
        raise refusal("投诉登记不完整或不合规 (the complaint cannot be filed as sent)", problems)


def new_record(command: dict, case: dict | None, written: bool, ctx: Context) -> dict:
    """The complaint as recorded (R-COMP-3): sealed (R-COMP-4), with its limit (R-COMP-5)."""
    department = command.get("department") or (case or {})["department"]
    departments = list(dict.fromkeys([department, *command.get("other_departments", [])]))
    consultation = command["category"] == rules.OUTSIDE_SCOPE
    limit = 0 if consultation else rules.limit_days(departments, ctx.settings.multi_department_limit)
    complaint_no = new_complaint_no(ctx.today)
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
        "occurred_at": as_utc(command["occurred_at"]),
        "place": command["place"],
        "case_no": command.get("case_no"),
        "window": command.get("window") or (case or {}).get("window"),
        "department": department,
        "staff_id": command.get("staff_id"),
        "staff_name": command.get("staff_name"),
        "departments": departments,
        "complainant_ref": ctx.seal.pseudonym(complaint_no),
        "identity": ctx.seal.seal(command["complainant"]),
        "status": "consultation" if consultation else "open",
        "limit_days": limit,
        "due_date": ctx.calendar.add_working_days(ctx.today, limit).date,
        "received_at": ctx.now,
        "received_by": ctx.actor,
        "version": 1,
    }


def recategorise(complaint_no: str, category: str, ctx: Context) -> dict:
    complaint = tracked(complaint_no, ctx, "recategorise")
    previous = complaint["category"]
    save_complaint(ctx.connection, complaint_no, complaint["version"], category=category)
    complaint = get_complaint(ctx.connection, complaint_no)
    ctx.note(complaint_no, "categorised", previous=previous, category=category)
    ctx.tx.publish(
        "complaint_categorised", complaint_no, events.complaint_categorised(complaint, previous, ctx.now)
    )
    return complaint


def tracked(complaint_no: str, ctx: Context, action: str, allowed=rules.TRACKED) -> dict:
    complaint = get_complaint(ctx.connection, complaint_no, lock=True)
    if complaint["status"] not in allowed:
        raise rules.TransitionNotAllowed(
            f"投诉当前状态为 {complaint['status']}，不能{action} "
            f"(a {complaint['status']} complaint cannot be: {action})",
            {"status": [complaint["status"]], "allowed": list(allowed)},
        )
    return complaint


NEW_DUE_MAX_DAYS = 366  # an explained delay moves the due date at most a year from today


def explain(complaint_no: str, reason: str, new_due: date | None, ctx: Context) -> dict:
    """R-COMP-5: a limit that cannot be met is explained to the complainant, and tracked on; the new
    due date lies after the old one and at most ``NEW_DUE_MAX_DAYS`` from today (422)."""
    complaint = tracked(complaint_no, ctx, "说明延期 (explain)")
    if new_due is not None and new_due <= complaint["due_date"]:
        raise rules.InvalidComplaint(
            "新的答复日期须晚于原期限 (the new date must be after the current due date)",
            {"new_due_date": [f"after {complaint['due_date'].isoformat()}"]},
        )
    too_far = new_due and distance_problem(new_due, ctx.today, future_days=NEW_DUE_MAX_DAYS)
    if too_far:  # a due date years away would never go overdue
        raise rules.InvalidComplaint(
            "新的答复日期过远 (the new due date is too far away)", {"new_due_date": [too_far]}
        )
    data = events.complaint_explained(complaint, reason, new_due, ctx.now)
    save_complaint(
        ctx.connection,
        complaint_no,
        complaint["version"],
        explanation=reason,
        explained_at=ctx.now,
        due_date=new_due or complaint["due_date"],
    )
    ctx.note(complaint_no, "explained", new_due_date=data["new_due_date"])
    ctx.tx.publish("complaint_explained", complaint_no, data)
    return get_complaint(ctx.connection, complaint_no)
