"""The projection of intake's case events, run on in-memory fakes (R-COMP-2)."""

from __future__ import annotations

from unit.complaints_fakes import fake_unit_of_work

from complaints.case_events.handlers import project


def case_event(event_type: str, time: str, status: str, **data) -> dict:
    facts = {"case_no": "HALL-20261120-7KQ2M9XA", "item_code": "ITEM-001", "item_name": "个体工商户设立登记"}
    return {
        "type": f"hall.intake.{event_type}",
        "time": time,
        "data": {
            **facts,
            "department": "market_regulation",
            "status": status,
            "deadline": "2026-11-24",
            **data,
        },
    }


def test_r_comp_2_a_case_that_went_overdue_stays_overdue_and_closed_when_a_late_open_fact_arrives():
    uow = fake_unit_of_work()
    project(case_event("case_registered", "2026-11-20T02:00:00+00:00", "registered", window="W03"), uow)
    project(case_event("case_overdue", "2026-11-25T09:00:00+00:00", "in_progress"), uow)
    project(case_event("case_completed", "2026-11-25T10:00:00+00:00", "completed", on_time=False), uow)
    project(case_event("case_overdue", "2026-11-25T10:00:01+00:00", "in_progress"), uow)
    case = uow.cases.get("HALL-20261120-7KQ2M9XA")
    assert (case["status"], case["went_overdue"], case["window"]) == ("completed", True, "W03")
