"""The lead window's meetings (联审会, 会签) and joint site inspections (联合踏勘), R-JOINT-5, R-CLOCK-2."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select, update

from joint_review import deadlines, domain, handlers, meetings, repository
from joint_review.orm import inspections, tasks
from joint_review.orm import meetings as meetings_table


def _review(review: dict) -> dict:
    return {
        "case_no": review["case_no"],
        "review_id": review["review_id"],
        "round": review["round"],
        "lead_department": review["lead_department"],
    }


def _in_review(review: dict) -> None:
    if review["status"] != "in_review":
        raise domain.TransitionNotAllowed(
            f"联审 {review['review_id']} 不在审查中 (the review is {review['status']}, not in review)"
        )


def _invalid(problems: dict) -> None:
    if problems:
        raise domain.InvalidOpinion("请求内容有误 (the request has invalid fields)", problems)


def schedule_meeting(review_id: str, at: datetime, place: str, departments: list[str], ctx) -> dict:
    """Convene a joint review meeting of some of the review's departments."""
    review = repository.get_review(ctx.connection, review_id)
    _invalid(meetings.department_problems(departments, review["departments"]))
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
    repository.add(ctx.connection, meetings_table, **meeting)
    ctx.note(review_id, "meeting_scheduled", meeting_id=meeting["meeting_id"], held_at=at.isoformat())
    ctx.tx.publish(
        "meeting_scheduled",
        review["case_no"],
        {
            **_review(review),
            "meeting_id": meeting["meeting_id"],
            "at": at.isoformat(),
            "place": place,
            "departments": departments,
            "scheduled_at": ctx.now.isoformat(),
        },
    )
    return meeting


