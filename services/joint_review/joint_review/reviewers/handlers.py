"""Use cases of the A/B reviewers (R-JOINT-7, R-AB-1): plain functions, dependencies as parameters.

Each department has a primary (A) and a backup (B) reviewer. Leave is refused when the other one
is away on any of its days; leave that covers today moves the absent reviewer's open tasks to the
other one at once, so a task is never stuck with an absent person.
"""

from __future__ import annotations

from sqlalchemy import select, update

from joint_review.orm import department_reviewers, reviewer_leaves, tasks
from joint_review.reviewers import repository, rules
from joint_review.reviewers.events import task_reassigned
from joint_review.reviews.repository import add, find_opinion, get_review, get_task
from joint_review.reviews.rules import InvalidOpinion, UnknownReview
from joint_review.unit_of_work import Context
from web_api.dates import distance_problem

# as intake's staff leave: recorded up to 30 days late, planned up to a year ahead, a year long at most
LEAVE_PAST_DAYS, LEAVE_FUTURE_DAYS, MAX_LEAVE_DAYS = 30, 366, 366


def set_reviewers(department: str, command: dict, ctx: Context) -> tuple[dict, bool]:
    """R-AB-1: the department's A and B (two different people); True when the department is new.

    ``{"primary": {"reviewer_id": "R21", "name": "陈刚"}, "backup": {"reviewer_id": "R22", "name": "李娜"}}``
    Errors: ``InvalidOpinion`` (422) when A and B are the same person.
    """
    primary, backup = command["primary"], command["backup"]
    problems = rules.roster_problems(primary["reviewer_id"], backup["reviewer_id"])
    if problems:
        raise InvalidOpinion("A/B角设置有误 (the reviewers are invalid)", problems)
    roster = {
        "department": department,
        "primary_id": primary["reviewer_id"],
        "primary_name": primary["name"],
        "backup_id": backup["reviewer_id"],
        "backup_name": backup["name"],
        "updated_at": ctx.now,
        "updated_by": ctx.actor,
    }
    created = repository.roster_of(ctx.connection, department) is None
    if created:
        add(ctx.connection, department_reviewers, **roster)
    else:
        ctx.connection.execute(
            update(department_reviewers)
            .where(department_reviewers.c.department == department)
            .values(**roster)
        )
    return roster, created


def record_leave(reviewer_id: str, command: dict, ctx: Context) -> tuple[dict, list[str]]:
    """Record leave unless the other reviewer of one of the reviewer's departments is away on any of
    its days (409 ``backup_unavailable``, R-AB-1); returns the leave and the task ids moved.

    Errors: 404 (not a registered reviewer), 409, 422 (every problem of the period).
    """
    starts_on, ends_on = command["starts_on"], command["ends_on"]
    problems = rules.leave_problems(starts_on, ends_on)
    problems = problems or leave_date_problems(starts_on, ends_on, ctx.today)
    if problems:
        raise InvalidOpinion("请假内容有误 (the leave is invalid)", problems)
    rosters = repository.rosters_with(ctx.connection, reviewer_id, lock=True)
    if not rosters:
        raise UnknownReview(f"{reviewer_id} 不是任何部门的A/B角审查员 (not a registered reviewer)")
    partners = {rules.partner_of(roster, reviewer_id)[0] for roster in rosters}
    away = repository.leaves_between(ctx.connection, partners, starts_on, ends_on)
    rules.refuse_leave(rules.clashes(reviewer_id, starts_on, ends_on, rosters, away))
    leave = {
        "reviewer_id": reviewer_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "reason": command["reason"],
        "recorded_at": ctx.now,
        "recorded_by": ctx.actor,
    }
    result = ctx.connection.execute(reviewer_leaves.insert().values(**leave))
    leave["leave_id"] = result.inserted_primary_key[0]
    moved = hand_over(reviewer_id, ctx) if starts_on <= ctx.today <= ends_on else []
    return leave, moved


