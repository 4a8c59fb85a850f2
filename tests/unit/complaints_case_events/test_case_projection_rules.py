"""The rule of complaints' case projection in every arrival order of a pair: the fact of the
later event time wins, and a closed case stays closed (R-COMP-2)."""

from datetime import UTC, datetime
from itertools import permutations

import pytest

from complaints.case_events.rules import supersedes

COMPLETED = ("completed", datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
OVERDUE_JUST_AFTER = ("in_progress", datetime(2026, 11, 24, 2, 0, 1, tzinfo=UTC))  # the sweep's, late
ACCEPTED = ("in_progress", datetime(2026, 11, 10, 1, 0, tzinfo=UTC))
RETURNED = ("returned", datetime(2026, 11, 10, 1, 0, tzinfo=UTC))


def projected(*arrivals) -> str:
    row = None
    for status, at in arrivals:
        if row is None or supersedes(row, status, at):
            row = {"status": status, "updated_at": at}
    return row["status"]


@pytest.mark.parametrize(
    "pair, expected",
    [
        ((COMPLETED, OVERDUE_JUST_AFTER), "completed"),
        ((ACCEPTED, COMPLETED), "completed"),
        ((ACCEPTED, RETURNED), "returned"),
    ],
    ids=["overdue_stamped_after_completion", "accepted_then_completed", "same_time_returned"],
)
@pytest.mark.parametrize("order", list(permutations(range(2))), ids=["in_order", "reversed"])
def test_a_pair_of_case_facts_projects_the_same_in_either_arrival_order(pair, expected, order):
    assert projected(*(pair[i] for i in order)) == expected
