"""Joint review rules (R-JOINT-1..7): opinions, rounds and the one convergence per round.

No framework here. A review has rounds; round 1 asks every involved department, a later round
(二次程序) only those that asked for materials. When every task of a round is answered the
review converges, using each department's LATEST answer (the others' earlier answers stand):

- any rejection: a draft refusal stating each rejecting department's reason (a refusal is
  final, so materials asked for by others in the same round are not collected);
- otherwise any supplement request: ONE consolidated notice, materials de-duplicated, each
  tagged with every department that asked (R-ONCE-1, R-JOINT-4);
- otherwise: a draft approval with every department's conditions merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

from joint_review.refusals import (
    AlreadyAnswered,
    InvalidOpinion,
    OpinionIdReused,
    TransitionNotAllowed,
    WrongDepartment,
)

VERDICTS = ("approve", "reject", "supplement")
OUTCOMES = ("approve", "refuse", "supplement")
MIN_REASON_CHARS = 4


class Review(TypedDict):
    """A joint review: one per joint case; ``round`` 1 asks every department, later rounds only
    those that asked for materials. Status: in_review, awaiting_supplement, converged, decided."""

    review_id: str
    case_no: str
    item_code: str
    item_name: str
    lead_department: str
    departments: list[str]
    materials: list[str]
    material_details: NotRequired[list[dict[str, Any]] | None]
    urgent: NotRequired[bool]
    status: str
    round: int
    task_limit_days: int  # the fallback limit (TASK_LIMIT_DAYS)
    department_limits: NotRequired[dict[str, int] | None]  # each department's own (R-JOINT-2)
    opened_at: datetime
    version: int
    draft: NotRequired[dict[str, Any] | None]
    decision: NotRequired[str | None]
    converged_at: NotRequired[datetime | None]
    decided_at: NotRequired[datetime | None]


class Task(TypedDict):
    """A department's task in one round; held by its A or B reviewer, or by the department."""

    task_id: str
    review_id: str
    department: str
    round: int
    status: str  # open | answered
    assignee_id: str | None
    assignee_role: str | None
    assigned_at: datetime
    asked_materials: list[str]
    due_date: date
    answered_at: NotRequired[datetime | None]
    opinion_id: NotRequired[str | None]
    verdict: NotRequired[str | None]
    urgent: NotRequired[bool]
    materials: NotRequired[list[str]]


class OpinionRecord(TypedDict):
    """A department's answer to its task as stored: one per department per round."""

    opinion_id: str
    task_id: str
    review_id: str
    department: str
    round: int
    verdict: str
    conditions: list[str]
    reason: str | None
    materials: list[str]
    reviewer_id: str
    channel: str  # http | amqp | meeting | silence
    recorded_at: datetime


@dataclass(frozen=True)
class Opinion:
    opinion_id: str
    department: str
    round: int
    verdict: str
    conditions: tuple[str, ...] = ()
    reason: str | None = None
    materials: tuple[str, ...] = ()
    reviewer_id: str = ""


def opinion_of(record: OpinionRecord) -> Opinion:
    return Opinion(
        record["opinion_id"],
        record["department"],
        record["round"],
        record["verdict"],
        tuple(record["conditions"]),
        record["reason"],
        tuple(record["materials"]),
        record["reviewer_id"],
    )


def opinion_problems(
    verdict: str, conditions: Sequence[str] | None, reason: str | None, materials: Sequence[str] | None
) -> dict[str, list[str]]:
    """What is wrong with an opinion, every problem at once (R-JOINT-3)."""
    problems: dict[str, list[str]] = {}
    if verdict not in VERDICTS:
        problems["verdict"] = [f"意见须为 {'/'.join(VERDICTS)} (verdict must be one of {VERDICTS})"]
    if verdict == "reject" and len((reason or "").strip()) < MIN_REASON_CHARS:
        problems["reason"] = ["不同意须写明理由 (a rejection needs a reason)"]
    if verdict == "supplement" and not [m for m in materials or () if str(m).strip()]:
        problems["materials"] = ["补正须列明材料 (a supplement request must list the materials)"]
    if verdict != "approve" and conditions:
        problems["conditions"] = ["只有同意意见可附条件 (only an approval carries conditions)"]
    return problems


