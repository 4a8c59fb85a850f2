"""Complaints' use cases: file, categorise, forward, report back, explain, refer, answer, close,
follow up (R-COMP-1..8). Each runs in the caller's transaction and publishes through its outbox.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from complaints import complaint_events as events
from complaints import complaint_repository as repository
from complaints import rules
from complaints.complaint_repository import ComplaintError, add, get_case, get_complaint, note, save_complaint
from complaints.complaint_tables import complaint_follow_ups, complaint_forwards, complaints
from complaints.identity import Seal
from reliable_events import Transaction
from web_api.dates import distance_problem
from workday_calendar import WorkingCalendar


@dataclass
class Settings:
    multi_department_limit: int = rules.DEFAULT_MULTI_DEPARTMENT_LIMIT_DAYS
    office: dict = field(default_factory=lambda: {"name": "便民服务中心投诉办", "phone": "0571-12345"})


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
    problems = {**(field_problems or {}), **rules.filing_problems(command, written)}
    case = get_case(ctx.connection, command["case_no"]) if command.get("case_no") else None
    if command.get("case_no") and case is None:
        problems.setdefault("case_no", []).append(
            f"办件 {command['case_no']} 不存在 (intake has published no case {command['case_no']})"
        )
    if problems:
        unknown_case = list(problems) == ["case_no"] and not field_problems
        raise ComplaintError(
            "投诉登记不完整或不合规 (the complaint cannot be filed as sent)",
            problems,
            status=404 if unknown_case else 422,
            code="unknown_case" if unknown_case else refusal_code(problems),
        )
    department = command.get("department") or case["department"]
    departments = list(dict.fromkeys([department, *command.get("other_departments", [])]))
    consultation = command["category"] == rules.OUTSIDE_SCOPE
    limit = 0 if consultation else rules.limit_days(departments, ctx.settings.multi_department_limit)
    complaint_no = new_complaint_no(ctx.today)
    complaint = {
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
        "occurred_at": repository.utc(command["occurred_at"]),
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
    add(ctx.connection, complaints, **complaint)
    complaint = get_complaint(ctx.connection, complaint_no)
    ctx.note(complaint_no, "filed", channel=complaint["channel"], written=written, kind=complaint["kind"])
    ctx.tx.publish("complaint_filed", complaint_no, events.complaint_filed(complaint))
    ctx.tx.publish(
        "complaint_categorised", complaint_no, events.complaint_categorised(complaint, None, ctx.now)
    )
    return complaint


def refusal_code(problems: dict) -> str:
    return "written_form_required" if "written_form" in problems else "validation_failed"


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
        raise ComplaintError(
            f"投诉当前状态为 {complaint['status']}，不能{action} "
            f"(a {complaint['status']} complaint cannot be: {action})",
            {"status": [complaint["status"]], "allowed": list(allowed)},
            status=409,
            code="transition_not_allowed",
        )
    return complaint


def forward(complaint_no: str, departments: list[str], ctx: Context) -> list[dict]:
    """R-COMP-8: each department answers within the complaint's limit and reports back."""
    complaint = tracked(complaint_no, ctx, "转办 (forward)")
    already = {row["department"] for row in repository.forwards(ctx.connection, complaint_no)}
    again = [department for department in departments if department in already]
    if again:
        raise ComplaintError(
            "已转办过这些部门 (already forwarded to these departments)",
            {"departments": again},
            status=409,
            code="already_forwarded",
        )
    involved = list(dict.fromkeys([*complaint["departments"], *departments]))
    limit = max(complaint["limit_days"], rules.limit_days(involved, ctx.settings.multi_department_limit))
    due = max(
        complaint["due_date"],
        ctx.calendar.add_working_days(ctx.calendar.today(complaint["received_at"]), limit).date,
    )
    save_complaint(
        ctx.connection,
        complaint_no,
        complaint["version"],
        status="forwarded",
        departments=involved,
        limit_days=limit,
        due_date=due,
    )
    complaint = get_complaint(ctx.connection, complaint_no)
    made = []
    for department in departments:
        row = {
            "complaint_no": complaint_no,
            "department": department,
            "forwarded_at": ctx.now,
            "forwarded_by": ctx.actor,
            "due_date": due,
            "status": "open",
        }
        add(ctx.connection, complaint_forwards, **row)
        ctx.note(complaint_no, "forwarded", department=department, due_date=due.isoformat())
        ctx.tx.publish("complaint_forwarded", complaint_no, events.complaint_forwarded(complaint, row))
        made.append(row)
    return made


