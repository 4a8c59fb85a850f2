"""The lead window's meetings (联审会, 会签) and joint site inspections (联合踏勘), R-JOINT-5, R-CLOCK-2."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from joint_review.deadlines.rules import pushed_due_date
from joint_review.meetings import events, repository, rules
from joint_review.orm import inspections, meetings
from joint_review.reviews.handlers import record_opinion
from joint_review.reviews.repository import add, get_review, round_tasks
from joint_review.reviews.rules import AlreadyAnswered, InvalidOpinion, TransitionNotAllowed, UnknownReview
from joint_review.unit_of_work import Context


def _in_review(review: dict) -> None:
    if review["status"] != "in_review":
        raise TransitionNotAllowed(
            f"联审 {review['review_id']} 不在审查中 (the review is {review['status']}, not in review)"
        )


def _invalid(problems: dict) -> None:
    if problems:
        raise InvalidOpinion("请求内容有误 (the request has invalid fields)", problems)


def schedule_meeting(review_id: str, at: datetime, place: str, departments: list[str], ctx: Context) -> dict:
    """Convene a joint review meeting of some of the review's departments."""
    review = get_review(ctx.connection, review_id)
    _invalid(rules.department_problems(departments, review["departments"]))
    _in_review(review)
    meeting = {
        "meeting_id": f"MTG-{uuid.uuid4().hex[:12]}",
        "review_id": review_id,
        "round": review["round"],
        "at": at.astimezone(UTC),
        "place": place,
        "departments": departments,
        "scheduled_by": ctx.actor,
        "scheduled_at": ctx.now,
    }
    add(ctx.connection, meetings, **meeting)
    ctx.note(review_id, "meeting_scheduled", meeting_id=meeting["meeting_id"], held_at=at.isoformat())
    ctx.tx.publish(
        "meeting_scheduled", review["case_no"], events.meeting_scheduled(review, meeting, at, ctx.now)
    )
    return meeting


def record_minutes(
    review_id: str, meeting_id: str, entries: list[dict], summary: str | None, ctx: Context
) -> dict:
    """Each department's opinion in the minutes is its answer for the current round; once."""
    review = get_review(ctx.connection, review_id)
    meeting = repository.get_meeting(ctx.connection, review_id, meeting_id)
    if meeting["minutes"] is not None:
        if meeting["minutes"] == entries and meeting["summary"] == summary:
            return meeting  # sent twice: nothing changes
        raise rules.AlreadyMinuted(f"会议 {meeting_id} 已有纪要 (the minutes are already recorded)")
    _in_review(review)
    open_tasks = {t["department"]: t for t in round_tasks(ctx.connection, review_id, review["round"])}
    _invalid(rules.minutes_problems(entries, list(open_tasks)))
    answered = sorted(e["department"] for e in entries if open_tasks[e["department"]]["status"] == "answered")
    if answered:
        raise AlreadyAnswered(
            f"{', '.join(answered)} 本轮已答复 (already answered this round)", {"departments": answered}
        )
    for entry in entries:
        record_opinion(_minutes_command(meeting_id, entry, open_tasks), ctx, rules.MEETING_CHANNEL)
    repository.record_minutes(ctx.connection, meeting_id, entries, summary, ctx.now)
    ctx.note(
        review_id, "meeting_minuted", meeting_id=meeting_id, departments=[e["department"] for e in entries]
    )
    ctx.tx.publish(
        "meeting_minuted", review["case_no"], events.meeting_minuted(review, meeting, entries, ctx.now)
    )
    return {**meeting, "minutes": entries, "summary": summary, "minuted_at": ctx.now}


def _minutes_command(meeting_id: str, entry: dict, open_tasks: dict[str, dict]) -> dict:
    """A department's opinion in the minutes, as the opinion command it stands for."""
    return {
        "opinion_id": rules.minutes_opinion_id(meeting_id, entry["department"]),
        "task_id": open_tasks[entry["department"]]["task_id"],
        "verdict": entry["verdict"],
        "conditions": entry.get("conditions") or [],
        "reason": entry.get("reason"),
        "materials": entry.get("materials") or [],
        "reviewer_id": entry["representative"],
    }


def start_inspection(
    review_id: str, site: str, departments: list[str], starts_on: date | None, ctx: Context
) -> dict:
    """A joint site inspection begins: the review's clock is off until it ends (R-CLOCK-2)."""
    review = get_review(ctx.connection, review_id)
    starts_on = starts_on or ctx.today
    opened_on = ctx.calendar.today(review["opened_at"])
    _invalid(
        {
            **rules.department_problems(departments, review["departments"]),
            **rules.inspection_problems(starts_on, ctx.today, opened_on),
        }
    )
    _in_review(review)
    if repository.running_inspection(ctx.connection, review_id):
        raise rules.InspectionRunning(f"联审 {review_id} 正在踏勘 (an inspection is already running)")
    inspection = {
        "inspection_id": f"INS-{uuid.uuid4().hex[:12]}",
        "review_id": review_id,
        "site": site,
        "departments": departments,
        "starts_on": starts_on,
        "started_by": ctx.actor,
    }
    add(ctx.connection, inspections, **inspection)
    ctx.note(
        review_id, "inspection_started", inspection_id=inspection["inspection_id"], starts_on=str(starts_on)
    )
    ctx.tx.publish(
        "inspection_started", review["case_no"], events.inspection_started(review, inspection, ctx.now)
    )
    return inspection


def end_inspection(review_id: str, inspection_id: str, ends_on: date | None, ctx: Context) -> dict:
    """The inspection ended: each open task's due date moves by the working days it took (R-CLOCK-2)."""
    review = get_review(ctx.connection, review_id)
    inspection = repository.running_inspection(ctx.connection, review_id)
    if inspection is None or inspection["inspection_id"] != inspection_id:
        raise UnknownReview(
            f"联审 {review_id} 没有进行中的踏勘 {inspection_id} (no running inspection {inspection_id})"
        )
    ends_on = ends_on or ctx.today
    _invalid(rules.end_problems(ends_on, inspection["starts_on"], ctx.today))
    moved = _move_due_dates(review_id, inspection["starts_on"], ends_on, ctx)
    repository.end_inspection(ctx.connection, inspection_id, ends_on, ctx.actor)
    days = ctx.calendar.working_days_between(inspection["starts_on"], ends_on)
    ctx.note(
        review_id,
        "inspection_ended",
        inspection_id=inspection_id,
        ends_on=str(ends_on),
        working_days_off=days,
        due_dates=moved,
    )
    ended = {**inspection, "ends_on": ends_on, "working_days_off": days, "due_dates": moved}
    ctx.tx.publish("inspection_ended", review["case_no"], events.inspection_ended(review, ended, ctx.now))
    return ended


def _move_due_dates(review_id: str, starts_on: date, ends_on: date, ctx: Context) -> list[dict]:
    """Each open task's due date, moved by the working days the inspection took off its clock."""
    moved = []
    for task in repository.open_tasks(ctx.connection, review_id):
        assigned_on = ctx.calendar.today(task["assigned_at"])
        due = pushed_due_date(ctx.calendar, task["due_date"], assigned_on, starts_on, ends_on)
        if due != task["due_date"]:
            repository.move_due_date(ctx.connection, task["task_id"], due)
            moved.append(
                {
                    "department": task["department"],
                    "task_id": task["task_id"],
                    "from": task["due_date"].isoformat(),
                    "due_date": due.isoformat(),
                }
            )
    return moved
