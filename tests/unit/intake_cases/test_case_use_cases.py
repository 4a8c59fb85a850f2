"""A case's use cases at the window, run against the in-memory unit of work (no broker, no database)."""

from datetime import UTC, date, datetime

import pytest
from unit.intake_fakes import FakeUnitOfWork

from intake.cases import handlers
from intake.cases.schemas import AcceptCaseSchema
from intake.refusals import InvalidRequest, TransitionNotAllowed

MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall
STAFF = {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"}


def command(item_code: str, presented=None, **more) -> dict:
    """``POST /cases`` as the schema loads it: every material presented unless said otherwise."""
    item = FakeUnitOfWork(MONDAY).catalogue.get(item_code)
    materials = [m.name for m in item.materials] if presented is None else presented
    body = {"item_code": item_code, "applicant_name": "张三", "applicant_phone": "13800000000"}
    return AcceptCaseSchema().load({**body, "first_responder": STAFF, "presented": materials, **more})


def accepted(uow: FakeUnitOfWork, item_code: str, **more) -> dict:
    case, _, _ = handlers.accept_case(command(item_code, **more), uow)
    return case


@pytest.mark.parametrize(
    ("item_code", "kind", "status", "deadline"),
    [
        ("MZ-001", "immediate", "in_progress", date(2026, 11, 23)),
        ("SC-010", "promised", "in_progress", date(2026, 11, 30)),
        ("SC-020", "joint", "in_joint_review", date(2026, 11, 26)),
        ("GA-001", "escalated", "forwarding", date(2026, 12, 21)),
    ],
)
def test_r_kind_1_2_5_6_a_complete_case_is_accepted_with_its_items_kind_and_its_clock_running(
    item_code, kind, status, deadline
):
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, item_code)
    assert (case["kind"], case["status"], case["deadline"]) == (kind, status, deadline)
    assert uow.published_types() == ["case_registered", "case_accepted"]
    assert uow.actions(case["case_no"]) == ["registered", "accepted"]
    assert uow.cases.get(case["case_no"])["version"] == case["version"]


def test_r_kind_3_a_main_material_to_follow_waits_for_a_supplement_without_a_clock():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "SC-010", presented=["个体工商户登记（备案）申请书"], to_follow=["经营者居民身份证"])
    assert (case["kind"], case["status"], case["deadline"]) == ("supplement", "awaiting_supplement", None)
    assert case["missing_materials"][0] == "经营者居民身份证"
    assert uow.published_types() == ["case_registered", "supplement_requested"]


def test_r_kind_4_a_main_material_missing_altogether_returns_the_case_closed_on_time():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "SC-010", presented=["个体工商户登记（备案）申请书"])
    assert (case["kind"], case["status"], case["outcome"]) == ("returned", "returned", "returned")
    assert "经营者居民身份证" in case["outcome_reason"]
    assert uow.published_types() == ["case_registered", "case_returned"]


def test_r_clock_3_the_last_supplement_to_arrive_starts_the_clock_that_day():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "SC-010", presented=["个体工商户登记（备案）申请书"], to_follow=["经营者居民身份证"])
    first, *rest = case["missing_materials"]
    case = handlers.add_supplement(case["case_no"], [first], uow)
    assert case["status"] == "awaiting_supplement" and case["missing_materials"] == rest
    uow.now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    case = handlers.add_supplement(case["case_no"], rest, uow)
    assert (case["status"], case["clock_start"], case["deadline"]) == (
        "in_progress",
        date(2026, 11, 24),
        date(2026, 12, 1),
    )
    assert uow.published_types()[-3:] == ["supplement_received", "supplement_completed", "case_accepted"]


def test_a_case_completed_before_its_deadline_closes_is_on_time():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "SC-010")
    case = handlers.complete_case(case["case_no"], "approved", None, uow)
    assert (case["status"], case["outcome"], case["on_time"]) == ("completed", "approved", True)
    assert uow.published_types()[-1] == "case_completed"


def test_a_refusal_without_a_written_reason_is_refused_and_with_one_it_completes_the_case():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "SC-010")
    with pytest.raises(InvalidRequest) as refused:
        handlers.complete_case(case["case_no"], "refused", " ", uow)
    assert refused.value.code == "validation_failed" and "reason" in refused.value.details
    case = handlers.complete_case(case["case_no"], "refused", "经营场所不符合规定", uow)
    assert (case["outcome"], case["outcome_reason"]) == ("refused", "经营场所不符合规定")


def test_r_kind_6_an_escalated_case_forwarded_after_its_forwarding_day_is_recorded_late():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "GA-001")  # forwards within 3 working days: by Thursday
    uow.now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # Friday
    case = handlers.forward_case(case["case_no"], "市公安局", uow)
    assert case["status"] == "awaiting_authority"
    event_type, _, data = uow.tx.published[-1]
    assert (event_type, data["forwarded_late"]) == ("case_escalated", True)


def test_r_kind_6_only_an_escalated_case_waiting_to_be_forwarded_can_be_forwarded():
    uow = FakeUnitOfWork(MONDAY)
    case = accepted(uow, "SC-010")
    with pytest.raises(TransitionNotAllowed):
        handlers.forward_case(case["case_no"], "市公安局", uow)


def test_r_joint_2_a_joint_cases_acceptance_lists_its_materials_and_each_departments_own_limit():
    uow = FakeUnitOfWork(MONDAY)
    accepted(uow, "NY-001")
    [data] = [data for event_type, _, data in uow.tx.published if event_type == "case_accepted"]
    item = uow.catalogue.get("NY-001")
    assert data["materials"] == [{"name": m.name, "kind": m.kind, "presented": True} for m in item.materials]
    assert data["department_limits"] == {
        "agriculture_rural": 5,
        "natural_resources": 6,
        "housing_construction": 5,
    }


def test_r_joint_2_materials_that_came_as_a_supplement_are_listed_presented_and_other_items_name_no_limits():
    uow = FakeUnitOfWork(MONDAY)
    names = [m.name for m in uow.catalogue.get("SC-010").materials]
    case = accepted(uow, "SC-010", presented=names[:-1], to_follow=[])
    handlers.add_supplement(case["case_no"], names[-1:], uow)
    [data] = [data for event_type, _, data in uow.tx.published if event_type == "case_accepted"]
    assert [m["name"] for m in data["materials"]] == names and all(m["presented"] for m in data["materials"])
    assert "department_limits" not in data