def get_meeting(connection, review_id: str, meeting_id: str) -> dict:
    row = (
        connection.execute(
            select(meetings_table).where(
                meetings_table.c.meeting_id == meeting_id, meetings_table.c.review_id == review_id
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise domain.NotFound(f"联审 {review_id} 没有会议 {meeting_id} (no such meeting)")
    return dict(row)


def record_minutes(review_id: str, meeting_id: str, entries: list[dict], summary: str | None, ctx) -> dict:
    """Each department's opinion in the minutes is its answer for the current round; once."""
    review = repository.get_review(ctx.connection, review_id)
    meeting = get_meeting(ctx.connection, review_id, meeting_id)
    if meeting["minutes"] is not None:
        if meeting["minutes"] == entries and meeting["summary"] == summary:
            return meeting  # sent twice: nothing changes
        raise meetings.AlreadyMinuted(f"会议 {meeting_id} 已有纪要 (the minutes are already recorded)")
    _in_review(review)
    open_tasks = {
        t["department"]: t for t in repository.round_tasks(ctx.connection, review_id, review["round"])
    }
    _invalid(meetings.minutes_problems(entries, list(open_tasks)))
    answered = sorted(e["department"] for e in entries if open_tasks[e["department"]]["status"] == "answered")
    if answered:
        raise domain.AlreadyAnswered(
            f"{', '.join(answered)} 本轮已答复 (already answered this round)", {"departments": answered}
        )
    for entry in entries:
        command = {
            "opinion_id": meetings.minutes_opinion_id(meeting_id, entry["department"]),
            "task_id": open_tasks[entry["department"]]["task_id"],
            "verdict": entry["verdict"],
            "conditions": entry.get("conditions") or [],
            "reason": entry.get("reason"),
            "materials": entry.get("materials") or [],
            "reviewer_id": entry["representative"],
        }
        handlers.record_opinion(command, ctx, meetings.MEETING_CHANNEL)
    ctx.connection.execute(
        update(meetings_table)
        .where(meetings_table.c.meeting_id == meeting_id)
        .values(minutes=entries, summary=summary, minuted_at=ctx.now)
    )
    ctx.note(
        review_id, "meeting_minuted", meeting_id=meeting_id, departments=[e["department"] for e in entries]
    )
    ctx.tx.publish(
        "meeting_minuted",
        review["case_no"],
        {
            **_review(review),
            "meeting_id": meeting_id,
            "held_at": _utc(meeting["at"]).isoformat(),
            "opinions": [
                {
                    "department": e["department"],
                    "verdict": e["verdict"],
                    "opinion_id": meetings.minutes_opinion_id(meeting_id, e["department"]),
                    "representative": e["representative"],
                }
                for e in entries
            ],
            "minuted_at": ctx.now.isoformat(),
        },
    )
    return {**meeting, "minutes": entries, "summary": summary, "minuted_at": ctx.now}


def _running(connection, review_id: str) -> dict | None:
    row = (
        connection.execute(
            select(inspections).where(inspections.c.review_id == review_id, inspections.c.ends_on.is_(None))
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def start_inspection(review_id: str, site: str, departments: list[str], starts_on: date | None, ctx) -> dict:
    """A joint site inspection begins: the review's clock is off until it ends (R-CLOCK-2)."""
    review = repository.get_review(ctx.connection, review_id)
    starts_on = starts_on or ctx.today
    opened_on = ctx.calendar.today(_utc(review["opened_at"]))
    _invalid(
        {
            **meetings.department_problems(departments, review["departments"]),
            **meetings.inspection_problems(starts_on, ctx.today, opened_on),
        }
    )
    _in_review(review)
    if _running(ctx.connection, review_id):
        raise meetings.InspectionRunning(f"联审 {review_id} 正在踏勘 (an inspection is already running)")
    inspection = {
        "inspection_id": f"INS-{uuid.uuid4().hex[:12]}",
        "review_id": review_id,
        "site": site,
        "departments": departments,
        "starts_on": starts_on,
        "started_by": ctx.actor,
    }
    repository.add(ctx.connection, inspections, **inspection)
    ctx.note(
        review_id, "inspection_started", inspection_id=inspection["inspection_id"], starts_on=str(starts_on)
    )
    ctx.tx.publish(
        "inspection_started",
        review["case_no"],
        {
            **_review(review),
            "inspection_id": inspection["inspection_id"],
            "site": site,
            "departments": departments,
            "starts_on": starts_on.isoformat(),
            "started_at": ctx.now.isoformat(),
        },
    )
    return inspection


def end_inspection(review_id: str, inspection_id: str, ends_on: date | None, ctx) -> dict:
    """The inspection ended: each open task's due date moves by the working days it took (R-CLOCK-2)."""
    review = repository.get_review(ctx.connection, review_id)
    inspection = _running(ctx.connection, review_id)
    if inspection is None or inspection["inspection_id"] != inspection_id:
        raise domain.NotFound(
            f"联审 {review_id} 没有进行中的踏勘 {inspection_id} (no running inspection {inspection_id})"
        )
    ends_on = ends_on or ctx.today
    _invalid(meetings.end_problems(ends_on, inspection["starts_on"], ctx.today))
    moved = []
    for task in _open_tasks(ctx.connection, review_id):
        assigned_on = ctx.calendar.today(_utc(task["assigned_at"]))
        due = deadlines.pushed_due_date(
            ctx.calendar, task["due_date"], assigned_on, inspection["starts_on"], ends_on
        )
        if due != task["due_date"]:
            ctx.connection.execute(
                update(tasks).where(tasks.c.task_id == task["task_id"]).values(due_date=due)
            )
            moved.append(
                {
                    "department": task["department"],
                    "task_id": task["task_id"],
                    "from": task["due_date"].isoformat(),
                    "due_date": due.isoformat(),
                }
            )
    ctx.connection.execute(
        update(inspections)
        .where(inspections.c.inspection_id == inspection_id)
        .values(ends_on=ends_on, ended_by=ctx.actor)
    )
    days = ctx.calendar.working_days_between(inspection["starts_on"], ends_on)
    ctx.note(
        review_id,
        "inspection_ended",
        inspection_id=inspection_id,
        ends_on=str(ends_on),
        working_days_off=days,
        due_dates=moved,
    )
    ctx.tx.publish(
        "inspection_ended",
        review["case_no"],
        {
            **_review(review),
            "inspection_id": inspection_id,
            "starts_on": inspection["starts_on"].isoformat(),
            "ends_on": ends_on.isoformat(),
            "working_days_off": days,
            "due_dates": [{k: m[k] for k in ("department", "task_id", "due_date")} for m in moved],
            "ended_at": ctx.now.isoformat(),
        },
    )
    return {**inspection, "ends_on": ends_on, "working_days_off": days, "due_dates": moved}


def _open_tasks(connection, review_id: str) -> list[dict]:
    rows = connection.execute(select(tasks).where(tasks.c.review_id == review_id, tasks.c.status == "open"))
    return [dict(row) for row in rows.mappings()]


def _utc(value: datetime) -> datetime:
    """SQLite hands back the stored UTC time without its zone."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
