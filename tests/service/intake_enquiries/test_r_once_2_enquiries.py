"""R-ONCE-2 at intake: a window records an enquiry whose one-time notice follows by SMS or email
within 3 calendar days; the contact stays in intake (notify reads it internally), never on the bus."""

import json
from datetime import UTC, datetime

from intake_requests import bearer, window_of
from sqlalchemy import select

from intake.orm import enquiries, metadata
from reliable_events import add_core_tables

SERVICE = bearer("dev-service-notify")
# Friday 4 December 2026, 17:30 China time: the notice is due by 24:00 on Monday 7 December
FRIDAY_EVENING = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def record(web_session, status=201, headers=None, **body):
    answer = web_session.post(
        "/enquiries",
        data=json.dumps({"item_code": "SC-010", **body}),
        headers=headers or window_of("SC-010"),
    )
    assert answer.status_code == status, answer.text
    return answer.json()


def test_r_once_2_a_phone_enquiry_is_due_by_24_00_of_the_third_calendar_day_and_announced_without_the_phone(
    intake_http, web_session
):
    intake_http.clock.return_value = FRIDAY_EVENING
    enquiry = record(web_session, enquirer_phone="13900000171", channel="phone")
    assert enquiry["notice_due_at"] == "2026-12-07T16:00:00+00:00"  # Monday 24:00 China time: weekends count
    assert enquiry["contacts"] == ["sms"] and enquiry["taken_by"] == "S01"
    outbox, _ = add_core_tables(metadata)
    with intake_http.engine.connect() as connection:
        rows = connection.execute(select(outbox.c.routing_key, outbox.c.body)).all()
    [(routing_key, body)] = [row for row in rows if row.routing_key == "enquiry_recorded"]
    event = json.loads(body)
    assert event["data"]["enquiry_no"] == enquiry["enquiry_no"]
    assert event["data"]["applicant_ref"] == f"APP-{enquiry['enquiry_no']}"
    assert "13900000171" not in str(body)  # never the phone on the bus
    # notify reads the contact over the internal path, and only notify
    path = f"/internal/applicants/APP-{enquiry['enquiry_no']}/contact"
    contact = web_session.get(path, headers=SERVICE).json()
    assert (contact["phone"], contact["email"], contact["channel"]) == ("13900000171", None, "phone")
    assert web_session.get(path, headers=window_of("SC-010")).status_code == 403
    # the clerk reads it back
    again = web_session.get(f"/enquiries/{enquiry['enquiry_no']}", headers=window_of("SC-010"))
    assert again.status_code == 200 and again.json() == enquiry


def test_r_once_2_an_enquiry_without_phone_or_email_or_with_bad_ones_is_refused_in_chinese(
    intake_http, web_session
):
    for body in ({}, {"enquirer_phone": "abc"}, {"enquirer_email": "not-an-address"}, {"channel": "fax"}):
        refused = record(web_session, 422, **{"enquirer_phone": None, **body})
        assert refused["error"]["code"] == "validation_failed"
    missing = record(web_session, 422)["error"]
    assert "手机号或电子邮箱" in missing["details"]["enquirer_phone"][0]
    unknown = web_session.post(
        "/enquiries",
        data=json.dumps({"item_code": "NO-SUCH", "enquirer_phone": "13900000172"}),
        headers=window_of("SC-010"),
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_item"
    with intake_http.engine.connect() as connection:
        assert connection.execute(select(enquiries)).all() == []


def test_r_once_2_only_windows_of_the_items_department_record_and_read_an_enquiry(intake_http, web_session):
    enquiry = record(web_session, enquirer_email="enquirer@example.cn", channel="window")
    assert enquiry["contacts"] == ["email"]
    other = record(web_session, 403, headers=bearer("dev-window-civil"), enquirer_phone="13900000173")
    assert other["error"]["code"] == "forbidden"
    assert record(web_session, 403, headers=bearer("dev-supervision"), enquirer_phone="13900000173")
    path = f"/enquiries/{enquiry['enquiry_no']}"
    assert web_session.get(path, headers=bearer("dev-window-civil")).status_code == 403
    assert web_session.get(path, headers=bearer("dev-supervision")).status_code == 200
    assert (
        web_session.get("/enquiries/ENQ-20261204-NOSUCH00", headers=bearer("dev-supervision")).status_code
        == 404
    )
