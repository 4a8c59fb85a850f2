"""R-KIND-6 (the higher authority's time off the hall's clock, the forwarding day swept) and
R-CLOCK-5 (an overdue case marked, supervision's one decision) against the in-memory unit of work."""

from datetime import UTC, date, datetime

import pytest
from unit.intake_fakes import FakeUnitOfWork

from intake.cases import handlers
from intake.cases.schemas import AcceptCaseSchema
from intake.clock.alerts import alert_case, alert_forwarding
from intake.clock.handlers import suspend_case
from intake.overdue.handlers import decide_overdue
from intake.overdue.rules import AlreadyDecided, NotOverdue
from intake.refusals import TransitionNotAllowed

STAFF = {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"}
ANSWER = {"authority": "市民政局", "reference": "市民批〔2026〕8号", "outcome": "approved"}
OBSTACLE = {"decision": "legal_obstacle", "reason": "须待不动产登记机构依法确认权属"}


def hall(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)


def accepted(uow: FakeUnitOfWork, item_code: str) -> dict:
    item = uow.catalogue.get(item_code)
    body = {"item_code": item_code, "applicant_name": "张三", "applicant_phone": "13800000000"}
    materials = [m.name for m in item.materials]
    case, _, _ = handlers.accept_case(
        AcceptCaseSchema().load({**body, "first_responder": STAFF, "presented": materials}), uow
    )
    return case


def escalated_on_monday() -> tuple[FakeUnitOfWork, dict]:
    """MZ-003 accepted Mon 2026-11-23: 10 working days (due Mon 12-07), forwarded by Mon 11-30."""
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case = accepted(uow, "MZ-003")
    assert (case["deadline"], case["forwarding_deadline"]) == (date(2026, 12, 7), date(2026, 11, 30))
    return uow, case


def test_r_kind_6_the_days_the_higher_authority_holds_the_case_are_not_counted_against_the_hall():
    uow, case = escalated_on_monday()
    uow.now = hall(date(2026, 11, 25))  # Wednesday: Tuesday and Wednesday counted (2 of 10)
    case = handlers.forward_case(case["case_no"], "市民政局", uow)
    assert (case["status"], case["deadline"], case["forwarded_on"]) == (
        "awaiting_authority",
        None,
        date(2026, 11, 25),
    )
    uow.now = hall(date(2026, 12, 9))  # answered two days after the first deadline
    case = handlers.record_authority_answer(case["case_no"], ANSWER, uow)
    # 8 working days left after Wed 12-09: Thu 12-10 .. Mon 12-21
    assert (case["deadline"], case["on_time"], case["authority_answered_on"]) == (
        date(2026, 12, 21),
        True,
        date(2026, 12, 9),
    )


def test_r_kind_6_the_forwarding_owes_the_applicant_the_forwarding_notice():
    uow, case = escalated_on_monday()
    handlers.forward_case(case["case_no"], "市民政局", uow)
    event_type, _, data = uow.tx.published[-1]
    assert (event_type, data["notices_due"], data["deadline"]) == ("case_escalated", ["forwarding"], None)
    assert data["applicant_ref"] == f"APP-{case['case_no']}"


def test_r_kind_6_a_case_with_the_higher_authority_is_neither_alerted_nor_suspended_nor_extended():
    uow, case = escalated_on_monday()
    handlers.forward_case(case["case_no"], "市民政局", uow)
    uow.now = hall(date(2026, 12, 8))  # past the first deadline
    assert alert_case(case["case_no"], uow) is None
    with pytest.raises(TransitionNotAllowed):
        suspend_case(
            case["case_no"], {"reason_kind": "hearing", "reason": "听证", "expected_working_days": 2}, uow
        )


def test_r_kind_6_the_forwarding_day_raises_due_soon_and_overdue_once_each():
    uow, case = escalated_on_monday()
    uow.now = hall(date(2026, 11, 27))  # Friday: Monday's forwarding day is one working day away
    assert alert_forwarding(case["case_no"], uow) == "due_soon"
    assert alert_forwarding(case["case_no"], uow) is None
    uow.now = hall(date(2026, 11, 30), 18)
    assert alert_forwarding(case["case_no"], uow) == "overdue"
    assert alert_forwarding(case["case_no"], uow) is None
    alerts = [
        (t, d["deadline_kind"], d["closes_at"])
        for t, _, d in uow.tx.published
        if t in ("case_due_soon", "case_overdue")
    ]
    assert alerts[-2:] == [
        ("case_due_soon", "forwarding", "2026-11-30T17:00:00+08:00"),
        ("case_overdue", "forwarding", "2026-11-30T17:00:00+08:00"),
    ]
    assert uow.alerts.raised >= {
        (case["case_no"], "forwarding_due_soon", date(2026, 11, 30)),
        (case["case_no"], "forwarding_overdue", date(2026, 11, 30)),
    }
    assert uow.cases.get(case["case_no"])["overdue_since"] is None  # the case itself is not overdue


def test_r_kind_6_a_forwarded_case_is_no_longer_alerted_for_its_forwarding_day():
    uow, case = escalated_on_monday()
    handlers.forward_case(case["case_no"], "市民政局", uow)
    uow.now = hall(date(2026, 11, 30), 18)
    assert alert_forwarding(case["case_no"], uow) is None


def overdue_promised_case() -> tuple[FakeUnitOfWork, dict]:
    """SC-010 accepted Mon 2026-11-23, due Mon 11-30; swept Tue 12-01 (marked overdue)."""
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case = accepted(uow, "SC-010")
    uow.now, uow.actor = hall(date(2026, 12, 1)), "timer"
    assert alert_case(case["case_no"], uow) == "overdue"
    uow.actor = "SV1"
    return uow, uow.cases.get(case["case_no"])


def test_r_clock_5_the_first_overdue_alert_marks_the_case_overdue():
    uow, case = overdue_promised_case()
    assert case["overdue_since"] == date(2026, 11, 30)
    assert uow.actions(case["case_no"])[-1] == "marked_overdue"


def test_r_clock_5_approving_as_normal_completes_the_case_as_approved_and_late():
    uow, case = overdue_promised_case()
    uow.now = hall(date(2026, 12, 3))
    case = decide_overdue(case["case_no"], {"decision": "approve_as_normal"}, uow)
    assert (case["status"], case["outcome"], case["on_time"], case["overdue_decision"]) == (
        "completed",
        "approved",
        False,
        "approve_as_normal",
    )
    assert uow.published_types()[-2:] == ["case_overdue_decided", "case_completed"]
    decided = uow.tx.published[-2][2]
    assert (decided["working_days_late"], decided["notices_due"], decided["decided_by"]) == (3, [], "SV1")


def test_r_clock_5_a_legal_obstacle_keeps_the_case_and_owes_the_applicant_the_explanation():
    uow, case = overdue_promised_case()
    case = decide_overdue(case["case_no"], OBSTACLE, uow)
    assert (case["status"], case["overdue_decision"], case["overdue_reason"]) == (
        "in_progress",
        "legal_obstacle",
        OBSTACLE["reason"],
    )
    event_type, _, data = uow.tx.published[-1]
    assert (event_type, data["notices_due"], data["working_days_late"]) == (
        "case_overdue_decided",
        ["overdue_explanation"],
        1,
    )
    assert data["closes_at"] == "2026-11-30T17:00:00+08:00"


def test_r_clock_5_supervision_decides_once_and_only_on_an_overdue_case():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    fresh = accepted(uow, "SC-010")
    with pytest.raises(NotOverdue):
        decide_overdue(fresh["case_no"], {"decision": "approve_as_normal"}, uow)
    uow, case = overdue_promised_case()
    decide_overdue(case["case_no"], OBSTACLE, uow)
    with pytest.raises(AlreadyDecided):
        decide_overdue(case["case_no"], {"decision": "approve_as_normal"}, uow)


def test_r_clock_5_a_case_past_17_00_of_its_deadline_is_overdue_before_the_sweep_marks_it():
    uow = FakeUnitOfWork(hall(date(2026, 11, 23)))
    case = accepted(uow, "SC-010")
    uow.now = hall(date(2026, 11, 30), 18)
    case = decide_overdue(case["case_no"], OBSTACLE, uow)
    assert case["overdue_since"] == date(2026, 11, 30)


def test_r_clock_5_an_escalated_case_cannot_be_approved_as_normal_by_the_hall():
    uow, case = escalated_on_monday()
    uow.now = hall(date(2026, 12, 8))  # past its deadline, still not forwarded
    with pytest.raises(TransitionNotAllowed):
        decide_overdue(case["case_no"], {"decision": "approve_as_normal"}, uow)
    case = decide_overdue(case["case_no"], OBSTACLE, uow)
    assert (case["status"], case["overdue_decision"]) == ("forwarding", "legal_obstacle")