@dataclass(frozen=True)
class Convergence:
    round: int
    outcome: str  # approve | refuse | supplement
    conditions: tuple[dict[str, str], ...] = ()  # {"department", "condition"}
    reasons: tuple[dict[str, str | None], ...] = ()  # {"department", "reason"}
    materials: tuple[dict[str, Any], ...] = ()  # {"name", "departments": [...]}
    asked_by: tuple[str, ...] = field(default=())  # departments of the next round

    def as_dict(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "outcome": self.outcome,
            "conditions": list(self.conditions),
            "reasons": list(self.reasons),
            "materials": [dict(m) for m in self.materials],
            "asked_by": list(self.asked_by),
        }


def converge(round_no: int, latest: dict[str, Opinion]) -> Convergence:
    """The draft the lead window reviews, from each department's latest opinion."""
    ordered = sorted(latest.values(), key=lambda opinion: opinion.department)
    rejections = [o for o in ordered if o.verdict == "reject"]
    if rejections:
        return Convergence(
            round_no,
            "refuse",
            reasons=tuple({"department": o.department, "reason": o.reason} for o in rejections),
        )
    asking = [o for o in ordered if o.verdict == "supplement"]
    if asking:
        return Convergence(
            round_no,
            "supplement",
            materials=consolidate(asking),
            asked_by=tuple(o.department for o in asking),
        )
    return Convergence(
        round_no,
        "approve",
        conditions=tuple(
            {"department": o.department, "condition": c} for o in ordered for c in dict.fromkeys(o.conditions)
        ),
    )


def consolidate(asking: list[Opinion]) -> tuple[dict[str, Any], ...]:
    """Materials de-duplicated (whitespace and case aside), each with every department that asked."""
    merged: dict[str, dict[str, Any]] = {}
    for opinion in asking:
        for name in opinion.materials:
            key = "".join(name.split()).casefold()
            entry = merged.setdefault(key, {"name": " ".join(name.split()), "departments": []})
            if opinion.department not in entry["departments"]:
                entry["departments"].append(opinion.department)
    return tuple(merged.values())


def check_sender(department: str, answering_for: str | None) -> None:
    """Only the task's own department answers it (None: joint_review's own opinion)."""
    if answering_for is not None and answering_for != department:
        raise WrongDepartment(
            f"任务属于 {department}，{answering_for} 不能答复 "
            f"(the task belongs to {department}, not {answering_for})"
        )


def check_not_reused(opinion_id: str, reused: OpinionRecord | None) -> None:
    """The department gave this opinion id to another of its tasks: it must choose a new one."""
    if reused is not None:
        raise OpinionIdReused(
            f"意见编号 {opinion_id} 已用于任务 {reused['task_id']}，请换一个编号 "
            f"(the opinion id was used for another task: choose a new one)",
            {"existing": opinion_summary(reused)},
        )


def opinion_summary(opinion: OpinionRecord) -> dict[str, Any]:
    """What a refusal shows of an opinion already recorded (to its own department only)."""
    return {
        "opinion_id": opinion["opinion_id"],
        "task_id": opinion["task_id"],
        "review_id": opinion["review_id"],
        "round": opinion["round"],
        "verdict": opinion["verdict"],
        "recorded_at": opinion["recorded_at"].isoformat(),
    }


def check_answerable(task: Task, review: Review, command: dict[str, Any]) -> None:
    """A valid answer (every problem at once), the task's first, in the review's current round."""
    problems = opinion_problems(
        command["verdict"], command.get("conditions"), command.get("reason"), command.get("materials")
    )
    if command.get("department") and command["department"] != task["department"]:
        problems["department"] = [f"任务属于 {task['department']} (the task belongs to {task['department']})"]
    if problems:
        raise InvalidOpinion("审查意见有误 (the opinion has problems)", problems)
    if task["status"] == "answered":
        raise AlreadyAnswered(
            f"{task['department']} 已答复第 {task['round']} 轮 (one answer per department per round)"
        )
    if review["status"] != "in_review" or task["round"] != review["round"]:
        raise TransitionNotAllowed(
            f"联审 {review['review_id']} 不在第 {task['round']} 轮审查中 (the review is not in that round)"
        )


def missing_materials(wanted: list[dict[str, Any]], supplied: list[str]) -> list[str]:
    """The consolidated materials not among those supplied (whitespace and case aside)."""
    brought = {"".join(s.split()).casefold() for s in supplied}
    return [m["name"] for m in wanted if "".join(m["name"].split()).casefold() not in brought]
