"""Taking a complaint to its end: refer (R-COMP-7), answer (R-COMP-6), close (R-SCORE-1), follow up."""

from __future__ import annotations

from complaints.complaint import events, repository, rules
from complaints.complaint.handlers import Context, tracked
from complaints.complaint.repository import add, get_complaint, save_complaint
from complaints.complaint.rules import InvalidComplaint
from complaints.orm import complaint_follow_ups
from complaints.resolution.rules import AlreadyFollowedUp, AlreadyReferred, NotAnswerable, NotReferable


def refer(complaint_no: str, ctx: Context) -> dict:
    """R-COMP-7: discipline to the county commission, crime to the judiciary, once."""
    complaint = tracked(complaint_no, ctx, "移送 (refer)")
    destination = rules.DESTINATIONS.get(complaint["severity"])
    if destination is None:
        raise NotReferable(
            "一般投诉由投诉办办结，不移送 (a simple complaint is closed by the office)",
            {"severity": [complaint["severity"]]},
        )
    if complaint["referred_to"]:
        raise AlreadyReferred("已移送 (already referred)")
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
        raise NotAnswerable("暂不能答复 (the complaint cannot be answered yet)", problems)
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
        raise InvalidComplaint(
            "属实投诉须写明窗口 (a substantiated complaint against staff names the window)",
            {"window": ["missing"]},
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
        raise AlreadyFollowedUp("已回访 (already followed up)")
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
