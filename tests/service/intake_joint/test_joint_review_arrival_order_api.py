"""joint_review's start/end events applied by intake in every arrival order, on a real database
(R-CLOCK-2, R-JOINT-5): each event type has its own queue and retries reorder them, so the case
must end up the same whichever of a pair arrived first, and a decision must stay final."""

from datetime import date
from itertools import permutations

import pytest
from intake_clock_calls import case_row, events
from joint_calls import (
    accept_joint_case,
    deliver,
    inspection_ended,
    inspection_started,
    review_decided,
    round_started,
    supplement_consolidated,
)

ARRIVALS = {"in_order": (0, 1), "reversed": (1, 0)}


def state(intake, case_no) -> tuple:
    row = case_row(intake, case_no)
    return row["status"], row["deadline"], row["suspended_since"], row["missing_materials"]


def told(intake) -> list[tuple]:
    """The clock's events intake published, in order, with what the applicant is told."""
    return [
        (e["type"].rsplit(".", 1)[1], e["data"]["deadline"], e["data"].get("notices_due"))
        for e in events(intake)
        if e["type"] in ("hall.intake.case_suspended", "hall.intake.case_resumed")
    ]


@pytest.mark.parametrize("arrival", ARRIVALS.values(), ids=ARRIVALS.keys())
def test_an_inspection_that_ends_before_it_starts_leaves_the_case_running(intake, web_session, arrival):
    case_no = accept_joint_case(intake, web_session)
    pair = (inspection_started(case_no, "2026-11-24"), inspection_ended(case_no, "2026-11-24", "2026-11-25"))
    for index in arrival:
        deliver(intake, pair[index])
    assert state(intake, case_no) == ("in_joint_review", date(2026, 11, 27), None, [])  # Wed 25 off
    assert told(intake) == [
        ("case_suspended", None, ["suspension"]),  # the applicant is told in writing either way
        ("case_resumed", "2026-11-27", ["resumption"]),  # and of the new deadline (R-CLOCK-2)
    ]


@pytest.mark.parametrize("arrival", ARRIVALS.values(), ids=ARRIVALS.keys())
def test_a_round_that_starts_before_its_supplement_arrives_leaves_the_case_running(
    intake, web_session, arrival
):
    case_no = accept_joint_case(intake, web_session)
    pair = (supplement_consolidated(case_no, "2026-11-24"), round_started(case_no, "2026-11-26"))
    for index in arrival:
        deliver(intake, pair[index])
    assert state(intake, case_no) == ("in_joint_review", date(2026, 11, 30), None, [])  # Wed 25, Thu 26 off
    assert told(intake) == [("case_suspended", None, []), ("case_resumed", "2026-11-30", [])]


def test_an_end_alone_changes_nothing_until_its_start_arrives(intake, web_session):
    case_no = accept_joint_case(intake, web_session)
    deliver(intake, inspection_ended(case_no, "2026-11-24", "2026-11-25"))
    deliver(intake, round_started(case_no, "2026-11-26"))
    assert state(intake, case_no) == ("in_joint_review", date(2026, 11, 26), None, [])
    assert told(intake) == []


def test_an_inspection_that_has_not_ended_keeps_a_resumed_round_suspended(intake, web_session):
    case_no = accept_joint_case(intake, web_session)
    deliver(intake, supplement_consolidated(case_no, "2026-11-24"))
    deliver(intake, inspection_started(case_no, "2026-11-25"))
    deliver(intake, round_started(case_no, "2026-11-26"))
    assert state(intake, case_no) == ("suspended", None, date(2026, 11, 25), [])  # materials came
    deliver(intake, inspection_ended(case_no, "2026-11-25", "2026-11-27"))
    assert state(intake, case_no) == ("in_joint_review", date(2026, 12, 1), None, [])  # Wed 25 .. Fri 27 off


OVERLAPPING = (
    lambda case_no: supplement_consolidated(case_no, "2026-11-24"),
    lambda case_no: inspection_started(case_no, "2026-11-25"),
    lambda case_no: inspection_ended(case_no, "2026-11-25", "2026-11-27"),
    lambda case_no: round_started(case_no, "2026-11-30"),
)


def test_an_inspection_during_a_supplement_round_ends_the_same_in_every_arrival_order(intake, web_session):
    ends = []
    for order in permutations(range(len(OVERLAPPING))):
        case_no = accept_joint_case(intake, web_session)
        for index in order:
            deliver(intake, OVERLAPPING[index](case_no))
        ends.append(state(intake, case_no))
    assert ends == [("in_joint_review", date(2026, 12, 2), None, [])] * len(ends)  # Wed 25 .. Mon 30 off


def test_a_supplement_asked_during_an_inspection_lists_its_materials_until_its_round_starts(
    intake, web_session
):
    case_no = accept_joint_case(intake, web_session)
    deliver(intake, inspection_started(case_no, "2026-11-24"))
    deliver(intake, supplement_consolidated(case_no, "2026-11-25"))
    assert state(intake, case_no) == ("suspended", None, date(2026, 11, 24), ["消防安全检查合格证明"])
    assert [notices for kind, _, notices in told(intake)] == [["suspension"], []]  # both told


LATE = {
    "inspection_started": lambda case_no: inspection_started(case_no, "2026-11-24"),
    "inspection_ended": lambda case_no: inspection_ended(case_no, "2026-11-24", "2026-11-25"),
    "supplement_consolidated": lambda case_no: supplement_consolidated(case_no, "2026-11-24"),
    "round_started": lambda case_no: round_started(case_no, "2026-11-26"),
}


@pytest.mark.parametrize("late", LATE.values(), ids=LATE.keys())
def test_a_decision_that_arrives_first_is_not_undone_by_a_late_joint_event(intake, web_session, late):
    case_no = accept_joint_case(intake, web_session)
    deliver(intake, review_decided(case_no, "2026-11-25"))
    before = case_row(intake, case_no)
    deliver(intake, late(case_no))
    assert case_row(intake, case_no) == before and before["status"] == "completed"
    assert told(intake) == []
