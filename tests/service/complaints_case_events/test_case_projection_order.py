"""Complaints' projection of intake's cases in every arrival order (R-COMP-2): each event type
has its own queue and retries reorder them, so the projection must end the same whichever came
first, and a closed case must stay closed."""

from itertools import permutations

import pytest
from service.complaints_complaint.complaint_calls import case_event
from sqlalchemy import text

LIFE = (  # one case's life as intake publishes it, oldest first
    ("case_registered", "2026-11-10T09:00:00+08:00", {"deadline": None}),
    ("case_accepted", "2026-11-10T09:00:01+08:00", {}),
    ("case_extended", "2026-11-16T10:00:00+08:00", {"deadline": "2026-11-23"}),
    ("case_overdue", "2026-11-23T17:01:00+08:00", {"deadline": "2026-11-23"}),
    ("case_completed", "2026-11-24T10:00:00+08:00", {"deadline": "2026-11-23", "status": "completed"}),
)


def projected(complaints_api, case_no: str) -> tuple:
    with complaints_api.engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, deadline, went_overdue FROM intake_cases WHERE case_no = :no"),
            {"no": case_no},
        ).one()
    return row.status, str(row.deadline), bool(row.went_overdue)


@pytest.mark.parametrize("arrival", [(0, 1), (1, 0)], ids=["completion_first", "overdue_first"])
def test_a_completed_case_stays_completed_when_an_overdue_stamped_after_it_arrives(complaints_api, arrival):
    case_no = "HALL-20261110-SWEEP001"
    pair = (
        case_event("case_completed", case_no, "2026-11-24T10:00:00+08:00", status="completed"),
        # the sweep read the case open and published just after the completion committed
        case_event("case_overdue", case_no, "2026-11-24T10:00:00.5+08:00"),
    )
    for index in arrival:
        complaints_api.project(pair[index])
    assert projected(complaints_api, case_no) == ("completed", "2026-11-20", True)


def test_a_cases_life_projects_the_same_in_every_arrival_order(complaints_api):
    ends = []
    for number, order in enumerate(permutations(range(len(LIFE)))):
        case_no = f"HALL-20261110-PERM{number:04d}"
        for index in order:
            event_type, time, data = LIFE[index]
            complaints_api.project(case_event(event_type, case_no, time, **data))
        ends.append(projected(complaints_api, case_no))
    assert ends == [("completed", "2026-11-23", True)] * len(ends)
