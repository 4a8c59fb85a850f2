"""R-UNRES-2: the owning unit reports the result to the reporter, so it (and the desk) may read the
reporter's sealed contact while the item is with it, each read a step of the trail; no other unit
or role ever does; notify reads it only to deliver the result notice after the unit's answer."""

from __future__ import annotations

from datetime import date

from desk_calls import (
    CIVIL_WINDOW,
    MARKET_HEAD,
    MARKET_WINDOW,
    OFFICE,
    REPORTER,
    answer,
    events,
    follow_up,
    forward,
    hall_time,
    register,
    snapshot,
)
from intake_requests import bearer

MONDAY = date(2026, 11, 23)
NOTIFY = bearer("dev-service-notify")


def reporter(web, item_no: str, headers):
    return web.get(f"/desk/items/{item_no}/reporter", headers=headers)


def contact_reads(answer_json: dict) -> list[tuple[str, str, str]]:
    return [
        (step["actor"], step["actor_role"], step["details"]["purpose"])
        for step in answer_json["steps"]
        if step["step"] == "contact_read"
    ]


def test_r_unres_2_the_owning_unit_reads_the_reporters_contact_to_report_back_and_the_read_is_on_the_trail(
    complaints_http, web_session
):
    complaints_http.clock.return_value = hall_time(MONDAY)
    item = register(web_session)["item_no"]
    before = snapshot(complaints_http.engine, item)
    registered = reporter(web_session, item, MARKET_WINDOW)  # not forwarded to it yet
    assert registered.status_code == 403 and registered.json()["error"]["code"] == "forbidden"
    assert snapshot(complaints_http.engine, item) == before  # a refused read leaves no step
    assert forward(web_session, item).status_code == 200
    for headers in (MARKET_WINDOW, MARKET_HEAD):
        opened = reporter(web_session, item, headers)
        assert opened.status_code == 200, opened.text
        assert {key: opened.json()[key] for key in REPORTER} == REPORTER
    other = reporter(web_session, item, CIVIL_WINDOW)
    assert other.status_code == 403 and "13912345678" not in other.text
    assert reporter(web_session, item, bearer("dev-supervision")).status_code == 403
    assert reporter(web_session, item, OFFICE).status_code == 200  # the desk, always
    trail = web_session.get(f"/desk/items/{item}", headers=OFFICE).json()
    assert contact_reads(trail) == [
        ("S01", "window_staff", "report_back"),
        ("S09", "window_head", "report_back"),
        ("CO1", "complaints_office", "desk"),
    ]
    assert all("13912345678" not in str(step["details"]) for step in trail["steps"])
    assert not [e for e in events(complaints_http.engine) if "13912345678" in str(e)]


def test_r_unres_2_the_unit_reads_the_contact_only_while_the_item_is_with_it(complaints_http, web_session):
    complaints_http.clock.return_value = hall_time(MONDAY)
    item = register(web_session)["item_no"]
    forward(web_session, item)
    assert answer(web_session, item).status_code == 200
    assert reporter(web_session, item, MARKET_WINDOW).status_code == 200  # answered: reporting back
    follow_up(web_session, item)
    closed = reporter(web_session, item, MARKET_WINDOW)
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "contact_not_available"
    assert "反映事项状态为 closed" in closed.json()["error"]["message"]


def test_r_unres_2_notify_reads_the_contact_only_while_the_result_notice_is_delivered(
    complaints_http, web_session
):
    complaints_http.clock.return_value = hall_time(MONDAY)
    item = register(web_session)["item_no"]
    forward(web_session, item)
    internal = f"/internal/desk/items/{item}/contact"
    assert web_session.get(internal, headers=NOTIFY).status_code == 409  # no result yet
    assert web_session.get(internal, headers=MARKET_WINDOW).status_code == 403
    answer(web_session, item)
    opened = web_session.get(internal, headers=NOTIFY)
    assert opened.status_code == 200 and opened.json()["phone"] == REPORTER["phone"]
    [answered] = events(complaints_http.engine, "desk_item_answered")
    assert answered["data"]["reporter_ref"] and "phone" not in str(answered["data"])
    complaints_http.clock.return_value = hall_time(date(2026, 12, 1))  # 8 days on: delivery is over
    assert web_session.get(internal, headers=NOTIFY).status_code == 409
    trail = web_session.get(f"/desk/items/{item}", headers=OFFICE).json()
    assert [purpose for _, _, purpose in contact_reads(trail)] == ["result_notice"]
