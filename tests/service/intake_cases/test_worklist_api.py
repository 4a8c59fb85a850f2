"""``GET /cases``, the worklist, in a real nameko container on a real database: who sees which
open cases, in which order (urgent first, R-KIND-7), a page at a time, and bad filters refused."""

import json
from datetime import UTC, datetime

import pytest
from intake_requests import bearer, case_body, materials, window_of

MARKET, CIVIL, SUPERVISION = bearer("dev-window-market"), window_of("MZ-001"), bearer("dev-supervision")


@pytest.fixture
def hall(intake_http, web_session):
    """Six open cases (five of market_regulation, one of civil_affairs), numbers by letter."""
    main = materials("SC-010", "main")
    bodies = {
        "plain": case_body("SC-010"),  # due 2026-11-30
        "urgent_sooner": case_body("SC-010", urgent=True, urgent_days=4),  # 2026-11-27
        "joint": case_body("SC-020"),  # 2026-11-26
        "supplement": case_body("SC-010", presented=main[:1], to_follow=main[1:]),  # no deadline
        "civil": case_body("MZ-001"),  # due today
        "urgent": case_body("SC-010", urgent=True),  # 2026-11-30
    }
    numbers = {}
    for name, body in bodies.items():
        answer = web_session.post("/cases", data=json.dumps(body), headers=window_of(body["item_code"]))
        assert answer.status_code == 201, answer.text
        numbers[answer.json()["case_no"]] = name
    intake_http.numbers = numbers
    return intake_http


def listed(hall, web_session, headers, **query) -> list[str]:
    answer = web_session.get("/cases", params=query, headers=headers)
    assert answer.status_code == 200, answer.text
    return [hall.numbers[row["case_no"]] for row in answer.json()["cases"]]


def test_r_kind_7_the_worklist_lists_urgent_cases_first_then_by_deadline_with_none_last(hall, web_session):
    expected = ["urgent_sooner", "urgent", "civil", "joint", "plain", "supplement"]
    assert listed(hall, web_session, SUPERVISION) == expected
    first = web_session.get("/cases", headers=SUPERVISION).json()["cases"][0]
    assert (first["deadline"], first["working_days_left"], first["overdue"]) == ("2026-11-27", 4, False)
    assert (first["kind"], first["status"], first["holder_id"], first["window"]) == (
        "promised",
        "in_progress",
        "S01",
        "W03",
    )


def test_a_window_sees_its_departments_open_cases_only_and_never_another_departments(hall, web_session):
    market = ["urgent_sooner", "urgent", "joint", "plain", "supplement"]
    assert listed(hall, web_session, MARKET) == market
    assert listed(hall, web_session, bearer("dev-lead-market"), department="market_regulation") == market
    assert listed(hall, web_session, CIVIL) == ["civil"]
    refused = web_session.get("/cases", params={"department": "civil_affairs"}, headers=MARKET)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert web_session.get("/cases", headers=bearer("dev-reviewer-market")).status_code == 403
    assert web_session.get("/cases").status_code == 401


def test_the_worklist_filters_and_pages_with_limit_and_offset(hall, web_session):
    page = web_session.get("/cases", params={"limit": 2, "offset": 2}, headers=SUPERVISION).json()
    assert [hall.numbers[row["case_no"]] for row in page["cases"]] == ["civil", "joint"]
    assert (page["total"], page["limit"], page["offset"]) == (6, 2, 2)
    assert listed(hall, web_session, MARKET, urgent="false", due_before="2026-11-30") == ["joint"]
    assert listed(hall, web_session, MARKET, status="awaiting_supplement") == ["supplement"]
    assert listed(hall, web_session, SUPERVISION, overdue="true") == []
    hall.clock.return_value = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # 17:30: today's deadline passed
    assert listed(hall, web_session, SUPERVISION, overdue="true") == ["civil"]
    assert len(listed(hall, web_session, SUPERVISION, overdue="false")) == 5


def test_bad_filters_are_refused_with_every_bad_field_listed(hall, web_session):
    query = {
        "limit": "0",
        "urgent": "maybe",
        "due_before": "tomorrow",
        "status": "completed",
        "colour": "red",
    }
    answer = web_session.get("/cases", params=query, headers=SUPERVISION)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "validation_failed" and error["message"].startswith("筛选条件有误")
    assert sorted(error["details"]) == ["colour", "due_before", "limit", "status", "urgent"]
    assert error["details"]["limit"] == ["每页条数须在 1 到 200 之间 (page size must be 1..200)"]
