"""The "could not get it done" desk over HTTP (R-UNRES-1..2), in a real container on a real
database. "Now" is the injected clock: each step sets it, nothing sleeps."""

import json
import logging
from datetime import date

from desk_calls import (
    CIVIL_WINDOW,
    MARKET_HEAD,
    MARKET_WINDOW,
    OFFICE,
    REPORTER,
    answer,
    events,
    extend,
    follow_up,
    forward,
    hall_time,
    item_body,
    item_row,
    post,
    register,
    snapshot,
    steps,
)

from hall_contracts.registry import validate_event

MONDAY = date(2026, 11, 23)


def at(complaints, day, hour=10, minute=0):
    complaints.clock.return_value = hall_time(day, hour, minute)


def registered_and_forwarded(complaints, web, tier="ordinary", units=("market_regulation",), day=MONDAY):
    at(complaints, day)
    item = register(web, tier=tier, units=list(units))
    response = forward(web, item["item_no"])
    assert response.status_code == 200, response.text
    return response.json()


def test_r_unres_1_each_tier_gets_its_limit_in_working_days_from_the_forwarding(complaints_http, web_session):
    immediate = registered_and_forwarded(complaints_http, web_session, "immediate")
    ordinary = registered_and_forwarded(complaints_http, web_session, "ordinary")
    several = registered_and_forwarded(
        complaints_http, web_session, "multi_department", ("market_regulation", "taxation")
    )
    assert [(i["tier"], i["limit_days"], i["deadline"]) for i in (immediate, ordinary, several)] == [
        ("immediate", 0, "2026-11-23"),
        ("ordinary", 1, "2026-11-24"),
        ("multi_department", 3, "2026-11-26"),
    ]
    assert several["closes_at"] == "2026-11-26T17:00:00+08:00"
    forwarded = events(complaints_http.engine, "desk_item_forwarded")
    assert [e["data"]["deadline"] for e in forwarded] == ["2026-11-23", "2026-11-24", "2026-11-26"]
    for event in events(complaints_http.engine):
        validate_event(event)


def test_r_unres_1_the_limit_skips_the_national_day_holiday_and_counts_the_working_saturday(
    complaints_http, web_session
):
    item = registered_and_forwarded(
        complaints_http,
        web_session,
        "multi_department",
        ("market_regulation", "taxation"),
        day=date(2026, 9, 30),
    )
    assert item["deadline"] == "2026-10-10"  # 1-7 October off, Saturday 10 October is a working day


def test_r_unres_1_registration_seals_the_contact_and_only_the_office_reads_it(complaints_http, web_session):
    at(complaints_http, MONDAY)
    item = register(web_session)
    assert "reporter" not in item and item["status"] == "registered"
    row = item_row(complaints_http.engine, item["item_no"])
    stored = json.dumps(
        {**row, "steps": steps(complaints_http.engine, item["item_no"])}, default=str, ensure_ascii=False
    )
    published = json.dumps(events(complaints_http.engine), ensure_ascii=False)
    for secret in REPORTER.values():
        assert secret not in stored and secret not in published
    forward(web_session, item["item_no"])
    as_unit = web_session.get(f"/desk/items/{item['item_no']}", headers=MARKET_WINDOW).json()
    assert "reporter" not in as_unit and as_unit["reporter_ref"] == item["reporter_ref"]
    # even the office reads the contact only through the audited route: the item leaves it out,
    # and each read through the route is a step of the trail
    as_office = web_session.get(f"/desk/items/{item['item_no']}", headers=OFFICE).json()
    assert "reporter" not in as_office
    assert not [s for s in as_office["steps"] if s["step"] == "contact_read"]
    contact = web_session.get(f"/desk/items/{item['item_no']}/reporter", headers=OFFICE)
    assert contact.status_code == 200 and contact.json() == {**REPORTER, "email": None, "address": None}
    trail = web_session.get(f"/desk/items/{item['item_no']}", headers=OFFICE).json()["steps"]
    assert [s["step"] for s in trail].count("contact_read") == 1
    assert web_session.get(f"/desk/items/{item['item_no']}", headers=CIVIL_WINDOW).status_code == 403