def leave_date_problems(starts_on, ends_on, today) -> dict[str, list[str]]:
    """A leave from years ago would move the reviewer's open tasks at once (issue 12 point 10)."""
    problems = {}
    far = distance_problem(starts_on, today, past_days=LEAVE_PAST_DAYS, future_days=LEAVE_FUTURE_DAYS)
    if far:
        problems["starts_on"] = [far]
    if (ends_on - starts_on).days + 1 > MAX_LEAVE_DAYS:
        problems["ends_on"] = [
            f"请假期间最长 {MAX_LEAVE_DAYS} 天 (a leave lasts at most {MAX_LEAVE_DAYS} days)"
        ]
    return problems


def hand_over(reviewer_id: str, ctx: Context) -> list[str]:
    """R-JOINT-7: the absent reviewer's open tasks go to whoever is in place for their department."""
    held = ctx.connection.execute(
        select(tasks.c.task_id, tasks.c.review_id)
        .where(tasks.c.assignee_id == reviewer_id, tasks.c.status == "open")
        .order_by(tasks.c.task_id)
    ).all()
    moved = []
    for task_id, review_id in held:
        review = get_review(ctx.connection, review_id)  # opinions take this lock first too
        task = get_task(ctx.connection, task_id)
        to = repository.assignee_for(ctx.connection, task["department"], ctx.today)
        if task["status"] != "open" or to is None or to.reviewer_id == reviewer_id:
            continue
        ctx.connection.execute(
            update(tasks)
            .where(tasks.c.task_id == task_id, tasks.c.status == "open")
            .values(assignee_id=to.reviewer_id, assignee_role=to.role)
        )
        before = {"reviewer_id": reviewer_id, "role": task["assignee_role"]}
        ctx.note(
            review_id,
            "task_reassigned",
            department=task["department"],
            task_id=task_id,
            reason="leave",
            **{"from": before, "to": to.as_dict()},
        )
        ctx.tx.publish(
            "task_reassigned",
            review["case_no"],
            task_reassigned(review, task, before, to.as_dict(), ctx.now),
        )
        moved.append(task_id)
    return moved


def hand_over_absent(ctx: Context) -> list[str]:
    """R-JOINT-7 on the day a leave recorded in advance starts: every reviewer away today who still
    holds open tasks hands them over (run by the sweep, safe on every replica: a moved task is no
    longer held by the absent reviewer)."""
    away = (
        ctx.connection.execute(
            select(reviewer_leaves.c.reviewer_id)
            .distinct()
            .where(reviewer_leaves.c.starts_on <= ctx.today, reviewer_leaves.c.ends_on >= ctx.today)
            .where(
                reviewer_leaves.c.reviewer_id.in_(select(tasks.c.assignee_id).where(tasks.c.status == "open"))
            )
        )
        .scalars()
        .all()
    )
    return [task_id for reviewer_id in sorted(away) for task_id in hand_over(reviewer_id, ctx)]


def roster_view(connection, department: str, day) -> dict:
    """The department's A and B, who is away on ``day`` and who takes new tasks (R-JOINT-7)."""
    roster = repository.roster_of(connection, department)
    if roster is None:
        raise UnknownReview(f"{department} 尚未登记A/B角审查员 (no reviewers registered for {department})")
    ids = [roster["primary_id"], roster["backup_id"]]
    leaves = repository.leaves_between(connection, ids, day, day)
    return {
        "department": department,
        **{
            role: {
                "reviewer_id": roster[f"{role}_id"],
                "name": roster[f"{role}_name"],
                "away": rules.is_away(leaves, roster[f"{role}_id"], day),
            }
            for role in (rules.PRIMARY, rules.BACKUP)
        },
        "in_place": rules.in_place(roster, leaves, day).as_dict(),
        "updated_at": roster["updated_at"],
        "updated_by": roster["updated_by"],
    }


def who(connection, task: dict) -> dict:
    """For the lead window's view: the holder (name, A or B) and, once answered, who answered."""
    answered = None
    if task["opinion_id"]:
        answered = find_opinion(connection, task["task_id"], task["opinion_id"])
    holder = repository.person(connection, task["department"], task["assignee_id"])
    return {
        "holder_name": holder["name"] if holder else None,
        "holder_role": task.get("assignee_role"),
        "answered_by": repository.person(connection, task["department"], answered["reviewer_id"])
        if answered
        else None,
    }
