"""Transfers (R-FIRST-2): pure rules, no framework."""

from __future__ import annotations

from datetime import datetime

from intake.cases.rules import Case


def transfer_problems(
    case: Case,
    to_staff_id: str,
    receiver_away: bool,
    agreed_time: datetime | None,
    now: datetime,
    away_then: bool = False,
) -> list[tuple[str, str]]:
    """R-FIRST-2: a transfer names someone new; an away receiver needs an agreed time ahead, on a
    day they are back (``away_then``: their leave covers the agreed time's day in the hall)."""
    problems = []
    if to_staff_id == case["holder_id"]:
        problems.append(("to", f"{to_staff_id} 已在办理此件 ({to_staff_id} already holds the case)"))
    if receiver_away and agreed_time is None:
        problems.append(
            (
                "agreed_time",
                f"{to_staff_id} 今日不在岗，须约定办理时间并告知申请人 (R-FIRST-2: "
                f"{to_staff_id} is away today: agree a time and tell the applicant)",
            )
        )
    if agreed_time is not None and agreed_time <= now:
        problems.append(("agreed_time", "约定时间须晚于现在 (the agreed time must be in the future)"))
    elif agreed_time is not None and away_then:
        problems.append(
            (
                "agreed_time",
                f"约定时间 {to_staff_id} 仍不在岗，请约定其返岗后的时间 (R-FIRST-2: {to_staff_id} is "
                f"still away on the agreed day: agree a time after they are back)",
            )
        )
    return problems
