"""The lead window's meetings (联审会, 会签) and joint site inspections (联合踏勘), R-JOINT-5, R-CLOCK-2.

Use cases ``(command, uow)``; every problem of a request is listed at once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date
from typing import Any

from joint_review.deadlines.rules import pushed_due_date
from joint_review.meetings import events, rules
from joint_review.meetings.rules import Inspection, Meeting
from joint_review.refusals import (
    AlreadyAnswered,
    AlreadyMinuted,
    InspectionRunning,
    InvalidOpinion,
    TransitionNotAllowed,
    UnknownReview,
)
from joint_review.reviews.handlers import record_opinion
from joint_review.reviews.rules import Review, Task
from joint_review.unit_of_work import UnitOfWork


def _in_review(review: Review) -> None:
    if review["status"] != "in_review":
        raise TransitionNotAllowed(
            f"联审 {review['review_id']} 不在审查中 (the review is {review['status']}, not in review)"
        )


def _invalid(problems: dict[str, Any]) -> None:
    if problems:
        raise InvalidOpinion("请求内容有误 (the request has invalid fields)", problems)


def schedule_meeting(command: dict[str, Any], uow: UnitOfWork) -> Meeting:
    """Convene a joint review meeting of some of the review's departments:
    ``{"review_id", "at" (aware), "place", "departments"}``."""
    review = uow.reviews.get(command["review_id"])
    _invalid(rules.department_problems(command["departments"], review["departments"]))
    _in_review(review)
    meeting: Meeting = {
        "meeting_id": f"MTG-{uuid.uuid4().hex[:12]}",
        "review_id": review["review_id"],
        "round": review["round"],
        "at": command["at"].astimezone(UTC),
        "place": command["place"],
        "departments": command["departments"],
        "scheduled_by": uow.actor,
        "scheduled_at": uow.now,
    }
    uow.meetings.add_meeting(meeting)
    uow.note(
        review["review_id"],
        "meeting_scheduled",
        meeting_id=meeting["meeting_id"],
        held_at=command["at"].isoformat(),
    )
    uow.tx.publish(
        "meeting_scheduled",
        review["case_no"],
        events.meeting_scheduled(review, meeting, command["at"], uow.now),
    )
    return meeting


def record_minutes(command: dict[str, Any], uow: UnitOfWork) -> Meeting:
    """Each department's opinion in the minutes is its answer for the current round; once.
    ``{"review_id", "meeting_id", "opinions": [{"department", "verdict", ..., "representative"}],
    "summary"}``."""
    review_id, meeting_id, entries, summary = (
        command[k] for k in ("review_id", "meeting_id", "opinions", "summary")
    )
    review = uow.reviews.get(review_id)
    meeting = uow.meetings.get_meeting(review_id, meeting_id)
    if meeting.get("minutes") is not None:
        if meeting.get("minutes") == entries and meeting.get("summary") == summary:
            return meeting  # sent twice: nothing changes
        raise AlreadyMinuted(f"会议 {meeting_id} 已有纪要 (the minutes are already recorded)")
    _in_review(review)
    open_tasks = {t["department"]: t for t in uow.reviews.round_tasks(review_id, review["round"])}
    _invalid(rules.minutes_problems(entries, list(open_tasks)))
    answered = sorted(e["department"] for e in entries if open_tasks[e["department"]]["status"] == "answered")
    if answered:
        raise AlreadyAnswered(
            f"{', '.join(answered)} 本轮已答复 (already answered this round)", {"departments": answered}
        )
    for entry in entries:
        record_opinion(_minutes_command(meeting_id, entry, open_tasks), uow)
    uow.meetings.record_minutes(meeting_id, entries, summary, uow.now)
    uow.note(
        review_id, "meeting_minuted", meeting_id=meeting_id, departments=[e["department"] for e in entries]
    )
    uow.tx.publish(
        "meeting_minuted", review["case_no"], events.meeting_minuted(review, meeting, entries, uow.now)
    )
    return {**meeting, "minutes": entries, "summary": summary, "minuted_at": uow.now}


def _minutes_command(meeting_id: str, entry: dict[str, Any], open_tasks: dict[str, Task]) -> dict[str, Any]:
    """A department's opinion in the minutes, as the opinion command it stands for."""
    return {
        "opinion_id": rules.minutes_opinion_id(meeting_id, entry["department"]),
        "task_id": open_tasks[entry["department"]]["task_id"],
        "verdict": entry["verdict"],
        "conditions": entry.get("conditions") or [],
        "reason": entry.get("reason"),
        "materials": entry.get("materials") or [],
        "reviewer_id": entry["representative"],
        "channel": rules.MEETING_CHANNEL,
    }


