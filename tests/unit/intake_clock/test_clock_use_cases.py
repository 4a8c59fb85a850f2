"""The clock's use cases (R-CLOCK-2, R-CLOCK-4, R-CLOCK-5) against the in-memory unit of work."""

from datetime import UTC, date, datetime

import pytest
from unit.intake_fakes import FakeUnitOfWork

from intake.cases.handlers import accept_case
from intake.clock import handlers
from intake.clock.alerts import alert_case
from intake.clock.handlers import ExtensionTooLate
from intake.refusals import InvalidRequest, TransitionNotAllowed

STAFF = {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"}
SC_010_MATERIALS = [
    "个体工商户登记（备案）申请书",
    "经营者居民身份证",
    "经营场所使用证明",
    "委托代理人身份证明及委托书",
]


def hall(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)


def promised_case(uow: FakeUnitOfWork) -> dict:
    """SC-010 (5 working days) accepted Monday 2026-11-23: due Monday 2026-11-30."""
    command = {
        "item_code": "SC-010",
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "applicant_email": None,
        "channel": "window",
        "urgent": False,
        "first_responder": STAFF,
        "presented": SC_010_MATERIALS,
        "to_follow": [],
        "decision": "accept",
    }
    case, _, _ = accept_case(command, uow)
    assert case["deadline"] == date(2026, 11, 30)
    return case


def test_r_clock_2_a_suspension_stops_the_clock_and_the_resumption_moves_the_deadline():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case = promised_case(uow)
    uow.now = hall(date(2026, 11, 24))
    case = handlers.suspend_case(
        case["case_no"],
        {"reason_kind": "expert_review", "reason": "专家评审", "expected_working_days": 5},
        uow,
    )
    assert (case["status"], case["deadline"]) == ("suspended", None)
    uow.now = hall(date(2026, 11, 26))  # Wednesday and Thursday do not count
    case = handlers.resume_case(case["case_no"], uow)
    assert (case["status"], case["deadline"]) == ("in_progress", date(2026, 12, 2))
    assert uow.published_types()[-2:] == ["case_suspended", "case_resumed"]


def test_r_clock_2_the_suspension_states_the_expected_resumption_and_the_resumption_owes_a_notice():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case = promised_case(uow)
    uow.now = hall(date(2026, 11, 24))  # Tuesday: 3 working days later is Friday
    command = {"reason_kind": "hearing", "reason": "听证", "expected_working_days": 3}
    handlers.suspend_case(case["case_no"], command, uow)
    handlers.resume_case(case["case_no"], uow)
    suspended, resumed = uow.tx.published[-2:]
    assert (suspended[2]["expected_working_days"], suspended[2]["expected_resumption"]) == (3, "2026-11-27")
    assert resumed[2]["notices_due"] == ["resumption"]


def test_r_clock_2_only_a_running_clock_can_be_suspended_and_only_a_suspended_one_resumed():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case = promised_case(uow)
    with pytest.raises(TransitionNotAllowed):
        handlers.resume_case(case["case_no"], uow)


def test_r_clock_4_an_extension_approved_a_working_day_ahead_moves_the_deadline_and_is_announced():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)), actor="H01")
    case = promised_case(uow)
    uow.now = hall(date(2026, 11, 26))  # Thursday: Monday's deadline is 2 working days away
    case = handlers.extend_case(case["case_no"], {"days": 3, "reason": "需补充现场核查"}, uow)
    assert (case["extension_days"], case["deadline"]) == (3, date(2026, 12, 3))
    event_type, _, data = uow.tx.published[-1]
    assert (event_type, data["approved_by"], data["notices_due"]) == ("case_extended", "H01", ["extension"])


def test_r_clock_4_an_extension_on_the_deadline_day_is_too_late():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)), actor="H01")
    case = promised_case(uow)
    uow.now = hall(date(2026, 11, 30), 9)
    with pytest.raises(ExtensionTooLate) as refused:
        handlers.extend_case(case["case_no"], {"days": 1, "reason": "需补充现场核查"}, uow)
    assert refused.value.code == "extension_too_late"


def test_r_clock_4_an_extension_past_the_legal_limit_is_refused():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)), actor="H01")
    case = promised_case(uow)  # promised 5 of a legal 10 working days
    with pytest.raises(InvalidRequest) as refused:
        handlers.extend_case(case["case_no"], {"days": 6, "reason": "需补充现场核查"}, uow)
    assert "days" in refused.value.details


def test_r_clock_5_the_sweep_raises_due_soon_once_and_overdue_after_17_00_of_the_deadline():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case_no = promised_case(uow)["case_no"]
    uow.now = hall(date(2026, 11, 27))  # Friday: due Monday
    assert alert_case(case_no, uow) == "due_soon"
    assert alert_case(case_no, uow) is None  # raised once
    uow.now = datetime(2026, 11, 30, 9, 1, tzinfo=UTC)  # 17:01 in the hall
    assert alert_case(case_no, uow) == "overdue"
    assert uow.published_types()[-2:] == ["case_due_soon", "case_overdue"]


def test_r_clock_5_an_alert_another_replica_raised_first_is_skipped_and_publishes_nothing():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case_no = promised_case(uow)["case_no"]
    uow.now = hall(date(2026, 11, 27))
    uow.alerts.alerted = lambda *args: False  # this replica looked before the other one's insert
    uow.alerts.raised.add((case_no, "due_soon", date(2026, 11, 30)))
    assert alert_case(case_no, uow) == "skipped"
    assert "case_due_soon" not in uow.published_types()
