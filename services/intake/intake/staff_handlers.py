"""Use cases of the roster and of transfers: plain functions, dependencies as parameters.

A/B posts and leave (R-AB-1, R-AB-2): leave is refused when it would leave a window vacant, and
the cases an absent person holds move to their post partner. Transfers (R-FIRST-2) change who
holds a case, never its first responder (R-FIRST-1, R-FIRST-3).
"""

from __future__ import annotations

from datetime import date

from intake import case as rules
from intake import events, repository, roster
from intake import roster_repository as staff_repository
from intake.domain import TransitionNotAllowed
from intake.handlers import Context
from web_api.dates import distance_problem

LEAVE_PAST_DAYS = 30  # a leave recorded late (the clerk was ill last week), not one from years ago
LEAVE_FUTURE_DAYS = 366  # planned at most a year ahead


def set_post(post_id: str, command: dict, ctx: Context) -> tuple[dict, bool]:
    """R-AB-1: a post's primary and backup, both written to ``staff``; True when the post is new."""
    primary, backup = command["primary"], command["backup"]
    roster.raise_problems(
        "岗位设置有误 (the post is invalid)",
        [("backup", problem) for problem in roster.post_problems(primary["staff_id"], backup["staff_id"])],
    )
    for person in (primary, backup):
        staff_repository.upsert_staff(ctx.connection, person, command["window"], command["department"])
    post = {
        "post_id": post_id,
        "window": command["window"],
        "department": command["department"],
        "primary_id": primary["staff_id"],
        "backup_id": backup["staff_id"],
    }
    created = staff_repository.upsert_post(ctx.connection, post)
    return post, created


def record_leave(staff_id: str, command: dict, ctx: Context) -> tuple[dict, list[str]]:
    """R-AB-1/R-AB-2: record leave unless a post partner is away too on a working day of it; it
    starts at most ``LEAVE_PAST_DAYS`` before today and ``LEAVE_FUTURE_DAYS`` after (422).

    Returns the leave and the case numbers moved to the partner when the leave covers today.
    """
    starts_on, ends_on = command["starts_on"], command["ends_on"]
    problem = distance_problem(starts_on, ctx.today, past_days=LEAVE_PAST_DAYS, future_days=LEAVE_FUTURE_DAYS)
    if problem:
        roster.raise_problems("请假日期有误 (the leave's dates are invalid)", [("starts_on", problem)])
    held = staff_repository.posts_of(ctx.connection, staff_id, lock=True)
    partners = {roster.partner_of(post, staff_id) for post in held}
    away = staff_repository.active_leaves(ctx.connection, partners, starts_on, ends_on)
    names = {key: row["name"] for key, row in staff_repository.staff_named(ctx.connection, partners).items()}
    roster.refuse_leave(
        staff_id,
        held,
        roster.clashes(staff_id, starts_on, ends_on, held, away, names, ctx.calendar.is_working_day),
    )
    leave = staff_repository.add_leave(
        ctx.connection,
        {
            "staff_id": staff_id,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "kind": command["kind"],
            "reason": command["reason"],
        },
        ctx.now,
    )
    moved = hand_over(staff_id, held, ctx) if roster.covers(leave, ctx.today) else []
    return leave, moved


def hand_over(staff_id: str, held: list[dict], ctx: Context) -> list[str]:
    """Nothing stays with an absent person (R-AB-1, R-JOINT-7): open cases go to the post partner."""
    moved = []
    for case in staff_repository.open_cases_held_by(ctx.connection, staff_id):
        post = next((post for post in held if post["window"] == case["window"]), held[0])
        partner = roster.partner_of(post, staff_id)
        case = repository.update_case(ctx.connection, case, holder_id=partner)
        ctx.record(
            case,
            "reassigned",
            {
                "from": staff_id,
                "to": partner,
                "post_id": post["post_id"],
                "window": post["window"],
                "reason": "leave",
            },
        )
        moved.append(case["case_no"])
    return moved


def cancel_leave(staff_id: str, leave_id: int, ctx: Context) -> dict:
    """Cancel a leave (the person is back); cancelling twice changes nothing."""
    leave = staff_repository.find_leave(ctx.connection, staff_id, leave_id)
    if leave is None:
        raise roster.RosterNotFound(
            f"{staff_id} 没有编号为 {leave_id} 的请假 (no leave {leave_id} of {staff_id})"
        )
    staff_repository.cancel_leave(ctx.connection, leave_id)
    return {**leave, "cancelled": True}


