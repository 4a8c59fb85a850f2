"""Joint review's use cases, ``(command, uow)``: open and fan out, record opinions, converge once,
next round, decide."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from joint_review.messaging.topology import TASKS_EXCHANGE
from joint_review.refusals import InvalidOpinion, TransitionNotAllowed
from joint_review.reviewers.handlers import assignee_for, person
from joint_review.reviews import events, rules
from joint_review.reviews.case_facts import (
    case_department_limits,
    case_material_details,
    case_materials,
    case_urgent,
    department_limit,
)
from joint_review.reviews.rules import OpinionRecord, Review, Task
from joint_review.unit_of_work import UnitOfWork
from workday_calendar import OVERDUE, deadline_alert


def open_review(command: dict[str, Any], uow: UnitOfWork) -> Review | None:
    """A joint case was accepted (intake's ``case_accepted`` data and the ``task_limit_days``):
    one review, one task per involved department, each carrying the case's materials and due by
    the department's own limit (R-JOINT-2), the review keeping whether the case is urgent
    (R-KIND-7). Any other case: None."""
    if command.get("item_kind") != "joint" or uow.reviews.find_by_case(command["case_no"]):
        return None
    review: Review = {
        "review_id": f"JR-{command['case_no']}",
        "case_no": command["case_no"],
        "item_code": command["item_code"],
        "item_name": command["item_name"],
        "lead_department": command["lead_department"],
        "departments": list(dict.fromkeys(command["departments"])),
        "materials": case_materials(command),
        "material_details": case_material_details(command),
        "urgent": case_urgent(command),
        "status": "in_review",
        "round": 1,
        "task_limit_days": command["task_limit_days"],
        "department_limits": case_department_limits(command),
        "opened_at": uow.now,
        "version": 1,
    }
    uow.reviews.add(review)
    uow.note(review["review_id"], "opened", departments=review["departments"])
    uow.tx.publish("review_opened", review["case_no"], events.review_opened(review))
    for department in review["departments"]:
        assign_task(review, department, 1, [], uow)
    return review


def assign_task(review: Review, department: str, round_no: int, asked: list[str], uow: UnitOfWork) -> Task:
    """The task goes to the department's own queue (work) and is announced (news)."""
    assignee = assignee_for(department, uow)  # A, or B while A is away
    task: Task = {
        "task_id": f"{review['review_id']}-{department}-{round_no}",
        "review_id": review["review_id"],
        "department": department,
        "round": round_no,
        "status": "open",
        "assignee_id": assignee.reviewer_id if assignee else None,
        "assignee_role": assignee.role if assignee else None,
        "assigned_at": uow.now,
        "asked_materials": asked,
        "due_date": uow.calendar.add_working_days(uow.today, department_limit(review, department)).date,
    }
    uow.reviews.add_task(task)
    uow.note(review["review_id"], "task_assigned", department=department, round=round_no)
    name = (person(department, task["assignee_id"], uow) or {}).get("name")
    data = events.review_task_assigned(review, task, name)
    uow.tx.publish("review_task_assigned", review["case_no"], data)
    uow.tx.publish(
        "review_task_assigned", review["case_no"], data, exchange=TASKS_EXCHANGE, routing_key=department
    )
    return task


def record_opinion(command: dict[str, Any], uow: UnitOfWork) -> tuple[OpinionRecord, bool]:
    """Store a department's answer once; converge if it was the last. Returns the opinion and
    whether it was new. ``command["channel"]``: http, amqp, meeting or silence.

    ``command["answering_for"]`` is the department the sender proved to be (the reviewer's token,
    the broker account that published the command): anyone else's answer to the task is refused
    (``WrongDepartment``), replays included. Absent only for joint_review's own opinions
    (silence on expiry, meeting minutes), which are recorded for the task's department.
    The opinion id is scoped to the task: the same id on the same task is a replay (the stored
    answer, nothing changes); an id the department already gave another task is refused
    (``OpinionIdReused``, the existing opinion in the details).
    """
    task = uow.reviews.get_task(command["task_id"])
    rules.check_sender(task["department"], command.get("answering_for"))
    review = uow.reviews.get(task["review_id"])  # serialises the round
    existing = uow.reviews.find_opinion(task["task_id"], command["opinion_id"])
    if existing is not None:
        return existing, False
    rules.check_not_reused(
        command["opinion_id"], uow.reviews.find_department_opinion(task["department"], command["opinion_id"])
    )
    rules.check_answerable(task, review, command)
    opinion = _opinion_record(task, command, uow.now)
    uow.reviews.add_opinion(opinion)
    uow.note(
        review["review_id"],
        "opinion_recorded",
        department=task["department"],
        round=task["round"],
        verdict=opinion["verdict"],
        reviewer=opinion["reviewer_id"],
        channel=opinion["channel"],
    )
    uow.tx.publish("opinion_recorded", review["case_no"], events.opinion_recorded(review, opinion))
    _converge_if_complete(review, uow)
    return opinion, True


def _opinion_record(task: Task, command: dict[str, Any], now: datetime) -> OpinionRecord:
    return {
        "opinion_id": command["opinion_id"],
        "task_id": task["task_id"],
        "review_id": task["review_id"],
        "department": task["department"],
        "round": task["round"],
        "verdict": command["verdict"],
        "conditions": list(command.get("conditions") or []),
        "reason": command.get("reason"),
        "materials": list(command.get("materials") or []),
        "reviewer_id": command["reviewer_id"],
        "channel": command["channel"],
        "recorded_at": now,
    }


def _converge_if_complete(review: Review, uow: UnitOfWork) -> None:
    """Once every task of the round is answered: the one convergence of the round (R-JOINT-4)."""
    round_no = review["round"]
    if not uow.reviews.round_complete(review["review_id"], round_no):
        return
    if uow.reviews.converged(review["review_id"], round_no):
        return
    found = rules.converge(round_no, uow.reviews.latest_opinions(review["review_id"]))
    uow.reviews.add_convergence(review["review_id"], found, uow.now)
    status = "awaiting_supplement" if found.outcome == "supplement" else "converged"
    review = uow.reviews.update(review, status=status, draft=found.as_dict(), converged_at=uow.now)
    uow.note(review["review_id"], "converged", round=round_no, outcome=found.outcome)
    uow.tx.publish("review_converged", review["case_no"], events.review_converged(review, found))
    if found.outcome == "supplement":
        uow.tx.publish(
            "supplement_consolidated",
            review["case_no"],
            events.supplement_consolidated(review, found, uow.now),
        )


def supply_materials(command: dict[str, Any], uow: UnitOfWork) -> Review:
    """The applicant brought the consolidated materials (``{"review_id", "materials"}``): a second
    round for those that asked (二次程序)."""
    review_id, supplied = command["review_id"], command["materials"]
    review = uow.reviews.get(review_id)
    if review["status"] != "awaiting_supplement":
        raise TransitionNotAllowed(f"联审 {review_id} 没有待补正材料 (nothing is awaited)")
    draft = review.get("draft") or {}
    missing = rules.missing_materials(draft["materials"], supplied)
    if missing:
        raise InvalidOpinion("补正材料不齐 (not every material was supplied)", {"materials": missing})
    round_no = review["round"] + 1
    review = uow.reviews.update(
        review, status="in_review", round=round_no, draft=None, materials=[*review["materials"], *supplied]
    )
    uow.note(review_id, "round_started", round=round_no, departments=draft["asked_by"])
    uow.tx.publish(
        "round_started", review["case_no"], events.round_started(review, draft["asked_by"], uow.now)
    )
    for department in draft["asked_by"]:
        asked = [m["name"] for m in draft["materials"] if department in m["departments"]]
        assign_task(review, department, round_no, asked, uow)
    return review


def decide(command: dict[str, Any], uow: UnitOfWork) -> Review:
    """The lead window reviews the draft and issues the one decision (R-JOINT-4):
    ``{"review_id", "decision": "approved" | "refused" | None, "note"}``."""
    review_id, decision = command["review_id"], command.get("decision")
    review = uow.reviews.get(review_id)
    if review["status"] != "converged":
        raise TransitionNotAllowed(
            f"联审 {review_id} 尚未形成意见或已决定 (the review is {review['status']}: nothing to decide)"
        )
    drafted = "approved" if (review.get("draft") or {})["outcome"] == "approve" else "refused"
    if decision is not None and decision != drafted:
        raise InvalidOpinion(
            "决定须与各部门意见一致 (the decision must follow the departments' opinions)",
            {"decision": [f"draft is {drafted}"]},
        )
    review = uow.reviews.update(review, status="decided", decision=drafted, decided_at=uow.now)
    uow.note(review_id, "decided", decision=drafted, note=command.get("note"))
    uow.tx.publish("review_decided", review["case_no"], events.review_decided(review, uow.now))
    return review


def review_view(review: Review, uow: UnitOfWork) -> dict[str, Any]:
    """The lead window's view: each department's task state, holder, working days used against
    its limit, the round, the draft and the timeline."""
    found, lines = uow.reviews.review_view(review["review_id"])
    return {
        **review,
        "departments": [_department_state(review, task, uow) for task in found],
        "timeline": [{**line, "at": line["at"].isoformat()} for line in lines],
    }


def _department_state(review: Review, task: Task, uow: UnitOfWork) -> dict[str, Any]:
    until = task.get("answered_at") or uow.now
    used = uow.calendar.working_days_between(
        uow.calendar.today(task["assigned_at"]), uow.calendar.today(until)
    )
    return {
        "department": task["department"],
        "round": task["round"],
        "status": task["status"],
        "holder": task["assignee_id"],
        **who(task, uow),  # holder_name, holder_role, answered_by
        "due_date": task["due_date"].isoformat(),
        "working_days_used": used,
        "limit_days": department_limit(review, task["department"]),  # its own limit (R-JOINT-2)
        "verdict": task.get("verdict"),
        # the hall's one rule (workday_calendar.deadline_alert): past 17:00 of the due date, as the sweep
        "overdue": task["status"] == "open"
        and deadline_alert(uow.calendar, task["due_date"], uow.now) == OVERDUE,
    }


def who(task: Task, uow: UnitOfWork) -> dict[str, Any]:
    """The holder (name, A or B) and, once answered, who answered."""
    opinion_id = task.get("opinion_id")
    answered = uow.reviews.find_opinion(task["task_id"], opinion_id) if opinion_id else None
    holder = person(task["department"], task["assignee_id"], uow)
    return {
        "holder_name": holder["name"] if holder else None,
        "holder_role": task["assignee_role"],
        "answered_by": person(task["department"], answered["reviewer_id"], uow) if answered else None,
    }
