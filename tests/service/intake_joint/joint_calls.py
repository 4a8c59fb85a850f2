"""joint_review's events as intake's handlers receive them, applied in a worker on the database
of a running intake (``worker_factory``), and the market's joint item the tests follow."""

from datetime import date

from intake_clock_calls import accept, hall_time
from nameko.testing.services import worker_factory

from hall_contracts import build_envelope
from intake.orm import cases
from intake.service import IntakeService
from reliable_events import Store, add_core_tables
from workday_calendar import WorkingCalendar

JOINT_ITEM = "SC-020"  # joint, 3 working days: accepted Mon 2026-11-23, due Thu 2026-11-26
HANDLERS = {
    "supplement_consolidated": "handle_supplement_consolidated",
    "round_started": "handle_round_started",
    "inspection_started": "handle_inspection_started",
    "inspection_ended": "handle_inspection_ended",
    "review_decided": "handle_review_decided",
}


def accept_joint_case(intake, web) -> str:
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    answer = accept(web, JOINT_ITEM)
    assert (answer["status"], answer["deadline"]) == ("in_joint_review", "2026-11-26")
    return answer["case_no"]


def deliver(intake, envelope: dict) -> None:
    """One delivery of ``envelope`` to intake's consumer of its type (the inbox included)."""
    store = Store(intake, add_core_tables(cases.metadata), "intake", "intake.tests")
    now = intake.clock()  # the worker's "now", fixed when it is made
    worker = worker_factory(IntakeService, db=store, clock=lambda: now, calendar=WorkingCalendar())
    getattr(worker, HANDLERS[envelope["type"].rsplit(".", 1)[1]])(envelope)


def _event(event_type: str, case_no: str, **data) -> dict:
    base = {"case_no": case_no, "review_id": "JR-1", "round": 1, "lead_department": "market_regulation"}
    return build_envelope("joint_review", event_type, case_no, {**base, **data})


def inspection_started(
    case_no: str, starts_on: str, inspection_id="INS-1", expected_working_days=None
) -> dict:
    expected = {"expected_working_days": expected_working_days} if expected_working_days else {}
    return _event(
        "inspection_started",
        case_no,
        inspection_id=inspection_id,
        site="经营场所",
        departments=["fire_safety"],
        starts_on=starts_on,
        **expected,
        started_at=f"{starts_on}T09:00:00+08:00",
    )


def inspection_ended(case_no: str, starts_on: str, ends_on: str, inspection_id="INS-1") -> dict:
    return _event(
        "inspection_ended",
        case_no,
        inspection_id=inspection_id,
        starts_on=starts_on,
        ends_on=ends_on,
        working_days_off=1,
        due_dates=[],
        ended_at=f"{ends_on}T16:00:00+08:00",
    )


def supplement_consolidated(case_no: str, on: str, round_no=1, material="消防安全检查合格证明") -> dict:
    return _event(
        "supplement_consolidated",
        case_no,
        round=round_no,
        consolidated_at=f"{on}T10:00:00+08:00",
        materials=[{"name": material, "departments": ["fire_safety"]}],
        notices_due=["consolidated_supplement"],
    )


def round_started(case_no: str, on: str, round_no=2) -> dict:
    return _event(
        "round_started",
        case_no,
        round=round_no,
        departments=["fire_safety"],
        started_at=f"{on}T10:00:00+08:00",
    )


def review_decided(case_no: str, on: str, round_no=1) -> dict:
    return _event(
        "review_decided",
        case_no,
        round=round_no,
        decision="approved",
        reasons=[],
        conditions=[],
        decided_at=f"{on}T10:00:00+08:00",
    )
