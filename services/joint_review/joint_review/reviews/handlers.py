"""Joint review's use cases: open and fan out, record opinions, converge once, next round, decide."""

from __future__ import annotations

from joint_review.messaging.topology import TASKS_EXCHANGE
from joint_review.orm import convergences, opinions, reviews, tasks
from joint_review.reviewers.repository import assignee_for
from joint_review.reviews import events, repository, rules
from joint_review.unit_of_work import Context


def open_review(case: dict, ctx: Context, task_limit_days: int) -> dict | None:
    """A joint case was accepted: one review, one task per involved department (R-JOINT-2)."""
    if case.get("item_kind") != "joint" or repository.find_review_by_case(ctx.connection, case["case_no"]):
        return None
    review = {
        "review_id": f"JR-{case['case_no']}",
        "case_no": case["case_no"],
        "item_code": case["item_code"],
        "item_name": case["item_name"],
        "lead_department": case["lead_department"],
        "departments": list(dict.fromkeys(case["departments"])),
        "materials": [],
        "status": "in_review",
        "round": 1,
        "task_limit_days": task_limit_days,
        "opened_at": ctx.now,
        "version": 1,
    }
    repository.add(ctx.connection, reviews, **review)
    ctx.note(review["review_id"], "opened", departments=review["departments"])
    ctx.tx.publish("review_opened", case["case_no"], events.review_opened(review))
    for department in review["departments"]:
        assign_task(review, department, 1, [], ctx)
    return review


def assign_task(review: dict, department: str, round_no: int, asked: list[str], ctx: Context) -> dict:
    """The task goes to the department's own queue (work) and is announced (news)."""
    assignee = assignee_for(ctx.connection, department, ctx.today)  # A, or B while A is away
    task = {
        "task_id": f"{review['review_id']}-{department}-{round_no}",
        "review_id": review["review_id"],
        "department": department,
        "round": round_no,
        "status": "open",
        "assignee_id": assignee.reviewer_id if assignee else None,
        "assignee_role": assignee.role if assignee else None,
        "assigned_at": ctx.now,
        "asked_materials": asked,
        "due_date": ctx.calendar.add_working_days(ctx.today, review["task_limit_days"]).date,
    }
    repository.add(ctx.connection, tasks, **task)
    ctx.note(review["review_id"], "task_assigned", department=department, round=round_no)
    data = events.review_task_assigned(review, task)
    ctx.tx.publish("review_task_assigned", review["case_no"], data)
    ctx.tx.publish(
        "review_task_assigned", review["case_no"], data, exchange=TASKS_EXCHANGE, routing_key=department
    )
    return task


def record_opinion(
    command: dict, ctx: Context, channel: str, answering_for: str | None = None
) -> tuple[dict, bool]:
    """Store a department's answer once; converge if it was the last. Returns the opinion and
    whether it was new.

    ``answering_for`` is the department the sender proved to be (the reviewer's token, the
    broker account that published the command): anyone else's answer to the task is refused
    (``WrongDepartment``), replays included. None only for joint_review's own opinions
    (silence on expiry, meeting minutes), which are recorded for the task's department.
    The opinion id is scoped to the task: the same id on the same task is a replay (the stored
    answer, nothing changes); an id the department already gave another task is refused
    (``OpinionIdReused``, the existing opinion in the details).
    """
    task = repository.get_task(ctx.connection, command["task_id"])
    if answering_for is not None and answering_for != task["department"]:
        raise rules.WrongDepartment(
            f"任务属于 {task['department']}，{answering_for} 不能答复 "
            f"(the task belongs to {task['department']}, not {answering_for})"
        )
    review = repository.get_review(ctx.connection, task["review_id"])  # serialises the round
    existing = repository.find_opinion(ctx.connection, task["task_id"], command["opinion_id"])
    if existing is not None:
        return existing, False
    reused = repository.find_department_opinion(ctx.connection, task["department"], command["opinion_id"])
    if reused is not None:
        raise rules.OpinionIdReused(
            f"意见编号 {command['opinion_id']} 已用于任务 {reused['task_id']}，请换一个编号 "
            f"(the opinion id was used for another task: choose a new one)",
            {"existing": opinion_summary(reused)},
        )
    _check_answerable(task, review, command)
    opinion = {
        "opinion_id": command["opinion_id"],
        "task_id": task["task_id"],
        "review_id": review["review_id"],
        "department": task["department"],
        "round": task["round"],
        "verdict": command["verdict"],
        "conditions": list(command.get("conditions") or []),
        "reason": command.get("reason"),
        "materials": list(command.get("materials") or []),
        "reviewer_id": command["reviewer_id"],
        "channel": channel,
        "recorded_at": ctx.now,
    }
    repository.add(ctx.connection, opinions, **opinion)
    ctx.connection.execute(
        tasks.update()
        .where(tasks.c.task_id == task["task_id"])
        .values(
            status="answered",
            answered_at=ctx.now,
            opinion_id=opinion["opinion_id"],
            verdict=opinion["verdict"],
        )
    )
    ctx.note(
        review["review_id"],
        "opinion_recorded",
        department=task["department"],
        round=task["round"],
        verdict=opinion["verdict"],
        reviewer=opinion["reviewer_id"],
        channel=channel,
    )
    ctx.tx.publish("opinion_recorded", review["case_no"], events.opinion_recorded(review, opinion))
    _converge_if_complete(review, ctx)
    return opinion, True