def transfer_case(case_no: str, command: dict, ctx: Context) -> tuple[dict, dict]:
    """R-FIRST-2: hand the case to a named person at a named window; the first responder stays.

    Returns the case and what was recorded (``receiver_away``, ``agreed_time``, ``suggested``).
    """
    case = repository.get_case(ctx.connection, case_no)
    if case["status"] not in rules.OPEN:
        raise TransitionNotAllowed(
            f"办件 {case_no} 已{case['status']}，不能转交 (the case is "
            f"{case['status']}: a closed case cannot be transferred)",
            {"status": [case["status"]], "allowed_from": list(rules.OPEN)},
        )
    to = command["to"]
    away = staff_repository.active_leaves(ctx.connection, [to["staff_id"]], ctx.today, ctx.today)
    receiver_away = bool(away)
    roster.raise_problems(
        "转交内容有误 (the transfer has problems)",
        roster.transfer_problems(case, to["staff_id"], receiver_away, command.get("agreed_time"), ctx.now),
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
    case = repository.update_case(ctx.connection, case, holder_id=to["staff_id"])
    ctx.record(case, "transferred", recorded)
    ctx.tx.publish(
        "case_transferred",
        case_no,
        {
            **events.case_facts(case),
            "from_staff_id": recorded["from"],
            "to_staff_id": to["staff_id"],
            "to_window": to["window"],
            "receiver_away": receiver_away,
            "agreed_time": agreed,
            "first_responder_id": case["staff_id"],
        },
    )
    return case, recorded


def suggested_backup(ctx: Context, staff_id: str) -> dict | None:
    """The post partner of an away receiver who is in place today, if the roster knows one."""
    for post in staff_repository.posts_of(ctx.connection, staff_id):
        partner = roster.partner_of(post, staff_id)
        if not staff_repository.active_leaves(ctx.connection, [partner], ctx.today, ctx.today):
            person = staff_repository.find_staff(ctx.connection, partner) or {}
            return {
                "staff_id": partner,
                "name": person.get("name"),
                "phone": person.get("phone"),
                "window": post["window"],
                "post_id": post["post_id"],
            }
    return None


def holder_at(connection, window: str, day: date) -> str | None:
    """R-AB-1: new work at ``window`` goes to its A, or to B while A is away; None: no post."""
    found = staff_repository.posts_at(connection, window)
    ids = {person for post in found for person in (post["primary_id"], post["backup_id"])}
    return roster.holder(found, staff_repository.active_leaves(connection, ids, day, day), day)


def roster_on(connection, day: date, department: str | None = None) -> list[dict]:
    """Each post with its A and B, who is away on ``day`` and who is in place (R-AB-1, R-AB-2)."""
    found = staff_repository.all_posts(connection, department)
    ids = {person for post in found for person in (post["primary_id"], post["backup_id"])}
    people = staff_repository.staff_named(connection, ids)
    away = staff_repository.active_leaves(connection, ids, day, day)
    return [
        {
            **post,
            "primary": _person(people, away, post["primary_id"], day),
            "backup": _person(people, away, post["backup_id"], day),
            "in_place": roster.in_place(post, away, day),
            "vacant": roster.in_place(post, away, day) is None,
        }
        for post in found
    ]


def _person(people: dict, away: list[dict], staff_id: str, day: date) -> dict:
    person = people.get(staff_id, {"staff_id": staff_id, "name": staff_id, "phone": ""})
    leave = roster.away_on(away, staff_id, day)
    return {
        "staff_id": staff_id,
        "name": person["name"],
        "phone": person["phone"],
        "away": leave is not None,
        "leave": {key: leave[key] for key in ("id", "kind", "starts_on", "ends_on")} if leave else None,
    }


def supervising(connection, staff_id: str) -> list[dict]:
    """R-FIRST-3: every open case ``staff_id`` received, including those now held by others."""
    found = staff_repository.open_cases_of_first_responder(connection, staff_id)
    people = staff_repository.staff_named(connection, {case["holder_id"] for case in found})
    return [
        {
            **case,
            "holder_name": people.get(case["holder_id"], {}).get("name"),
            "transferred": case["holder_id"] != staff_id,
        }
        for case in found
    ]