def report_back(
    complaint_no: str, department: str, report: str, ctx: Context, caller_department: str | None = None
) -> dict:
    """R-COMP-8 and R-COMP-4: the competent department reports back, or the office for it; never
    the accused's own department (``caller_department``: None for the complaints office)."""
    complaint = tracked(complaint_no, ctx, "回复转办 (report back)")
    if caller_department is not None and caller_department == complaint["department"]:
        raise ComplaintError(
            "被投诉部门不能报送本投诉的处理结果，请由投诉办或其他主管部门报送 "
            "(the accused's own department may not file this report: the complaints office or "
            "another competent department does)",
            {"department": [caller_department]},
            status=403,
            code="forbidden",
        )
    row = repository.get_forward(ctx.connection, complaint_no, department)
    if row["status"] != "open":
        raise ComplaintError(
            "该部门已回复 (this department already reported back)", status=409, code="already_reported"
        )
    ctx.connection.execute(
        complaint_forwards.update()
        .where(
            complaint_forwards.c.complaint_no == complaint_no, complaint_forwards.c.department == department
        )
        .values(status="reported", report=report, reported_at=ctx.now, reported_by=ctx.actor)
    )
    ctx.note(complaint_no, "reported_back", department=department, on_time=ctx.today <= row["due_date"])
    return {**row, "status": "reported", "report": report, "reported_at": ctx.now, "reported_by": ctx.actor}


NEW_DUE_MAX_DAYS = 366  # an explained delay moves the due date at most a year from today