def test_r_unres_1_bad_registrations_list_every_problem_and_store_nothing(complaints_http, web_session):
    at(complaints_http, MONDAY)
    body = item_body(tier="weekly", units=["market_regulation", "market_regulation", "nowhere"], reporter={})
    del body["reason"]
    response = post(web_session, "/desk/items", body)
    assert response.status_code == 422, response.text
    details = response.json()["error"]["details"]
    assert {"tier", "units", "reason", "reporter"} <= set(details)
    two_units = ["market_regulation", "taxation"]
    several = post(web_session, "/desk/items", item_body(tier="ordinary", units=two_units))
    assert several.status_code == 422 and "tier" in several.json()["error"]["details"]
    assert events(complaints_http.engine) == []


def test_r_unres_1_the_tier_defaults_from_the_units_involved(complaints_http, web_session):
    at(complaints_http, MONDAY)
    two_units = ["market_regulation", "taxation"]
    assert register(web_session, tier=None, units=two_units)["tier"] == "multi_department"
    assert register(web_session, tier=None)["tier"] == "ordinary"


def test_r_unres_1_an_extension_without_the_reporters_consent_is_refused_and_changes_nothing(
    complaints_http, web_session
):
    item = registered_and_forwarded(complaints_http, web_session)
    before = snapshot(complaints_http.engine, item["item_no"])
    body = {"days": 9, "reason": ""}
    response = post(web_session, f"/desk/items/{item['item_no']}/extension", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "consent_required"
    assert {"consent", "days", "reason"} <= set(error["details"])
    assert snapshot(complaints_http.engine, item["item_no"]) == before


def test_r_unres_1_an_extension_with_recorded_consent_moves_the_deadline_and_names_who_recorded_it(
    complaints_http, web_session
):
    item = registered_and_forwarded(complaints_http, web_session)
    at(complaints_http, MONDAY, 11)
    response = extend(web_session, item["item_no"], headers=MARKET_HEAD)
    assert response.status_code == 200, response.text
    assert (response.json()["deadline"], response.json()["extension_days"]) == ("2026-11-26", 2)
    [event] = events(complaints_http.engine, "desk_item_extended")
    validate_event(event)
    assert event["data"]["consent"] == {
        "recorded_by": "S09",
        "recorded_at": "2026-11-23T03:00:00+00:00",
        "given_at": "2026-11-23T10:30:00+08:00",
        "method": "phone",
    }
    assert event["data"]["previous_deadline"] == "2026-11-24"
    too_long = extend(web_session, item["item_no"], days=4)
    assert too_long.status_code == 422 and "days" in too_long.json()["error"]["details"]
    future = extend(
        web_session, item["item_no"], consent={"given_at": "2026-11-24T09:00:00+08:00", "method": "phone"}
    )
    assert future.status_code == 422 and "consent.given_at" in future.json()["error"]["details"]
    assert len(events(complaints_http.engine, "desk_item_extended")) == 1


def test_r_unres_2_the_unit_answers_the_desk_calls_back_within_a_working_day_and_records_satisfaction(
    complaints_http, web_session
):
    item = registered_and_forwarded(complaints_http, web_session)  # Monday, due Tuesday
    at(complaints_http, date(2026, 11, 24), 16)
    answered = answer(web_session, item["item_no"])
    assert answered.status_code == 200, answered.text
    assert (answered.json()["answered_on_time"], answered.json()["follow_up_due"]) == (True, "2026-11-25")
    at(complaints_http, date(2026, 11, 25), 9)
    closed = follow_up(web_session, item["item_no"], satisfaction="basically_satisfied")
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["satisfaction"]) == ("closed", "basically_satisfied")
    [called] = events(complaints_http.engine, "desk_item_followed_up")
    validate_event(called)
    assert (called["data"]["on_time"], called["data"]["answered_on_time"]) == (True, True)
    trail = [s["step"] for s in closed.json()["steps"]]
    assert trail == ["registered", "forwarded", "answered", "followed_up"]


def test_r_unres_2_a_late_answer_and_a_late_call_are_recorded_as_late(complaints_http, web_session):
    item = registered_and_forwarded(complaints_http, web_session)  # due Tuesday 17:00
    at(complaints_http, date(2026, 11, 24), 17, 30)
    assert answer(web_session, item["item_no"]).json()["answered_on_time"] is False
    at(complaints_http, date(2026, 11, 27))  # due Wednesday
    follow_up(web_session, item["item_no"])
    [called] = events(complaints_http.engine, "desk_item_followed_up")
    assert called["data"]["on_time"] is False


