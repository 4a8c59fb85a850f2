"""Issue 12 point 13: wrong verification codes on the public tracking routes are limited, per case
number (10 in 15 minutes) and per client address (30 in a minute): 429 ``too_many_attempts`` with
``Retry-After``; other addresses and other numbers keep working. (300 wrong codes once took 0.64 s.)"""

import http.client
import json

import pytest
from intake_ledger_calls import accept, rate

WRONG = "AAAAAAAA"


def track(web, case_no: str, code: str):
    return web.get(f"/track/{case_no}", params={"code": code})


def track_from(address: str, port: int, case_no: str, code: str) -> tuple[int, dict]:
    """The same request from another client address (any 127.x.y.z reaches the loopback)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(address, 0))
    try:
        connection.request("GET", f"/track/{case_no}?code={code}")
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def assert_too_many(response) -> None:
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert error["code"] == "too_many_attempts" and "验证码错误次数过多" in error["message"]
    assert 1 <= int(response.headers["Retry-After"]) == error["details"]["retry_after"]


def test_r_rate_1_ten_wrong_codes_lock_that_case_number_for_15_minutes(intake, web_session, web_config_port):
    case, other = accept(web_session), accept(web_session)
    for _ in range(10):
        assert track(web_session, case["case_no"], WRONG).status_code == 404
    locked = track(web_session, case["case_no"], case["verification_code"])
    assert_too_many(locked)
    assert int(locked.headers["Retry-After"]) <= 15 * 60
    assert_too_many(rate(web_session, case))
    status, body = track_from("127.0.0.2", web_config_port, case["case_no"], case["verification_code"])
    assert (status, body["error"]["code"]) == (429, "too_many_attempts")  # a new address gets no further
    assert track(web_session, other["case_no"], other["verification_code"]).status_code == 200


def test_r_rate_1_thirty_wrong_codes_from_one_address_lock_that_address(intake, web_session, web_config_port):
    case = accept(web_session)
    guesses = [f"HALL-20261123-GUESS{n:03d}" for n in range(30)]  # one try per number: under its limit
    for case_no in guesses[:29]:
        assert track(web_session, case_no, WRONG).status_code == 404
    assert rate(web_session, {"case_no": guesses[29], "verification_code": WRONG}).status_code == 404
    assert_too_many(track(web_session, case["case_no"], case["verification_code"]))
    status, body = track_from("127.0.0.2", web_config_port, case["case_no"], case["verification_code"])
    assert (status, body["case_no"]) == (200, case["case_no"])  # the right code works for others
    status, body = track_from("127.0.0.3", web_config_port, guesses[0], WRONG)
    assert (status, body["error"]["code"]) == (404, "not_found")


NOTIFY = {"Authorization": "Bearer dev-service-notify"}  # notify's notices page asks on an applicant's behalf
CONSOLE = {"Authorization": "Bearer dev-console"}  # so does the console's public tracking page
CLERK = {"Authorization": "Bearer dev-window-market"}  # staff vouch for nobody's address


def guess_30(web_session, headers_of) -> None:
    for n in range(30):
        case_no = f"HALL-20261123-GUESS{n:03d}"
        answer = web_session.get(f"/track/{case_no}", params={"code": WRONG}, headers=headers_of(n))
        assert answer.status_code == 404


@pytest.mark.parametrize("forwarder", [NOTIFY, CONSOLE], ids=["notify", "console"])
def test_r_rate_1_a_hall_service_names_the_applicants_address_and_only_it_is_locked(
    intake, web_session, forwarder
):
    case = accept(web_session)
    right = {"code": case["verification_code"]}
    guess_30(web_session, lambda n: {**forwarder, "X-Hall-Client-Address": "10.1.1.1"})
    locked = web_session.get(
        f"/track/{case['case_no']}", params=right, headers={**forwarder, "X-Hall-Client-Address": "10.1.1.1"}
    )
    assert_too_many(locked)
    other = web_session.get(
        f"/track/{case['case_no']}", params=right, headers={**forwarder, "X-Hall-Client-Address": "10.1.1.2"}
    )
    assert other.status_code == 200, other.text  # the forwarder's other applicants go on
    assert web_session.get(f"/track/{case['case_no']}", params=right).status_code == 200


@pytest.mark.parametrize("token", [{}, CLERK], ids=["no token", "a clerk's token"])
def test_r_rate_1_the_address_header_without_a_service_token_changes_nothing(intake, web_session, token):
    case = accept(web_session)
    guess_30(web_session, lambda n: {**token, "X-Hall-Client-Address": f"10.2.0.{n}"})
    spoofed = web_session.get(
        f"/track/{case['case_no']}",
        params={"code": case["verification_code"]},
        headers={**token, "X-Hall-Client-Address": "10.2.1.1"},
    )
    assert_too_many(spoofed)