def explain(complaint_no: str, reason: str, new_due: date | None, ctx: Context) -> dict:
    """R-COMP-5: a limit that cannot be met is explained to the complainant, and tracked on; the new
    due date lies after the old one and at most ``NEW_DUE_MAX_DAYS`` from today (422)."""
    complaint = tracked(complaint_no, ctx, "说明延期 (explain)")
    if new_due is not None and new_due <= complaint["due_date"]:
        raise ComplaintError(
            "新的答复日期须晚于原期限 (the new date must be after the current due date)",
            {"new_due_date": [f"after {complaint['due_date'].isoformat()}"]},
        )
    too_far = new_due and distance_problem(new_due, ctx.today, future_days=NEW_DUE_MAX_DAYS)
    if too_far:  # a due date years away would never go overdue
        raise ComplaintError(
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


def refer(complaint_no: str, ctx: Context) -> dict:
    """R-COMP-7: discipline to the county commission, crime to the judiciary, once."""
    complaint = tracked(complaint_no, ctx, "移送 (refer)")
    destination = rules.DESTINATIONS.get(complaint["severity"])
    if destination is None:
        raise ComplaintError(
            "一般投诉由投诉办办结，不移送 (a simple complaint is closed by the office)",
            {"severity": [complaint["severity"]]},
            status=409,
            code="not_referable",
        )
    if complaint["referred_to"]:
        raise ComplaintError("已移送 (already referred)", status=409, code="already_referred")
    save_complaint(
        ctx.connection, complaint_no, complaint["version"], referred_to=destination, referred_at=ctx.now
    )
    complaint = get_complaint(ctx.connection, complaint_no)
    ctx.note(complaint_no, "referred", destination=destination)
    ctx.tx.publish("complaint_referred", complaint_no, events.complaint_referred(complaint))
    return complaint


def answer_problems(complaint: dict, command: dict, open_forwards: list[str], past_limit: bool) -> dict:
    problems: dict[str, list[str]] = {}
    if not complaint["written"] and not command.get("call_note"):
        problems.setdefault("call_note", []).append(
            "口头投诉须口头答复并记录通话 (an oral complaint is answered orally: record the call note)"
        )
    if open_forwards:
        problems.setdefault("forwards", []).extend(
            f"{department} 尚未回复 (has not reported back)" for department in open_forwards
        )
    if complaint["severity"] != "simple" and not complaint["referred_to"]:
        problems.setdefault("severity", []).append(
            "违纪、违法线索须先移送 (refer a discipline or crime complaint before answering)"
        )
    if past_limit and not complaint["explained_at"]:
        problems.setdefault("explanation", []).append(
            "已超期，须先向投诉人说明原因 (the limit passed: explain the delay to the complainant first)"
        )
    return problems


def answer(complaint_no: str, command: dict, ctx: Context) -> dict:
    """R-COMP-6: written gets a written answer (through notify), oral a recorded call."""
    complaint = tracked(complaint_no, ctx, "答复 (answer)", rules.ANSWERABLE)
    still_open = [
        row["department"]
        for row in repository.forwards(ctx.connection, complaint_no)
        if row["status"] == "open"
    ]
    problems = answer_problems(
        complaint, command, still_open, ctx.now > ctx.calendar.closes_at(complaint["due_date"])
    )
    if problems:
        raise ComplaintError(
            "暂不能答复 (the complaint cannot be answered yet)", problems, status=409, code="not_answerable"
        )
    call_note = command.get("call_note")
    if call_note:
        call_note = {**call_note, "called_at": call_note["called_at"].isoformat()}
    save_complaint(
        ctx.connection,
        complaint_no,
        complaint["version"],
        status="answered",
        answer_channel=rules.answer_channel(complaint["written"]),
        findings=command["findings"],
        decision=command["decision"],
        call_note=call_note,
        answered_at=ctx.now,
        answered_by=ctx.actor,
    )
    complaint = get_complaint(ctx.connection, complaint_no)
    ctx.note(complaint_no, "answered", answer_channel=complaint["answer_channel"])
    ctx.tx.publish(
        "complaint_answered",
        complaint_no,
        events.complaint_answered(complaint, ctx.settings.office, ctx.today),
    )
    return complaint


def close(complaint_no: str, command: dict, ctx: Context) -> dict:
    """The office closes an answered complaint; substantiated against a staff member -> R-SCORE-1."""
    complaint = tracked(complaint_no, ctx, "办结 (close)", ("answered",))
    substantiated = command["substantiated"]
    if substantiated and complaint["staff_id"] and not complaint["window"]:
        raise ComplaintError(
            "属实投诉须写明窗口 (a substantiated complaint against staff names the window)",
            {"window": ["missing"]},
            code="validation_failed",
        )
    points = (
        command.get("deduction_points", events.DEDUCTIONS[complaint["category"]]) if substantiated else None
    )
    save_complaint(
        ctx.connection,
        complaint_no,
        complaint["version"],
        status="closed",
        substantiated=substantiated,
        deduction_points=points,
        closed_at=ctx.now,
        closed_by=ctx.actor,
    )
    complaint = get_complaint(ctx.connection, complaint_no)
    on_time = ctx.calendar.today(complaint["answered_at"]) <= complaint["due_date"]
    ctx.note(complaint_no, "closed", substantiated=substantiated, on_time=on_time)
    ctx.tx.publish("complaint_closed", complaint_no, events.complaint_closed(complaint, on_time))
    if substantiated and complaint["staff_id"]:
        ctx.tx.publish("complaint_substantiated", complaint_no, events.complaint_substantiated(complaint))
    return complaint


def follow_up(complaint_no: str, command: dict, ctx: Context) -> dict:
    """回访: every closed complaint gets one follow-up with the complainant's satisfaction."""
    complaint = tracked(complaint_no, ctx, "回访 (follow up)", ("closed",))
    if repository.follow_up(ctx.connection, complaint_no):
        raise ComplaintError("已回访 (already followed up)", status=409, code="already_followed_up")
    row = {
        "complaint_no": complaint_no,
        "satisfaction": command["satisfaction"],
        "note": command.get("note"),
        "followed_up_at": ctx.now,
        "followed_up_by": ctx.actor,
    }
    add(ctx.connection, complaint_follow_ups, **row)
    ctx.note(complaint_no, "followed_up", satisfaction=row["satisfaction"])
    ctx.tx.publish("complaint_followed_up", complaint_no, events.complaint_followed_up(complaint, row))
    return row
