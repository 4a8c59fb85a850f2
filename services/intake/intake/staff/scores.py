"""Monthly staff scores (R-SCORE-1): pure rules, no framework.

100 a month, minus 5 per late case (charged to the holder in the month its deadline passed:
completed late that month, or still open at the month's end, so a case is never charged twice),
minus 10 per time the applicant had to come back (a supplement round beyond the case's first,
两头跑, charged to the first responder), minus each substantiated complaint's points; never
below 0. A case never entered in the system (5 points) is invisible here: ``INVISIBLE_NOTE``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reliable_events import as_utc

FULL_SCORE, LATE_POINTS, EXTRA_ROUND_POINTS = 100, 5, 10
INVISIBLE_NOTE = (
    "案件未录入系统（每件扣5分）系统无法发现，须由窗口负责人另行记录 "
    "(a case never entered in the system, 5 points each, is invisible to the system: "
    "the window head records it by hand)"
)


@dataclass
class StaffScore:
    staff_id: str
    name: str | None = None
    deductions: list[dict] = field(default_factory=list)

    @property
    def score(self) -> int:
        return max(0, FULL_SCORE - sum(entry["points"] for entry in self.deductions))

    def answer(self) -> dict:
        return {
            "staff_id": self.staff_id,
            "name": self.name,
            "score": self.score,
            "deducted": sum(entry["points"] for entry in self.deductions),
            "deductions": self.deductions,
        }


def is_late(case: Mapping[str, Any], passed_through: date) -> bool:
    """Completed after its deadline, or still open with its deadline passed."""
    if case["completed_at"] is not None:
        return case["on_time"] is False
    return case["deadline"] is not None and case["deadline"] <= passed_through


def extra_rounds(rounds: list[dict], first: date, last: date) -> list[dict]:
    """Supplement requests beyond a case's first (两头跑) that fall between ``first`` and ``last``.

    ``rounds`` are every supplement request of the cases concerned, oldest first.
    """
    seen: dict[str, int] = defaultdict(int)
    found = []
    for entry in rounds:
        seen[entry["case_no"]] += 1
        if seen[entry["case_no"]] > 1 and first <= entry["on_date"] <= last:
            found.append({**entry, "round": seen[entry["case_no"]]})
    return found


REASONS = {
    "late_case": "超期办结或逾期未办结 (a late case: completed after, or still open past, its deadline)",
    "extra_supplement_round": "一次性告知遗漏，申请人两头跑 (the applicant had to come back: a supplement "
    "round beyond the first)",
    "complaint_substantiated": "投诉属实 (a substantiated complaint)",
}
COMPLAINT_PREFIX = "complaint:"


def _deduction(reason: str, points: int, ref: str, **extra) -> dict:
    return {"reason": reason, "description": REASONS[reason], "points": points, "ref": ref, **extra}


def staff_scores(
    names: Mapping[str, str | None], late: list[dict], rounds: list[dict], complaints: list[dict]
) -> list[dict]:
    """R-SCORE-1 for one month: ``names`` is everyone to list (staff_id -> name); ``late`` the late
    cases charged to their holder; ``rounds`` the extra supplement rounds charged to the first
    responder; ``complaints`` the stored deductions (``staff_id``, ``reason``, ``points``,
    ``source_ref``)."""
    scores = {staff_id: StaffScore(staff_id, name) for staff_id, name in names.items()}

    def charge(staff_id: str, entry: dict) -> None:
        scores.setdefault(staff_id, StaffScore(staff_id)).deductions.append(entry)

    for case in late:
        charge(
            case["holder_id"],
            _deduction("late_case", LATE_POINTS, case["case_no"], deadline=case["deadline"].isoformat()),
        )
    for entry in rounds:
        charge(
            entry["staff_id"],
            _deduction(
                "extra_supplement_round",
                EXTRA_ROUND_POINTS,
                entry["case_no"],
                round=entry["round"],
                on_date=entry["on_date"].isoformat(),
            ),
        )
    for row in complaints:
        charge(
            row["staff_id"],
            _deduction(
                "complaint_substantiated",
                row["points"],
                row["source_ref"],
                category=row["reason"].removeprefix(COMPLAINT_PREFIX),
            ),
        )
    return [scores[staff_id].answer() for staff_id in sorted(scores)]


def complaint_deduction(data: dict, zone, now: datetime) -> dict:
    """A ``complaints.complaint_substantiated`` event as a ``score_deductions`` row, in the month the
    complaint was substantiated (hall time)."""
    substantiated = as_utc(datetime.fromisoformat(data["substantiated_at"].replace("Z", "+00:00")))
    assert substantiated is not None  # parsed from text: as_utc gives None only for None
    return {
        "staff_id": data["staff_id"],
        "month": f"{substantiated.astimezone(zone):%Y-%m}",
        "reason": COMPLAINT_PREFIX + data["category"],
        "points": int(data["deduction_points"]),
        "source_ref": data["complaint_ref"],
        "recorded_at": now,
    }
