"""Use cases of the A/B reviewers (R-JOINT-7, R-AB-1), ``(command, uow)``.

Each department has a primary (A) and a backup (B) reviewer. Leave is refused when the other one
is away on any of its days; leave that covers today moves the absent reviewer's open tasks to the
other one at once, so a task is never stuck with an absent person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from joint_review.refusals import InvalidOpinion, UnknownReview
from joint_review.reviewers import rules
from joint_review.reviewers.events import task_reassigned
from joint_review.reviewers.rules import Assignee, Leave, Roster
from joint_review.unit_of_work import UnitOfWork
from web_api.dates import distance_problem

# as intake's staff leave: recorded up to 30 days late, planned up to a year ahead, a year long at most
LEAVE_PAST_DAYS, LEAVE_FUTURE_DAYS, MAX_LEAVE_DAYS = 30, 366, 366


def set_reviewers(command: dict[str, Any], uow: UnitOfWork) -> tuple[Roster, bool]:
    """R-AB-1: the department's A and B (two different people); True when the department is new.

    ``{"department": "natural_resources", "primary": {"reviewer_id": "R21", "name": "陈刚"},
    "backup": {"reviewer_id": "R22", "name": "李娜"}}``. Refused (``InvalidOpinion``) when A and B
    are the same person.
    """
    primary, backup = command["primary"], command["backup"]
    problems = rules.roster_problems(primary["reviewer_id"], backup["reviewer_id"])
    if problems:
        raise InvalidOpinion("A/B角设置有误 (the reviewers are invalid)", problems)
    roster: Roster = {
        "department": command["department"],
        "primary_id": primary["reviewer_id"],
        "primary_name": primary["name"],
        "backup_id": backup["reviewer_id"],
        "backup_name": backup["name"],
        "updated_at": uow.now,
        "updated_by": uow.actor,
    }
    return roster, uow.rosters.save_roster(roster)


def record_leave(command: dict[str, Any], uow: UnitOfWork) -> tuple[Leave, list[str]]:
    """Record leave (``{"reviewer_id", "starts_on", "ends_on", "reason"}``) unless the other reviewer
    of one of the reviewer's departments is away on any of its days (``BackupUnavailable``, R-AB-1);
    returns the leave and the task ids moved. Refused: not a registered reviewer, every problem
    of the period."""
    reviewer_id, starts_on, ends_on = command["reviewer_id"], command["starts_on"], command["ends_on"]
    problems = rules.leave_problems(starts_on, ends_on) or leave_date_problems(starts_on, ends_on, uow.today)
    if problems:
        raise InvalidOpinion("请假内容有误 (the leave is invalid)", problems)
    rosters = uow.rosters.rosters_with(reviewer_id, lock=True)
    if not rosters:
        raise UnknownReview(f"{reviewer_id} 不是任何部门的A/B角审查员 (not a registered reviewer)")
    partners = {rules.partner_of(roster, reviewer_id)[0] for roster in rosters}
    away = uow.rosters.leaves_between(partners, starts_on, ends_on)
    rules.refuse_leave(rules.clashes(reviewer_id, starts_on, ends_on, rosters, away))
    leave: Leave = {
        "reviewer_id": reviewer_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "reason": command["reason"],
        "recorded_at": uow.now,
        "recorded_by": uow.actor,
    }
    leave["leave_id"] = uow.rosters.add_leave(leave)
    moved = hand_over(reviewer_id, uow) if starts_on <= uow.today <= ends_on else []
    return leave, moved


def leave_date_problems(starts_on: date, ends_on: date, today: date) -> dict[str, list[str]]:
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


def assignee_for(department: str, uow: UnitOfWork) -> Assignee | None:
    """The reviewer a new task of ``department`` goes to today; None: the department's queue."""
    roster = uow.rosters.roster_of(department)
    if roster is None:
        return None
    return rules.in_place(roster, uow.rosters.leaves_on([roster["primary_id"]], uow.today), uow.today)


def hand_over(reviewer_id: str, uow: UnitOfWork) -> list[str]:
    """R-JOINT-7: the absent reviewer's open tasks go to whoever is in place for their department."""
    moved = []
    for task_id, review_id in uow.reviews.tasks_held_by(reviewer_id):
        review = uow.reviews.get(review_id)  # opinions take this lock first too
        task = uow.reviews.get_task(task_id)
        to = assignee_for(task["department"], uow)
        if task["status"] != "open" or to is None or to.reviewer_id == reviewer_id:
            continue
        uow.reviews.reassign(task_id, to.reviewer_id, to.role)
        before = {"reviewer_id": reviewer_id, "role": task["assignee_role"]}
        uow.note(
            review_id,
            "task_reassigned",
            department=task["department"],
            task_id=task_id,
            reason="leave",
            **{"from": before, "to": to.as_dict()},
        )
        uow.tx.publish(
            "task_reassigned", review["case_no"], task_reassigned(review, task, before, to.as_dict(), uow.now)
        )
        moved.append(task_id)
    return moved


def hand_over_absent(uow: UnitOfWork) -> list[str]:
    """R-JOINT-7 on the day a leave recorded in advance starts: every reviewer away today who still
    holds open tasks hands them over (run by the sweep, safe on every replica: a moved task is no
    longer held by the absent reviewer)."""
    away = uow.rosters.away_holding_tasks(uow.today)
    return [task_id for reviewer_id in sorted(away) for task_id in hand_over(reviewer_id, uow)]


def roster_view(department: str, uow: UnitOfWork) -> dict[str, Any]:
    """The department's A and B, who is away today and who takes new tasks (R-JOINT-7)."""
    roster = uow.rosters.roster_of(department)
    if roster is None:
        raise UnknownReview(f"{department} 尚未登记A/B角审查员 (no reviewers registered for {department})")
    leaves = uow.rosters.leaves_on([roster["primary_id"], roster["backup_id"]], uow.today)
    return {
        "department": department,
        **{
            role: {
                "reviewer_id": rules.id_of(roster, role),
                "name": rules.name_of(roster, role),
                "away": rules.is_away(leaves, rules.id_of(roster, role), uow.today),
            }
            for role in (rules.PRIMARY, rules.BACKUP)
        },
        "in_place": rules.in_place(roster, leaves, uow.today).as_dict(),
        "updated_at": roster["updated_at"],
        "updated_by": roster["updated_by"],
    }


def person(department: str, reviewer_id: str | None, uow: UnitOfWork) -> dict[str, Any] | None:
    """``{"reviewer_id", "name", "role"}`` as the department's roster knows them (role None: not A/B)."""
    if not reviewer_id:
        return None
    roster = uow.rosters.roster_of(department)
    role = rules.role_of(roster, reviewer_id)
    name = rules.name_of(roster, role) if roster and role else None
    return {"reviewer_id": reviewer_id, "name": name, "role": role}
