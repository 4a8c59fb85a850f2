"""Use cases of transfers (R-FIRST-2) and of the first responder's supervision (R-FIRST-3).

A transfer changes who holds a case, never its first responder (R-FIRST-1, R-FIRST-3).
"""

from __future__ import annotations

from datetime import date

from intake.cases.rules import OPEN, Case
from intake.refusals import TransitionNotAllowed
from intake.staff.repository import RosterRepository
from intake.staff.rules import partner_of, raise_problems
from intake.transfers import events
from intake.transfers.rules import transfer_problems
from intake.unit_of_work import Context


def transfer_case(case_no: str, command: dict, ctx: Context) -> tuple[Case, dict]:
    """R-FIRST-2: hand the case to a named person at a named window; the first responder stays.

    Returns the case and what was recorded (``receiver_away``, ``agreed_time``, ``suggested``).
    """
    case = ctx.cases.get(case_no)
    if case["status"] not in OPEN:
        raise TransitionNotAllowed(
            f"办件 {case_no} 已{case['status']}，不能转交 (the case is "
            f"{case['status']}: a closed case cannot be transferred)",
            {"status": [case["status"]], "allowed_from": list(OPEN)},
        )
    to = command["to"]
    receiver_away = _away_on(ctx, to["staff_id"], ctx.today)
    agreed_time = command.get("agreed_time")
    away_then = agreed_time is not None and _away_on(ctx, to["staff_id"], ctx.calendar.today(agreed_time))
    raise_problems(
        "转交内容有误 (the transfer has problems)",
        transfer_problems(case, to["staff_id"], receiver_away, agreed_time, ctx.now, away_then),
    )
    agreed = command["agreed_time"].isoformat() if command.get("agreed_time") else None
    recorded = {
        "from": case["holder_id"],
        "to": to,
        "window": to["window"],
        "note": command["note"],
        "receiver_away": receiver_away,
        "agreed_time": agreed,
        "suggested": suggested_backup(ctx, to["staff_id"]) if receiver_away else None,
    }
    case = ctx.cases.update(case, holder_id=to["staff_id"])
    ctx.record(case, "transferred", recorded)
    ctx.tx.publish("case_transferred", case_no, events.case_transferred(case, recorded))
    return case, recorded


def _away_on(ctx: Context, staff_id: str, day: date) -> bool:
    return bool(ctx.roster.active_leaves([staff_id], day, day))


def suggested_backup(ctx: Context, staff_id: str) -> dict | None:
    """The post partner of an away receiver who is in place today, if the roster knows one."""
    for post in ctx.roster.posts_of(staff_id):
        partner = partner_of(post, staff_id)
        if not ctx.roster.active_leaves([partner], ctx.today, ctx.today):
            person = ctx.roster.find_staff(partner) or {}
            return {
                "staff_id": partner,
                "name": person.get("name"),
                "phone": person.get("phone"),
                "window": post["window"],
                "post_id": post["post_id"],
            }
    return None


def supervising(roster: RosterRepository, staff_id: str) -> list[dict]:
    """R-FIRST-3: every open case ``staff_id`` received, including those now held by others."""
    found = roster.open_cases_of_first_responder(staff_id)
    people = roster.staff_named({case["holder_id"] for case in found})
    return [
        {
            **case,
            "holder_name": people.get(case["holder_id"], {}).get("name"),
            "transferred": case["holder_id"] != staff_id,
        }
        for case in found
    ]
