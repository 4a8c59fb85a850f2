"""Complaints on a real RabbitMQ with real processes (R-COMP-1..8, R-SCORE-1).

intake and complaints run as subprocesses on the test's own vhost. A real case accepted at intake
goes overdue at intake's sweep; complaints knows it only from intake's events (its projection).
One complaint per channel and severity is then taken to its follow-up, with the limits counted
across National Day 2026 (complaints' clock is frozen on Wednesday 30 September). Every event
on the bus and every log line of both services is scanned for the complainants' names and phones.
"""

from __future__ import annotations

import json
import time

import pytest
import requests
from bus import bind_spy_queue, wait_for
from intake_requests import bearer, case_body, window_of
from sqlalchemy import create_engine, text

from hall_contracts.registry import validate_event

OFFICE = bearer("dev-complaints")
AGENCY = bearer("dev-agency")
NOTIFY = bearer("dev-service-notify")
OPERATOR = bearer("dev-operator")
SEPT_30_10AM = "2026-09-30T02:00:00+00:00"
OCT_8_1730 = "2026-10-08T09:30:00+00:00"
ANSWER = {"findings": "经查属实，窗口未按规定办理。", "decision": "已责令整改并对责任人批评教育。"}
CALL = {"called_at": "2026-09-30T15:00:00+08:00", "summary": "电话答复处理结果，投诉人无异议"}
COMPLAINANTS = {
    "letter": ("欧阳明远", "13911110001"),
    "phone": ("司马青云", "13911110002"),
    "in_person": ("诸葛晓东", "13911110003"),
    "hotline_12345": ("上官婉清", "13911110004"),
    "online": ("慕容秋实", "13911110005"),
    "complaint_box": ("东方未明", "13911110006"),
}


def call(method: str, service, path: str, headers, body=None, status: int = 200) -> dict:
    response = requests.request(method, f"{service.url}{path}", json=body, headers=headers, timeout=15)
    assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
    return response.json() if response.content else {}


def file(complaints, channel: str, **fields) -> dict:
    name, phone = COMPLAINTS_IDENTITY(channel)
    body = {
        "channel": channel,
        "category": "poor_attitude",
        "matter": f"{channel} 渠道投诉：窗口办理拖延、解释不清",
        "occurred_at": "2026-09-29T10:00:00+08:00",
        "place": "便民服务中心 W03 窗口",
        "department": "market_regulation",
        "window": "W03",
        "staff_id": "S01",
        "complainant": {"name": name, "phone": phone, "address": "城关镇人民路 8 号"},
        **fields,
    }
    return call("POST", complaints, "/complaints", OFFICE, body, status=201)


def COMPLAINTS_IDENTITY(channel: str) -> tuple[str, str]:  # noqa: N802 - reads like the table it is
    return COMPLAINANTS[channel]


def step(complaints, no: str, action: str, body=None, status: int = 200, headers=OFFICE) -> dict:
    return call("POST", complaints, f"/complaints/{no}/{action}", headers, body, status)


def finish(complaints, no: str, answer: dict, substantiated: bool, satisfaction: str) -> None:
    step(complaints, no, "answer", answer)
    step(complaints, no, "close", {"substantiated": substantiated})
    step(complaints, no, "follow-up", {"satisfaction": satisfaction})


def collect(spy, until, timeout: float = 60.0) -> list[dict]:
    """Every message on the spy queue until ``until(events)`` holds."""
    _, channel, name = spy
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        method, _, body = channel.basic_get(name, auto_ack=True)
        if method is None:
            if until(events):
                return events
            time.sleep(0.1)
            continue
        events.append(json.loads(body))
    raise AssertionError(f"gave up; {len(events)} events: {[e['type'] for e in events]}")


def of_type(events: list[dict], event_type: str) -> list[dict]:
    return [e for e in events if e["type"] == f"hall.complaints.{event_type}"]


def case_went_overdue(complaints, case_no: str) -> bool:
    engine = create_engine(complaints.database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT went_overdue FROM intake_cases WHERE case_no = :no"), {"no": case_no}
            ).first()
    finally:
        engine.dispose()
    return bool(row and row[0])


@pytest.fixture
def hall(stack):
    """complaints first (its queues bound to intake.events), then intake; a spy on both exchanges."""
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events", "complaints.events"])
    complaints = stack.start("complaints", env={"FIXED_NOW": SEPT_30_10AM, "SWEEP_SECONDS": "3600"})
    intake = stack.start("intake", env={"FIXED_NOW": "2026-09-29T02:00:00+00:00"})
    yield complaints, intake, spy
    spy[0].close()


def overdue_case(intake, complaints) -> str:
    """A real case accepted at intake on 29 September and reported overdue by intake's sweep."""
    case = call("POST", intake, "/cases", window_of("SC-010"), case_body("SC-010"), status=201)
    intake.restart(env={"FIXED_NOW": "2026-11-02T09:30:00+00:00"})
    assert call("POST", intake, "/clock/sweep", OPERATOR)["overdue"] == 1
    wait_for(lambda: case_went_overdue(complaints, case["case_no"]), timeout=60)
    return case["case_no"]


