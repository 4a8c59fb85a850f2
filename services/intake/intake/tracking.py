"""What an applicant sees of their case with the code on the receipt, and their rating (R-RATE-1).

The public view names nothing internal: no staff ids, no history actors, no applicant contact.
A wrong code and an unknown case number are the same ``not_found``, so the page never tells a
stranger that a number exists.
"""

from __future__ import annotations

from intake import case as rules
from intake import events, handlers, reports_repository, repository
from intake.domain import CaseNotFound, IntakeError
from intake.ledger import aware

APPLICANT = "applicant"  # the actor of a rating in the case's history: the applicant, not staff
SHOWS_MISSING = ("awaiting_supplement", "suspended")
PUBLIC_FIELDS = (
    "case_no",
    "item_code",
    "item_name",
    "department",
    "kind",
    "status",
    "step",
    "registered_on",
    "deadline",
    "closes_at",
    "deadline_provisional",
    "missing_materials",
    "outcome",
    "reason",
    "completed_on",
    "rated",
)


class NotCompleted(IntakeError):
    code, status = "not_completed", 409


class AlreadyRated(IntakeError):
    code, status = "already_rated", 409


def not_found(case_no: str) -> CaseNotFound:
    return CaseNotFound(
        f"没有受理编号为 {case_no} 且验证码相符的办件 (no case {case_no} with this verification code)"
    )


def find_for_applicant(connection, case_no: str, code: str | None, lock: bool = False) -> dict:
    """The case if ``code`` is its receipt's code; otherwise the same 404 as an unknown number."""
    case = repository.find_case(connection, case_no)
    if case is None or not rules.code_matches(case, code):
        raise not_found(case_no)
    return repository.get_case(connection, case_no) if lock else case


def public_view(case: dict, calendar, rated: bool) -> dict:
    """The tracking page: status, step, dates and what is still missing; nothing internal."""
    closes = calendar.closes_at(case["deadline"]) if case["deadline"] else None
    closed = case["status"] in ("completed", "returned")
    completed = aware(case["completed_at"])
    return {
        "case_no": case["case_no"],
        "item_code": case["item_code"],
        "item_name": case["item_name"],
        "department": case["department"],
        "kind": case["kind"],
        "status": case["status"],
        "step": case["step"],
        "registered_on": calendar.today(aware(case["registered_at"])).isoformat(),
        "deadline": case["deadline"].isoformat() if case["deadline"] else None,
        "closes_at": closes.isoformat() if closes else None,
        "deadline_provisional": bool(case["deadline_provisional"]),
        "missing_materials": list(case["missing_materials"]) if case["status"] in SHOWS_MISSING else [],
        "outcome": case["outcome"] if closed else None,
        "reason": case["outcome_reason"] if closed and case["outcome"] != "approved" else None,
        "completed_on": calendar.today(completed).isoformat() if completed else None,
        "rated": rated,
    }


def rate_case(case_no: str, command: dict, ctx: handlers.Context) -> dict:
    """R-RATE-1: a completed case is rated once by its applicant; history ``rated``, event ``case_rated``."""
    case = find_for_applicant(ctx.connection, case_no, command["code"], lock=True)
    if case["status"] != "completed":
        raise NotCompleted(
            f"办件 {case_no} 尚未办结，办结后才能评价 (the case is not completed yet: "
            f"it can be rated once it is)",
            {"status": [case["status"]]},
        )
    if reports_repository.rating_of(ctx.connection, case_no) is not None:
        raise AlreadyRated(f"办件 {case_no} 已评价过 (the case has already been rated)")
    rating = {
        "case_no": case_no,
        "rating": command["rating"],
        "comment": command.get("comment"),
        "rated_at": ctx.now,
    }
    reports_repository.add_rating(ctx.connection, rating)
    ctx.record(case, "rated", {"rating": command["rating"]})
    ctx.tx.publish("case_rated", case_no, case_rated(case, command["rating"], ctx.now))
    return rating


def case_rated(case: dict, rating: str, rated_at) -> dict:
    """The public ``case_rated`` event: never the comment (free text may hold personal data)."""
    return {
        **events.case_facts(case),
        "rating": rating,
        "window": case["window"],
        "holder_id": case["holder_id"],
        "rated_at": rated_at.isoformat(),
    }
