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

from dataclasses import dataclass, field

from refusals import Conflict, Forbidden, Invalid, NotFound

VERDICTS = ("approve", "reject", "supplement")
OUTCOMES = ("approve", "refuse", "supplement")
MIN_REASON_CHARS = 4


class InvalidOpinion(Invalid):
    code = "validation_failed"


class AlreadyAnswered(Conflict):
    """One answer per department per round (R-JOINT-3)."""

    code = "already_answered"


class OpinionIdReused(Conflict):
    """An opinion id is scoped to its task: the department used this one for another task."""

    code = "opinion_id_reused"


class WrongDepartment(Forbidden):
    """Only the task's own department answers it; who answers comes from the authenticated
    identity (token, broker account), never from the body."""

    code = "forbidden"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


class UnknownReview(NotFound):
    """No such review, task, meeting or running inspection."""

    code = "not_found"


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


def opinion_problems(verdict: str, conditions, reason: str | None, materials) -> dict[str, list[str]]:
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
    conditions: tuple[dict, ...] = ()  # {"department", "condition"}
    reasons: tuple[dict, ...] = ()  # {"department", "reason"}
    materials: tuple[dict, ...] = ()  # {"name", "departments": [...]}
    asked_by: tuple[str, ...] = field(default=())  # departments of the next round

    def as_dict(self) -> dict:
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


def consolidate(asking: list[Opinion]) -> tuple[dict, ...]:
    """Materials de-duplicated (whitespace and case aside), each with every department that asked."""
    merged: dict[str, dict] = {}
    for opinion in asking:
        for name in opinion.materials:
            key = "".join(name.split()).casefold()
            entry = merged.setdefault(key, {"name": " ".join(name.split()), "departments": []})
            if opinion.department not in entry["departments"]:
                entry["departments"].append(opinion.department)
    return tuple(merged.values())
