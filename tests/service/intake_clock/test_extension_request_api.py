"""R-CLOCK-4 at the window: a clerk asks for an extension, the window head extends or declines.
Over HTTP, in a real container on a real database; "now" is the injected clock."""

import json
from datetime import date

from intake_clock_calls import HEAD, WINDOW, accept, case_row, events, extend, hall_time, history, unchanged
from intake_requests import bearer

from intake.clock.extension_requests import pending_request

REASON = "需现场核查经营场所 (a site check is needed)"


def ask(web, case_no, headers=WINDOW, **body):
    body = {"days": 2, "reason": REASON, **body}
    return web.post(f"/cases/{case_no}/extension-request", data=json.dumps(body), headers=headers)


def decline(web, case_no, headers=HEAD, reason="期限内可以办结"):
    return web.post(
        f"/cases/{case_no}/extension-request/decline", data=json.dumps({"reason": reason}), headers=headers
    )


def accepted_on_monday(intake, web):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    case_no = accept(web)["case_no"]
    intake.clock.return_value = hall_time(date(2026, 11, 25))
    return case_no


def snapshot(intake, case_no):
    return case_row(intake, case_no), history(intake, case_no), len(events(intake))


def test_r_clock_4_a_clerks_request_waits_in_the_history_until_the_head_extends(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    response = ask(web_session, case_no)
    assert response.status_code == 200, response.text
    assert response.json()["deadline"] == "2026-11-30"  # asking changes no deadline
    assert pending_request(history(intake, case_no)) == {"days": 2, "reason": REASON, "requested_by": "S01"}
    assert events(intake, "case_extended") == []
    assert extend(web_session, case_no, days=2).status_code == 200
    assert pending_request(history(intake, case_no)) is None
    assert [line["action"] for line in history(intake, case_no)][-2:] == ["extension_requested", "extended"]


def test_r_clock_4_the_head_declines_a_request_with_a_reason_and_the_deadline_stays(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    assert ask(web_session, case_no).status_code == 200
    response = decline(web_session, case_no)
    assert response.status_code == 200 and response.json()["deadline"] == "2026-11-30"
    line = history(intake, case_no)[-1]
    assert line["action"] == "extension_declined"
    assert (line["details"]["declined_by"], line["details"]["requested_by"]) == ("S09", "S01")
    assert pending_request(history(intake, case_no)) is None
    assert decline(web_session, case_no).json()["error"]["code"] == "no_extension_request"


def test_r_clock_4_one_request_at_a_time_and_only_the_head_of_the_department_declines(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    assert ask(web_session, case_no).status_code == 200
    before = snapshot(intake, case_no)
    again = ask(web_session, case_no)
    assert again.status_code == 409 and again.json()["error"]["code"] == "extension_already_requested"
    assert decline(web_session, case_no, headers=WINDOW).status_code == 403
    assert decline(web_session, case_no, headers=bearer("dev-head-civil")).status_code == 403
    assert ask(web_session, case_no, headers=bearer("dev-window-civil")).status_code == 403
    unchanged(intake, case_no, *before)


def test_r_clock_4_a_request_the_head_could_not_approve_is_refused_at_once(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    before = snapshot(intake, case_no)
    past_the_law = ask(web_session, case_no, days=6)  # promised 5 of a legal 10 working days
    assert past_the_law.status_code == 422 and "days" in past_the_law.json()["error"]["details"]
    blank = ask(web_session, case_no, reason=" ")
    assert blank.status_code == 422 and "reason" in blank.json()["error"]["details"]
    intake.clock.return_value = hall_time(date(2026, 11, 30), 9)  # the deadline day: too late
    assert ask(web_session, case_no).json()["error"]["code"] == "extension_too_late"
    unchanged(intake, case_no, *before)