def opinion_summary(opinion: dict) -> dict:
    """What a refusal shows of an opinion already recorded (to its own department only)."""
    return {
        "opinion_id": opinion["opinion_id"],
        "task_id": opinion["task_id"],
        "review_id": opinion["review_id"],
        "round": opinion["round"],
        "verdict": opinion["verdict"],
        "recorded_at": opinion["recorded_at"].isoformat(),
    }


def _check_answerable(task: dict, review: dict, command: dict) -> None:
    problems = rules.opinion_problems(
        command["verdict"], command.get("conditions"), command.get("reason"), command.get("materials")
    )
    if command.get("department") and command["department"] != task["department"]:
        problems["department"] = [f"任务属于 {task['department']} (the task belongs to {task['department']})"]
    if problems:
        raise rules.InvalidOpinion("审查意见有误 (the opinion has problems)", problems)
    if task["status"] == "answered":
        raise rules.AlreadyAnswered(
            f"{task['department']} 已答复第 {task['round']} 轮 (one answer per department per round)"
        )
    if review["status"] != "in_review" or task["round"] != review["round"]:
        raise rules.TransitionNotAllowed(
            f"联审 {review['review_id']} 不在第 {task['round']} 轮审查中 (the review is not in that round)"
        )


def _converge_if_complete(review: dict, ctx: Context) -> None:
    round_no = review["round"]
    if any(
        t["status"] != "answered"
        for t in repository.round_tasks(ctx.connection, review["review_id"], round_no)
    ):
        return
    if repository.converged(ctx.connection, review["review_id"], round_no):
        return
    found = rules.converge(round_no, repository.latest_opinions(ctx.connection, review["review_id"]))
    repository.add(
        ctx.connection,
        convergences,
        review_id=review["review_id"],
        round=round_no,
        outcome=found.outcome,
        body=found.as_dict(),
        converged_at=ctx.now,
    )
    status = "awaiting_supplement" if found.outcome == "supplement" else "converged"
    review = repository.update_review(
        ctx.connection, review, status=status, draft=found.as_dict(), converged_at=ctx.now
    )
    ctx.note(review["review_id"], "converged", round=round_no, outcome=found.outcome)
    ctx.tx.publish("review_converged", review["case_no"], events.review_converged(review, found))
    if found.outcome == "supplement":
        ctx.tx.publish(
            "supplement_consolidated",
            review["case_no"],
            events.supplement_consolidated(review, found, ctx.now),
        )


def supply_materials(review_id: str, supplied: list[str], ctx: Context) -> dict:
    """The applicant brought the consolidated materials: a second round for those that asked."""
    review = repository.get_review(ctx.connection, review_id)
    if review["status"] != "awaiting_supplement":
        raise rules.TransitionNotAllowed(f"联审 {review_id} 没有待补正材料 (nothing is awaited)")
    draft = review["draft"]
    wanted = {"".join(m["name"].split()).casefold(): m for m in draft["materials"]}
    missing = [
        m["name"] for key, m in wanted.items() if key not in {"".join(s.split()).casefold() for s in supplied}
    ]
    if missing:
        raise rules.InvalidOpinion("补正材料不齐 (not every material was supplied)", {"materials": missing})
    round_no = review["round"] + 1
    review = repository.update_review(
        ctx.connection,
        review,
        status="in_review",
        round=round_no,
        draft=None,
        materials=[*review["materials"], *supplied],
    )
    ctx.note(review_id, "round_started", round=round_no, departments=draft["asked_by"])
    ctx.tx.publish(
        "round_started", review["case_no"], events.round_started(review, draft["asked_by"], ctx.now)
    )
    for department in draft["asked_by"]:
        asked = [m["name"] for m in draft["materials"] if department in m["departments"]]
        assign_task(review, department, round_no, asked, ctx)
    return review


def decide(review_id: str, decision: str | None, note: str | None, ctx: Context) -> dict:
    """The lead window reviews the draft and issues the one decision (R-JOINT-4)."""
    review = repository.get_review(ctx.connection, review_id)
    if review["status"] != "converged":
        raise rules.TransitionNotAllowed(
            f"联审 {review_id} 尚未形成意见或已决定 (the review is {review['status']}: nothing to decide)"
        )
    drafted = "approved" if review["draft"]["outcome"] == "approve" else "refused"
    if decision is not None and decision != drafted:
        raise rules.InvalidOpinion(
            "决定须与各部门意见一致 (the decision must follow the departments' opinions)",
            {"decision": [f"draft is {drafted}"]},
        )
    review = repository.update_review(
        ctx.connection, review, status="decided", decision=drafted, decided_at=ctx.now
    )
    ctx.note(review_id, "decided", decision=drafted, note=note)
    ctx.tx.publish("review_decided", review["case_no"], events.review_decided(review, ctx.now))
    return review
