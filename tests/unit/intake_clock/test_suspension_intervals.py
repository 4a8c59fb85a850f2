"""The clock's suspensions paired by their source, whatever order their edges arrived in
(R-CLOCK-2): joint_review's events come on separate queues and retries reorder them."""

from datetime import date
from itertools import permutations

import pytest

from intake.clock.rules import deadline, inputs_from_history
from workday_calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
ACCEPTED = {"action": "accepted", "on_date": date(2026, 11, 23), "details": {"limit_days": 5}}
DUE_WITHOUT_SUSPENSION = date(2026, 11, 30)  # Mon 23 + 5 working days


def edge(action: str, day: int, **details) -> dict:
    return {"action": action, "on_date": date(2026, 11, day), "details": details}


INSPECTION = (  # Tue 24 .. Thu 26: Wed 25 and Thu 26 do not count
    edge("suspended", 24, source="inspection:INS-1", reason_kind="site_inspection"),
    edge("resumed", 26, source="inspection:INS-1"),
)
SUPPLEMENT_ROUND = (  # round 1 asks on Tue 24, round 2 starts Thu 26
    edge("suspended", 24, source="joint_supplement:1", reason_kind="joint_supplement", round=1),
    edge("resumed", 26, source="joint_supplement:1", round=2),
)


def clock_after(*lines):
    inputs = inputs_from_history([ACCEPTED, *lines])
    return inputs, deadline(CALENDAR, inputs)


@pytest.mark.parametrize("pair", [INSPECTION, SUPPLEMENT_ROUND], ids=["inspection", "supplement_round"])
@pytest.mark.parametrize("order", list(permutations(range(2))), ids=["start_first", "end_first"])
def test_a_suspension_whose_end_arrives_first_counts_the_same_days_off(pair, order):
    inputs, due = clock_after(*(pair[i] for i in order))
    assert not inputs.suspended
    assert due.date == date(2026, 12, 2)  # two working days later than without it


def test_an_end_alone_stops_nothing_until_its_start_arrives():
    inputs, due = clock_after(INSPECTION[1])
    assert not inputs.suspended and inputs.suspensions == []
    assert due.date == DUE_WITHOUT_SUSPENSION


def test_an_end_of_another_source_does_not_resume_the_case():
    inputs, due = clock_after(INSPECTION[0], SUPPLEMENT_ROUND[1])
    assert inputs.suspended and due is None


@pytest.mark.parametrize("order", list(permutations(range(4))))
def test_an_inspection_during_a_supplement_round_keeps_the_clock_stopped_until_both_ended(order):
    lines = (
        edge("suspended", 24, source="joint_supplement:1", reason_kind="joint_supplement", round=1),
        edge("suspended", 25, source="inspection:INS-1", reason_kind="site_inspection"),
        edge("resumed", 27, source="inspection:INS-1"),
        edge("resumed", 30, source="joint_supplement:1", round=2),
    )
    inputs, due = clock_after(*(lines[i] for i in order))
    assert not inputs.suspended
    assert due.date == date(2026, 12, 4)  # Wed 25 .. Mon 30 off: four working days later


def test_a_suspension_told_twice_is_one_interval():
    inputs, _ = clock_after(INSPECTION[0], INSPECTION[0], INSPECTION[1])
    assert len(inputs.suspensions) == 1 and not inputs.suspended


def test_a_suspension_recorded_before_sources_resumes_by_its_inspection_or_round():
    legacy = (
        edge("suspended", 24, reason_kind="site_inspection", inspection_id="INS-1"),
        edge("suspended", 24, reason_kind="joint_supplement", round=1),
    )
    inputs, due = clock_after(*legacy, *reversed([INSPECTION[1], SUPPLEMENT_ROUND[1]]))
    assert not inputs.suspended and due.date == date(2026, 12, 2)


def test_the_clerks_own_suspension_is_resumed_by_the_next_resumption_as_before():
    inputs, due = clock_after(edge("suspended", 24, reason_kind="expert_review"), edge("resumed", 26))
    assert not inputs.suspended and due.date == date(2026, 12, 2)
