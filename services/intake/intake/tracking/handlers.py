"""Use cases of the applicant: find their case with the receipt's code, rate it (R-RATE-1)."""

from __future__ import annotations

from intake.cases.repository import CaseRepository
from intake.cases.rules import Case, code_matches
from intake.tracking import events
from intake.tracking.rules import AlreadyRated, NotCompleted, not_found
from intake.unit_of_work import Context


def find_for_applicant(cases: CaseRepository, case_no: str, code: str | None, lock: bool = False) -> Case:
    """The case if ``code`` is its receipt's code; otherwise the same 404 as an unknown number."""
    case = cases.find(case_no)
    if case is None or not code_matches(case, code):
        raise not_found(case_no)
    return cases.get(case_no) if lock else case


def rate_case(case_no: str, command: dict, ctx: Context) -> dict:
    """R-RATE-1: a completed case is rated once by its applicant; history ``rated``, event ``case_rated``."""
    case = find_for_applicant(ctx.cases, case_no, command["code"], lock=True)
    if case["status"] != "completed":
        raise NotCompleted(
            f"办件 {case_no} 尚未办结，办结后才能评价 (the case is not completed yet: "
            f"it can be rated once it is)",
            {"status": [case["status"]]},
        )
    if ctx.ratings.rating_of(case_no) is not None:
        raise AlreadyRated(f"办件 {case_no} 已评价过 (the case has already been rated)")
    rating = {
        "case_no": case_no,
        "rating": command["rating"],
        "comment": command.get("comment"),
        "rated_at": ctx.now,
    }
    ctx.ratings.add_rating(rating)
    ctx.record(case, "rated", {"rating": command["rating"]})
    ctx.tx.publish("case_rated", case_no, events.case_rated(case, command["rating"], ctx.now))
    return rating
