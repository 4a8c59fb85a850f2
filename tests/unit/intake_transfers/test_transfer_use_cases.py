"""R-FIRST-2/R-FIRST-3: a transfer to a named person, against the in-memory unit of work."""

from datetime import UTC, date, datetime, timedelta

import pytest
from unit.intake_fakes import FakeUnitOfWork

from intake.cases.handlers import accept_case
from intake.refusals import InvalidRequest, TransitionNotAllowed
from intake.transfers.handlers import transfer_case

MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
STAFF = {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"}
RECEIVER = {"staff_id": "S21", "name": "王五", "window": "W07"}


def case_at_window(uow: FakeUnitOfWork) -> dict:
    item = uow.catalogue.get("SC-010")
    command = {
        "item_code": "SC-010",
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "channel": "window",
        "urgent": False,
        "first_responder": STAFF,
        "presented": [m.name for m in item.materials],
        "to_follow": [],
        "decision": "accept",
    }
    return accept_case(command, uow)[0]


def test_r_first_2_a_transfer_to_a_named_person_changes_the_holder_never_the_first_responder():
    uow = FakeUnitOfWork(MONDAY)
    case = case_at_window(uow)
    command = {"to": RECEIVER, "note": "属不动产登记", "agreed_time": None}
    case, recorded = transfer_case(case["case_no"], command, uow)
    assert (case["holder_id"], case["staff_id"]) == ("S21", "S01")
    assert (recorded["receiver_away"], recorded["suggested"]) == (False, None)
    event_type, _, data = uow.tx.published[-1]
    assert (event_type, data["to_staff_id"], data["first_responder_id"]) == ("case_transferred", "S21", "S01")
    assert "note" not in data


def test_r_first_2_a_receiver_away_today_needs_an_agreed_time_and_their_backup_is_suggested():
    uow = FakeUnitOfWork(MONDAY)
    case = case_at_window(uow)
    uow.roster.leaves.append(
        {"staff_id": "S21", "starts_on": date(2026, 11, 23), "ends_on": date(2026, 11, 27)}
    )
    uow.roster.posts["W07-A"] = {"post_id": "W07-A", "window": "W07", "primary_id": "S21", "backup_id": "S22"}
    uow.roster.staff["S22"] = {"staff_id": "S22", "name": "赵六", "phone": "0571-2222"}
    with pytest.raises(InvalidRequest) as refused:
        transfer_case(case["case_no"], {"to": RECEIVER, "note": "属不动产登记", "agreed_time": None}, uow)
    assert "agreed_time" in refused.value.details
    agreed = MONDAY + timedelta(days=7)
    _, recorded = transfer_case(
        case["case_no"], {"to": RECEIVER, "note": "属不动产登记", "agreed_time": agreed}, uow
    )
    assert recorded["receiver_away"] is True and recorded["suggested"]["staff_id"] == "S22"


def test_r_first_2_a_closed_case_cannot_be_transferred():
    uow = FakeUnitOfWork(MONDAY)
    case = case_at_window(uow)
    uow.cases.rows[case["case_no"]]["status"] = "completed"
    with pytest.raises(TransitionNotAllowed):
        transfer_case(case["case_no"], {"to": RECEIVER, "note": "属不动产登记", "agreed_time": None}, uow)
