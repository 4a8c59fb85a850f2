"""Which of the six kinds a case is, decided at the window (R-KIND-1..7).

The clerk says what the applicant brought (``presented``), which materials exist and will follow
(``to_follow``: the applicant promises them) and, when the content plainly breaks policy or an
inspection showed the conditions are not met, the written reason to return it. The rules do the
rest:

- a main material that is neither presented nor to follow is missing altogether: returned (R-KIND-4),
  with a written reason naming every such material;
- a main material to follow, or any attachment not presented: supplement (R-KIND-3), ONE notice
  listing every missing item, and the clock waits for the last one (R-CLOCK-3);
- everything presented: the item's own kind: immediate, promised, joint or escalated
  (R-KIND-1, R-KIND-2, R-KIND-5, R-KIND-6).

Urgent cases (R-KIND-7) keep their kind, go first in the worklist and may get a shorter limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.domain import InvalidRequest, ServiceItem

MIN_REASON_CHARS = 4  # "材料不符" is the shortest reason a clerk writes that says anything

# The notices due for each kind (DOMAIN section 8), in the order they are handed over.
NOTICES = {
    "immediate": ("receipt",),
    "promised": ("receipt", "acceptance"),
    "supplement": ("receipt", "supplement"),
    "returned": ("return",),
    "joint": ("receipt", "acceptance", "joint_case"),
    "escalated": ("receipt", "acceptance"),
}


@dataclass(frozen=True)
class Classification:
    kind: str
    missing: tuple[str, ...] = ()  # supplement: every missing item, main materials first
    return_reason: str | None = None

    @property
    def notices_due(self) -> list[str]:
        return list(NOTICES[self.kind])


def classify(
    item: ServiceItem, presented, to_follow=(), return_reason: str | None = None, decision: str = "accept"
) -> Classification:
    """The kind of a new case; ``InvalidRequest`` lists every problem with what the clerk said."""
    presented, to_follow = list(presented), list(to_follow)
    problems = _problems(item, presented, to_follow, return_reason, decision)
    if problems:
        raise InvalidRequest("受理信息有误 (the acceptance has problems)", problems)
    if decision == "return":
        return Classification("returned", return_reason=return_reason.strip())
    mains = [m.name for m in item.materials if m.kind == "main"]
    absent = [name for name in mains if name not in presented and name not in to_follow]
    if absent:
        return Classification(
            "returned",
            return_reason=(
                f"缺少主件：{'、'.join(absent)}，申请材料不全，不予受理 "
                f"(a main material is missing altogether: {', '.join(absent)})"
            ),
        )
    missing = [
        m.name for m in sorted(item.materials, key=lambda m: m.kind != "main") if m.name not in presented
    ]
    if missing:
        return Classification("supplement", missing=tuple(missing))
    return Classification(item.kind)


def _problems(
    item: ServiceItem, presented: list[str], to_follow: list[str], return_reason: str | None, decision: str
) -> dict[str, list[str]]:
    known = {m.name for m in item.materials}
    problems: dict[str, list[str]] = {}
    for field, names in (("presented", presented), ("to_follow", to_follow)):
        unknown = [name for name in names if name not in known]
        if unknown:
            problems[field] = [
                f"事项 {item.code} 不要求这些材料 (not materials of this item): {', '.join(unknown)}"
            ]
    both = sorted(set(presented) & set(to_follow))
    if both:
        problems.setdefault("to_follow", []).append(
            f"已提交的材料不能再列为后补 (presented and to follow at once): {', '.join(both)}"
        )
    if decision == "return" and len((return_reason or "").strip()) < MIN_REASON_CHARS:
        problems["return_reason"] = ["退回须写明理由 (a return needs a written reason, R-KIND-4)"]
    return problems
