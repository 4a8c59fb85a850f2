"""Use cases of the roster: plain functions, dependencies as parameters.

A/B posts and leave (R-AB-1, R-AB-2): leave is refused when it would leave a window vacant, and
the cases an absent person holds move to their post partner. Transfers are in ``intake.transfers``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from intake.staff import opening, rules
from intake.staff.repository import RosterRepository
from intake.unit_of_work import Context
from web_api.dates import distance_problem

LEAVE_PAST_DAYS = 30  # a leave recorded late (the clerk was ill last week), not one from years ago
LEAVE_FUTURE_DAYS = 366  # planned at most a year ahead


def set_post(post_id: str, command: dict, ctx: Context) -> tuple[rules.Post, bool]:
    """R-AB-1: a post's primary and backup, both written to ``staff``; True when the post is new."""
    primary, backup = command["primary"], command["backup"]
    rules.raise_problems(
        "岗位设置有误 (the post is invalid)",
        [("backup", problem) for problem in rules.post_problems(primary["staff_id"], backup["staff_id"])],
    )
    for person in (primary, backup):
        ctx.roster.upsert_staff(person, command["window"], command["department"])
    post: rules.Post = {
        "post_id": post_id,
        "window": command["window"],
        "department": command["department"],
        "primary_id": primary["staff_id"],
        "backup_id": backup["staff_id"],
    }
    created = ctx.roster.upsert_post(post)
    return post, created


def record_leave(staff_id: str, command: dict, ctx: Context) -> tuple[rules.Leave, list[str]]:
    """R-AB-1/R-AB-2: record leave unless a post partner is away too on a working day of it; it
    starts at most ``LEAVE_PAST_DAYS`` before today and ``LEAVE_FUTURE_DAYS`` after (422).

    Returns the leave and the case numbers moved to the partner when the leave covers today.
    """
    starts_on, ends_on = command["starts_on"], command["ends_on"]
    problem = distance_problem(starts_on, ctx.today, past_days=LEAVE_PAST_DAYS, future_days=LEAVE_FUTURE_DAYS)
    if problem:
        rules.raise_problems("请假日期有误 (the leave's dates are invalid)", [("starts_on", problem)])
    held = ctx.roster.posts_of(staff_id, lock=True)
    partners = {rules.partner_of(post, staff_id) for post in held}
    away = ctx.roster.active_leaves(partners, starts_on, ends_on)
    names = {key: row["name"] for key, row in ctx.roster.staff_named(partners).items()}
    openings = ctx.roster.openings({post["window"] for post in held})
    is_open = opening.open_days(openings, ctx.calendar.is_working_day)
    found = rules.clashes(staff_id, starts_on, ends_on, held, away, names, is_open)
    rules.refuse_leave(staff_id, held, found)
    leave = ctx.roster.add_leave(
        {
            "staff_id": staff_id,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "kind": command["kind"],
            "reason": command["reason"],
        },
        ctx.now,
    )
    moved = []
    if rules.covers(leave, ctx.today) and ctx.roster.hand_over_once(leave["id"], ctx.now):
        moved = hand_over(staff_id, held, ctx)
    return leave, moved


def hand_over(staff_id: str, held: list[rules.Post], ctx: Context) -> list[str]:
    """Nothing stays with an absent person (R-AB-1, R-JOINT-7): open cases go to the post partner
    (nobody to give them to when the person holds no post any longer)."""
    moved: list[str] = []
    if not held:
        return moved
    for case in ctx.roster.open_cases_held_by(staff_id):
        post = next((post for post in held if post["window"] == case["window"]), held[0])
        partner = rules.partner_of(post, staff_id)
        case = ctx.cases.update(case, holder_id=partner)
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


def cancel_leave(staff_id: str, leave_id: int, ctx: Context) -> rules.Leave:
    """Cancel a leave (the person is back); cancelling twice changes nothing."""
    leave = ctx.roster.find_leave(staff_id, leave_id)
    if leave is None:
        raise rules.RosterNotFound(
            f"{staff_id} 没有编号为 {leave_id} 的请假 (no leave {leave_id} of {staff_id})"
        )
    ctx.roster.cancel_leave(leave_id)
    return {**leave, "cancelled": True}


def holder_at(roster: RosterRepository, window: str, day: date) -> str | None:
    """R-AB-1: new work at ``window`` goes to its A, or to B while A is away; None: no post."""
    found = roster.posts_at(window)
    ids = {person for post in found for person in (post["primary_id"], post["backup_id"])}
    return rules.holder(found, roster.active_leaves(ids, day, day), day)


def roster_on(
    roster: RosterRepository, day: date, is_working_day: Callable[[date], bool], department: str | None = None
) -> list[dict]:
    """Each post with its A and B, who is away on ``day``, who is in place, whether its window is
    open that day and, open with nobody in place, vacant (R-AB-1, R-AB-2)."""
    found = roster.all_posts(department)
    ids = {person for post in found for person in (post["primary_id"], post["backup_id"])}
    people = roster.staff_named(ids)
    away = roster.active_leaves(ids, day, day)
    openings = roster.openings({post["window"] for post in found})
    answer = []
    for post in found:
        hours = openings.get(post["window"])
        is_open = opening.is_open(hours, day, is_working_day)
        answer.append(
            {
                **post,
                "primary": _person(people, away, post["primary_id"], day),
                "backup": _person(people, away, post["backup_id"], day),
                "in_place": rules.in_place(post, away, day),
                "open": is_open,
                "hours": {key: hours[key] for key in ("opens", "closes")} if hours else None,
                "vacant": is_open and rules.in_place(post, away, day) is None,
            }
        )
    return answer


def _person(people: dict, away: list[rules.Leave], staff_id: str, day: date) -> dict:
    person = people.get(staff_id, {"staff_id": staff_id, "name": staff_id, "phone": ""})
    leave = rules.away_on(away, staff_id, day)
    return {
        "staff_id": staff_id,
        "name": person["name"],
        "phone": person["phone"],
        "away": leave is not None,
        "leave": {key: leave[key] for key in ("id", "kind", "starts_on", "ends_on")} if leave else None,
    }


def set_opening(window: str, command: dict, ctx: Context) -> tuple[opening.Opening, bool]:
    """R-AB-2: the days ``window`` opens beyond the working days, and its hours; True when new.
    Every problem is refused at once (422), nothing stored."""
    days = sorted(command["days"])
    rules.raise_problems(
        "开放时间设置有误 (the opening is invalid)",
        opening.opening_problems(window, command["days"], command["opens"], command["closes"]),
    )
    found: opening.Opening = {
        "window": window,
        "days": days,
        "on_holidays": command["on_holidays"],
        "opens": command["opens"],
        "closes": command["closes"],
        "updated_at": ctx.now,
        "updated_by": ctx.actor,
    }
    return found, ctx.roster.set_opening(found)