def start_inspection(command: dict[str, Any], uow: UnitOfWork) -> Inspection:
    """A joint site inspection begins (``{"review_id", "site", "departments", "starts_on"}``, today
    by default, ``"expected_working_days"``): the review's clock is off until it ends, and the
    event carries the expected duration intake tells the applicant (R-CLOCK-2)."""
    review = uow.reviews.get(command["review_id"])
    starts_on = command.get("starts_on") or uow.today
    opened_on = uow.calendar.today(review["opened_at"])
    _invalid(
        {
            **rules.department_problems(command["departments"], review["departments"]),
            **rules.inspection_problems(starts_on, uow.today, opened_on),
        }
    )
    _in_review(review)
    if uow.meetings.running_inspection(review["review_id"]):
        raise InspectionRunning(f"联审 {review['review_id']} 正在踏勘 (an inspection is already running)")
    inspection: Inspection = {
        "inspection_id": f"INS-{uuid.uuid4().hex[:12]}",
        "review_id": review["review_id"],
        "site": command["site"],
        "departments": command["departments"],
        "starts_on": starts_on,
        "expected_working_days": command.get("expected_working_days"),
        "started_by": uow.actor,
    }
    uow.meetings.add_inspection(inspection)
    uow.note(
        review["review_id"],
        "inspection_started",
        inspection_id=inspection["inspection_id"],
        starts_on=str(starts_on),
    )
    uow.tx.publish(
        "inspection_started", review["case_no"], events.inspection_started(review, inspection, uow.now)
    )
    return inspection


def end_inspection(command: dict[str, Any], uow: UnitOfWork) -> dict[str, Any]:
    """The inspection ended (``{"review_id", "inspection_id", "ends_on"}``, today by default): each
    open task's due date moves by the working days it took (R-CLOCK-2)."""
    review_id, inspection_id = command["review_id"], command["inspection_id"]
    review = uow.reviews.get(review_id)
    inspection = uow.meetings.running_inspection(review_id)
    if inspection is None or inspection["inspection_id"] != inspection_id:
        raise UnknownReview(
            f"联审 {review_id} 没有进行中的踏勘 {inspection_id} (no running inspection {inspection_id})"
        )
    ends_on = command.get("ends_on") or uow.today
    _invalid(rules.end_problems(ends_on, inspection["starts_on"], uow.today))
    moved = _move_due_dates(review_id, inspection["starts_on"], ends_on, uow)
    uow.meetings.end_inspection(inspection_id, ends_on, uow.actor)
    days = uow.calendar.working_days_between(inspection["starts_on"], ends_on)
    uow.note(
        review_id,
        "inspection_ended",
        inspection_id=inspection_id,
        ends_on=str(ends_on),
        working_days_off=days,
        due_dates=moved,
    )
    ended = {**inspection, "ends_on": ends_on, "working_days_off": days, "due_dates": moved}
    uow.tx.publish("inspection_ended", review["case_no"], events.inspection_ended(review, ended, uow.now))
    return ended


def _move_due_dates(review_id: str, starts_on: date, ends_on: date, uow: UnitOfWork) -> list[dict[str, str]]:
    """Each open task's due date, moved by the working days the inspection took off its clock."""
    moved = []
    for task in uow.meetings.open_tasks(review_id):
        assigned_on = uow.calendar.today(task["assigned_at"])
        due = pushed_due_date(uow.calendar, task["due_date"], assigned_on, starts_on, ends_on)
        if due != task["due_date"]:
            uow.meetings.move_due_date(task["task_id"], due)
            moved.append(
                {
                    "department": task["department"],
                    "task_id": task["task_id"],
                    "from": task["due_date"].isoformat(),
                    "due_date": due.isoformat(),
                }
            )
    return moved