def test_r_unres_2_only_the_owning_unit_answers_and_a_closed_item_cannot_be_answered_again(
    complaints_http, web_session
):
    item = registered_and_forwarded(complaints_http, web_session)
    assert answer(web_session, item["item_no"], headers=CIVIL_WINDOW).status_code == 403
    answer(web_session, item["item_no"])
    follow_up(web_session, item["item_no"])
    before = snapshot(complaints_http.engine, item["item_no"])
    again = answer(web_session, item["item_no"])
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"
    assert follow_up(web_session, item["item_no"]).status_code == 409
    assert extend(web_session, item["item_no"]).status_code == 409
    assert snapshot(complaints_http.engine, item["item_no"]) == before


def test_r_unres_2_the_ledger_exports_the_whole_trail_with_times_and_actors_and_no_contact(
    complaints_http, web_session
):
    item = registered_and_forwarded(complaints_http, web_session)
    at(complaints_http, MONDAY, 11)
    assert extend(web_session, item["item_no"]).status_code == 200
    answer(web_session, item["item_no"])
    follow_up(web_session, item["item_no"], note="已电话回访")
    query = "/desk/ledger?from=2026-11-23&to=2026-11-23"
    ledger = web_session.get(query, headers=bearer_supervision()).json()
    [entry] = ledger["items"]
    assert [(s["step"], s["actor"]) for s in entry["steps"]] == [
        ("registered", "CO1"),
        ("forwarded", "CO1"),
        ("extended", "CO1"),
        ("answered", "S01"),
        ("followed_up", "CO1"),
    ]
    assert all(s["at"] for s in entry["steps"]) and "identity" not in entry
    csv_text = web_session.get(query + "&format=csv", headers=OFFICE)
    assert csv_text.headers["Content-Type"].startswith("text/csv")
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("事项编号,未办成事项,层级") and lines[1].startswith("item_no,item,tier")
    assert len(lines) == 7  # two header rows, one row per step
    for secret in REPORTER.values():
        assert secret not in csv_text.text and secret not in json.dumps(ledger, ensure_ascii=False)
    bad = web_session.get("/desk/ledger?from=2026-13-01&to=2026-11-01&format=xls", headers=OFFICE)
    assert bad.status_code == 422 and {"from", "format"} <= set(bad.json()["error"]["details"])


def test_r_unres_1_only_the_office_registers_forwards_and_calls_back(complaints_http, web_session):
    at(complaints_http, MONDAY)
    assert post(web_session, "/desk/items", item_body(), MARKET_WINDOW).status_code == 403
    assert post(web_session, "/desk/items", item_body(), {}).status_code == 401
    item = register(web_session)
    assert forward(web_session, item["item_no"], headers=MARKET_WINDOW).status_code == 403
    wrong = forward(web_session, item["item_no"], department="taxation")
    assert wrong.status_code == 422 and "department" in wrong.json()["error"]["details"]
    assert answer(web_session, item["item_no"], headers=OFFICE).status_code == 409  # not forwarded yet


def test_desk_metrics_count_items_by_tier_and_satisfaction(complaints_http, web_session):
    item = registered_and_forwarded(complaints_http, web_session, "immediate")
    registered_and_forwarded(complaints_http, web_session, "ordinary")
    answer(web_session, item["item_no"])
    follow_up(web_session, item["item_no"], satisfaction="dissatisfied")
    at(complaints_http, date(2026, 11, 25))
    text = web_session.get("/metrics").text
    assert 'hall_complaints_desk_items{status="closed",tier="immediate"} 1.0' in text
    assert 'hall_complaints_desk_items_overdue{tier="ordinary"} 1.0' in text
    assert 'hall_complaints_desk_follow_ups{satisfaction="dissatisfied"} 1.0' in text
    assert REPORTER["phone"] not in text


def bearer_supervision():
    return {"Authorization": "Bearer dev-supervision"}


def test_r_unres_1_no_log_line_of_a_whole_desk_run_names_the_reporter(complaints_http, web_session, caplog):
    caplog.set_level(logging.DEBUG)
    item = registered_and_forwarded(complaints_http, web_session)
    post(web_session, f"/desk/items/{item['item_no']}/extension", {"days": 1})  # refused: no consent
    answer(web_session, item["item_no"])
    follow_up(web_session, item["item_no"])
    web_session.get(f"/desk/items/{item['item_no']}", headers=OFFICE)
    web_session.get("/metrics")
    assert caplog.records
    assert [value for value in REPORTER.values() if value in caplog.text] == []
