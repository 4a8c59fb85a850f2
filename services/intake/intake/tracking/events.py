"""The payload of the public ``case_rated`` event."""

from __future__ import annotations

from intake.cases.events import case_facts
from intake.cases.rules import Case


def case_rated(case: Case, rating: str, rated_at) -> dict:
    """The public ``case_rated`` event: never the comment (free text may hold personal data)."""
    return {
        **case_facts(case),
        "rating": rating,
        "window": case["window"],
        "holder_id": case["holder_id"],
        "rated_at": rated_at.isoformat(),
    }
