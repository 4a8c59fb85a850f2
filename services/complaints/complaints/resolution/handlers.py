"""Taking a complaint to its end: refer (R-COMP-7), answer (R-COMP-6), close (R-SCORE-1), follow up."""

from __future__ import annotations

from typing import Any

from complaints.complaint import events, rules
from complaints.complaint.handlers import tracked
from complaints.complaint.rules import Complaint, InvalidComplaint
from complaints.resolution.rules import AlreadyFollowedUp, AlreadyReferred, NotAnswerable, NotReferable
from complaints.unit_of_work import UnitOfWork


def refer(command: dict[str, Any], uow: UnitOfWork) -> Complaint:
    """R-COMP-7: ``{"complaint_no": ...}``: discipline to the county commission, crime to the
    judiciary, once."""
    complaint_no = command["complaint_no"]
    complaint = tracked(complaint_no, uow, "移送 (refer)")
    destination = rules.DESTINATIONS.get(complaint["severity"])
    if destination is None:
        raise NotReferable(
            "一般投诉由投诉办办结，不移送 (a simple complaint is closed by the office)",
            {"severity": [complaint["severity"]]},
        )
    if complaint["referred_to"]:
        raise AlreadyReferred("已移送 (already referred)")
    uow.complaints.save(complaint_no, complaint["version"], referred_to=destination, referred_at=uow.now)
    complaint = uow.complaints.get(complaint_no)
    uow.note(complaint_no, "referred", destination=destination)
    uow.tx.publish("complaint_referred", complaint_no, events.complaint_referred(complaint))
    return complaint


def answer_problems(
    complaint: Complaint, command: dict[str, Any], open_forwards: list[str], past_limit: bool
) -> dict:
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


def answer(command: dict[str, Any], uow: UnitOfWork) -> Complaint:
    """R-COMP-6: written gets a written answer (through notify), oral a recorded call:
    ``{"complaint_no", "findings", "decision", "call_note"}``."""
    complaint_no = command["complaint_no"]
    complaint = tracked(complaint_no, uow, "答复 (answer)", rules.ANSWERABLE)
    still_open = [
        row["department"] for row in uow.complaints.forwards(complaint_no) if row["status"] == "open"
    ]
    problems = answer_problems(
        complaint, command, still_open, uow.now > uow.calendar.closes_at(complaint["due_date"])
    )
    if problems:
        raise NotAnswerable("暂不能答复 (the complaint cannot be answered yet)", problems)
    call_note = command.get("call_note")
    if call_note:
        call_note = {**call_note, "called_at": call_note["called_at"].isoformat()}
    uow.complaints.save(
        complaint_no,
        complaint["version"],
        status="answered",
        answer_channel=rules.answer_channel(complaint["written"]),
        findings=command["findings"],
        decision=command["decision"],
        call_note=call_note,
        answered_at=uow.now,
        answered_by=uow.actor,
    )
    complaint = uow.complaints.get(complaint_no)
    uow.note(complaint_no, "answered", answer_channel=complaint["answer_channel"])
    uow.tx.publish(
        "complaint_answered",
        complaint_no,
        events.complaint_answered(complaint, uow.settings.office, uow.today),
    )
    return complaint


def close(command: dict[str, Any], uow: UnitOfWork) -> Complaint:
    """The office closes an answered complaint: ``{"complaint_no", "substantiated",
    "deduction_points"}``; substantiated against a staff member -> R-SCORE-1."""
    complaint_no = command["complaint_no"]
    complaint = tracked(complaint_no, uow, "办结 (close)", ("answered",))
    substantiated = command["substantiated"]
    if substantiated and complaint["staff_id"] and not complaint["window"]:
        raise InvalidComplaint(
            "属实投诉须写明窗口 (a substantiated complaint against staff names the window)",
            {"window": ["missing"]},
        )
    points = (
        command.get("deduction_points", events.DEDUCTIONS[complaint["category"] or ""])
        if substantiated
        else None
    )
    uow.complaints.save(
        complaint_no,
        complaint["version"],
        status="closed",
        substantiated=substantiated,
        deduction_points=points,
        closed_at=uow.now,
        closed_by=uow.actor,
    )
    complaint = uow.complaints.get(complaint_no)
    answered = complaint["answered_at"]  # set: only an answered complaint is closed
    on_time = answered is not None and uow.calendar.today(answered) <= complaint["due_date"]
    uow.note(complaint_no, "closed", substantiated=substantiated, on_time=on_time)
    uow.tx.publish("complaint_closed", complaint_no, events.complaint_closed(complaint, on_time))
    if substantiated and complaint["staff_id"]:
        uow.tx.publish("complaint_substantiated", complaint_no, events.complaint_substantiated(complaint))
    return complaint


def follow_up(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """回访: every closed complaint gets one follow-up with the complainant's satisfaction:
    ``{"complaint_no", "satisfaction", "note"}``."""
    complaint_no = command["complaint_no"]
    complaint = tracked(complaint_no, uow, "回访 (follow up)", ("closed",))
    if uow.complaints.follow_up(complaint_no):
        raise AlreadyFollowedUp("已回访 (already followed up)")
    row = {
        "complaint_no": complaint_no,
        "satisfaction": command["satisfaction"],
        "note": command.get("note"),
        "followed_up_at": uow.now,
        "followed_up_by": uow.actor,
    }
    uow.complaints.add_follow_up(row)
    uow.note(complaint_no, "followed_up", satisfaction=row["satisfaction"])
    uow.tx.publish("complaint_followed_up", complaint_no, events.complaint_followed_up(complaint, row))
    return row