def test_r_comp_4_every_channel_and_severity_to_its_follow_up_with_no_identity_on_the_bus_or_in_logs(hall):
    complaints, intake, spy = hall
    case_no = overdue_case(intake, complaints)

    # letter, simple, linked to the overdue case, two departments: 2 working days across the holiday
    letter = file(complaints, "letter", case_no=case_no, department=None, window=None, category="late")
    assert (letter["suggested_categories"], letter["due_date"]) == (["late"], "2026-10-08")
    forwarded = step(
        complaints,
        letter["complaint_no"],
        "forwards",
        {"departments": ["market_regulation", "civil_affairs"]},
    )
    assert forwarded["due_date"] == "2026-10-09"  # Oct 1-7 are not working days
    # the accused (S01) works for market_regulation: its report is the office's to file, never
    # the accused's own department's (403); civil_affairs files its own
    call(
        "POST",
        complaints,
        f"/complaints/{letter['complaint_no']}/forwards/market_regulation/report",
        bearer("dev-window-market"),
        {"report": "已核实并整改"},
        status=403,
    )
    for department, headers in (("market_regulation", OFFICE), ("civil_affairs", bearer("dev-window-civil"))):
        call(
            "POST",
            complaints,
            f"/complaints/{letter['complaint_no']}/forwards/{department}/report",
            headers,
            {"report": "已核实并整改"},
        )
    step(complaints, letter["complaint_no"], "answer", ANSWER)
    contact = call("GET", complaints, f"/internal/complaints/{letter['complaint_no']}/contact", NOTIFY)
    assert (contact["name"], contact["phone"]) == COMPLAINANTS["letter"]
    step(complaints, letter["complaint_no"], "close", {"substantiated": True})
    step(complaints, letter["complaint_no"], "follow-up", {"satisfaction": "satisfied"})

    # phone, simple, oral answer with a call note
    phone = file(complaints, "phone")
    finish(complaints, phone["complaint_no"], {**ANSWER, "call_note": CALL}, False, "basically_satisfied")

    # in person, discipline: referred, the commission asks for the identity, reads it once
    in_person = file(complaints, "in_person", severity="discipline", category="bribes_or_favours")
    step(complaints, in_person["complaint_no"], "referral")
    asked = step(
        complaints, in_person["complaint_no"], "identity-requests", {"reason": "立案审查"}, 201, AGENCY
    )
    call("POST", complaints, f"/identity-requests/{asked['request_id']}/decision", OFFICE, {"grant": True})
    read = call("GET", complaints, f"/identity-requests/{asked['request_id']}/identity", AGENCY)
    assert read["name"] == COMPLAINANTS["in_person"][0]
    call("GET", complaints, f"/identity-requests/{asked['request_id']}/identity", AGENCY, status=409)
    finish(complaints, in_person["complaint_no"], {**ANSWER, "call_note": CALL}, True, "satisfied")

    # 12345 transfer with its written form, wide impact, crime: to the judiciary, written answer
    hotline = file(
        complaints,
        "hotline_12345",
        hotline_written_form=True,
        wide_impact=True,
        severity="crime",
        category="forced_intermediary",
    )
    step(complaints, hotline["complaint_no"], "referral")
    finish(complaints, hotline["complaint_no"], ANSWER, True, "dissatisfied")

    # online, simple, written
    online = file(complaints, "online", category="no_one_time_notice")
    finish(complaints, online["complaint_no"], ANSWER, False, "satisfied")

    # complaint box: left open past its limit (Oct 8), caught by the sweep, explained, then answered
    box = file(complaints, "complaint_box", category="window_vacant")
    assert box["due_date"] == "2026-10-08"
    complaints.restart(env={"FIXED_NOW": OCT_8_1730})
    assert call("POST", complaints, "/complaints/sweep", OFFICE)["raised"]["overdue"] == 1
    assert call("POST", complaints, "/complaints/sweep", OFFICE)["raised"]["overdue"] == 0
    refused = step(complaints, box["complaint_no"], "answer", ANSWER, status=409)
    assert "explanation" in refused["error"]["details"]
    step(
        complaints,
        box["complaint_no"],
        "explanation",
        {"reason": "需调取排班记录核实", "new_due_date": "2026-10-09"},
    )
    finish(complaints, box["complaint_no"], ANSWER, True, "basically_satisfied")
    metrics = requests.get(f"{complaints.url}/metrics", timeout=10).text
    assert 'hall_complaints_limit_breaches_total{category="window_vacant"} 1.0' in metrics

    events = collect(spy, lambda found: len(of_type(found, "complaint_followed_up")) == 6)
    complaint_events = [e for e in events if e["source"] == "complaints"]
    for event in complaint_events:
        validate_event(event)
    assert {e["data"]["destination"] for e in of_type(events, "complaint_referred")} == {
        "discipline_commission",
        "judiciary",
    }
    assert sorted(e["data"]["answer_channel"] for e in of_type(events, "complaint_answered")) == [
        "oral",
        "oral",
        "written",
        "written",
        "written",
        "written",
    ]
    assert len(of_type(events, "complaint_substantiated")) == 4
    assert len(of_type(events, "complaint_explained")) == 1
    assert len(of_type(events, "complaint_forward_reported")) == 2  # each department's report (R-COMP-8)

    # R-SCORE-1: intake applies the substantiated complaints to S01's September, once each
    def september_refs():
        scores = call("GET", intake, "/reports/staff-scores?month=2026-09", bearer("dev-supervision"))
        return {d["ref"] for s in scores["staff"] if s["staff_id"] == "S01" for d in s["deductions"]}

    expected = {letter["complaint_no"], in_person["complaint_no"], hotline["complaint_no"]}
    assert wait_for(lambda: expected <= september_refs(), timeout=60)

    on_the_bus = json.dumps(events, ensure_ascii=False)
    logs = complaints.log_text() + intake.log_text()
    # 6 x (filed, categorised, answered, closed, followed_up) + 2 forwarded + 2 referred + 4 substantiated
    # + 1 explained: the scan reads the whole run
    assert len(complaint_events) == 41 and "POST /complaints" in logs
    for name, phone_no in COMPLAINANTS.values():
        for secret in (name, phone_no):
            assert secret not in on_the_bus
            assert secret not in logs
            assert secret not in metrics
