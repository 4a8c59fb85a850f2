"""One case of each kind through its whole life at intake, on a real RabbitMQ with real
processes: accepted at the window, supplemented, returned, forwarded upwards, and a joint case
followed through joint_review's events until the lead window's decision closes it."""

import json

import pytest
import requests
from bus import RawPublisher, bind_spy_queue, drain, wait_for
from intake_requests import bearer, case_body, materials, window_of
from sqlalchemy import create_engine, text

from hall_contracts import build_envelope


def post(intake, path, body, headers):
    return requests.post(f"{intake.url}{path}", data=json.dumps(body), headers=headers, timeout=10)


def types_by_case(published) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for body, _ in published:
        event = json.loads(body)
        found.setdefault(event["subject"], []).append(event["type"].rsplit(".", 1)[1])
    return found


@pytest.fixture
def intake(stack):
    return stack.start("intake")


def test_one_case_of_each_window_kind_lives_its_life_and_says_so_in_events(stack, intake):
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events"])
    done = {"outcome": "approved"}
    immediate = post(intake, "/cases", case_body("MZ-001"), window_of("MZ-001")).json()
    post(intake, f"/cases/{immediate['case_no']}/completion", done, window_of("MZ-001"))
    promised = post(intake, "/cases", case_body("SC-010"), window_of("SC-010")).json()
    post(intake, f"/cases/{promised['case_no']}/completion", done, window_of("SC-010"))
    supplement = post(
        intake, "/cases", case_body("SC-010", presented=materials("SC-010", "main")), window_of("SC-010")
    ).json()
    post(
        intake,
        f"/cases/{supplement['case_no']}/supplements",
        {"materials": supplement["missing_materials"]},
        window_of("SC-010"),
    )
    post(intake, f"/cases/{supplement['case_no']}/completion", done, window_of("SC-010"))
    returned = post(
        intake,
        "/cases",
        case_body("SC-010", presented=materials("SC-010", "attachment")),
        window_of("SC-010"),
    ).json()
    refused = post(intake, f"/cases/{returned['case_no']}/completion", done, window_of("SC-010"))
    escalated = post(intake, "/cases", case_body("MZ-003"), window_of("MZ-003")).json()
    post(intake, f"/cases/{escalated['case_no']}/forwarding", {"authority": "市民政局"}, window_of("MZ-003"))
    post(
        intake,
        f"/cases/{escalated['case_no']}/authority-answer",
        {"authority": "市民政局", "reference": "市民批〔2026〕8号", "outcome": "approved"},
        window_of("MZ-003"),
    )

    assert refused.status_code == 409
    events = types_by_case(drain(spy, expected=18, timeout=30))
    assert events[immediate["case_no"]] == ["case_registered", "case_accepted", "case_completed"]
    assert events[promised["case_no"]] == ["case_registered", "case_accepted", "case_completed"]
    assert events[supplement["case_no"]] == [
        "case_registered",
        "supplement_requested",
        "supplement_received",
        "supplement_completed",
        "case_accepted",
        "case_completed",
    ]
    assert events[returned["case_no"]] == ["case_registered", "case_returned"]
    assert events[escalated["case_no"]] == [
        "case_registered",
        "case_accepted",
        "case_escalated",
        "case_completed",
    ]


def joint_event(event_type: str, case_no: str, data: dict) -> dict:
    return build_envelope(
        "joint_review", event_type, case_no, {"case_no": case_no, "review_id": "JR-1", **data}
    )


def test_a_joint_case_follows_the_joint_review_and_closes_once_on_the_lead_windows_decision(stack, intake):
    headers = bearer("dev-window-agriculture")
    case = post(intake, "/cases", case_body("NY-001"), headers).json()
    case_no = case["case_no"]
    assert case["status"] == "in_joint_review"
    status = lambda: requests.get(f"{intake.url}/cases/{case_no}", headers=headers, timeout=5).json()  # noqa: E731
    publisher = RawPublisher(stack.amqp_uri)
    try:
        publisher.publish(
            "joint_review.events",
            "supplement_consolidated",
            joint_event(
                "supplement_consolidated",
                case_no,
                {
                    "round": 1,
                    "consolidated_at": "2026-11-24T10:00:00+08:00",
                    "materials": [{"name": "宅基地四至图", "departments": ["natural_resources"]}],
                },
            ),
        )
        assert wait_for(lambda: status()["status"] == "suspended", timeout=30)
        assert status()["deadline"] is None and status()["missing_materials"] == ["宅基地四至图"]
        publisher.publish(
            "joint_review.events",
            "round_started",
            joint_event(
                "round_started",
                case_no,
                {"round": 2, "departments": ["natural_resources"], "started_at": "2026-11-25T10:00:00+08:00"},
            ),
        )
        assert wait_for(lambda: status()["status"] == "in_joint_review", timeout=30)
        assert status()["deadline"] is not None
        decided = joint_event(
            "review_decided",
            case_no,
            {
                "round": 2,
                "decision": "approved",
                "reasons": [],
                "conditions": [],
                "decided_at": "2026-11-26T10:00:00+08:00",
                "lead_department": "agriculture_rural",
            },
        )
        publisher.publish("joint_review.events", "review_decided", decided)
        publisher.publish("joint_review.events", "review_decided", decided)  # delivered twice
        marker = joint_event("review_decided", case_no, {**decided["data"], "round": 3})
        publisher.publish("joint_review.events", "review_decided", marker)  # a late one: ignored
        assert wait_for(lambda: status()["status"] == "completed", timeout=30)
        assert wait_for(lambda: applied(intake, marker["id"]), timeout=30)
    finally:
        publisher.close()
    assert status()["outcome"] == "approved"
    assert completions(intake, case_no) == 1


def applied(intake, event_id: str) -> bool:
    engine = create_engine(intake.database_url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT COUNT(*) FROM inbox WHERE event_id = :id"), {"id": event_id})
        seen = found.scalar_one() == 1
    engine.dispose()
    return seen


def completions(intake, case_no: str) -> int:
    engine = create_engine(intake.database_url)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT COUNT(*) FROM outbox WHERE routing_key = 'case_completed' AND body LIKE :case"),
            {"case": f"%{case_no}%"},
        )
        total = found.scalar_one()
    engine.dispose()
    return total
