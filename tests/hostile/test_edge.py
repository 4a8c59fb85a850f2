"""The HTTP edge of every service (issue 12, points 9, 11, 13 and 14), on the running services of
``hall``: what a hostile body, path or query gets, and what the access log keeps of it."""

from __future__ import annotations

import json

import eventlet
import pytest
import requests
from hostile_kit import BODY_LIMIT, raw_exchange

WINDOW = {"Authorization": "Bearer dev-window-market"}
OFFICE = {"Authorization": "Bearer dev-complaints"}
JSON_TYPE = {"Content-Type": "application/json"}


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def error_of(answer: requests.Response) -> dict:
    assert answer.headers["Content-Type"].startswith("application/json"), answer.text[:200]
    return answer.json()["error"]


# point 9: nesting


@pytest.mark.parametrize(
    "service, path",
    [
        ("intake", "/cases"),
        ("intake", "/track/SL-1/rating"),
        ("complaints", "/complaints"),
        ("joint_review", "/tasks/T1/opinion"),
        ("notify", "/print-jobs/1/handed-over"),
    ],
)
def test_a_body_nested_10000_levels_answers_400_invalid_json(hall, service, path):
    answer = requests.post(
        hall.url(service) + path, data=deep(10_000), headers={**WINDOW, **JSON_TYPE}, timeout=10
    )
    assert answer.status_code == 400 and error_of(answer)["code"] == "invalid_json"


def test_nesting_deeper_than_32_levels_is_refused_and_32_is_read(hall):
    url = hall.url("intake") + "/cases"
    too_deep = requests.post(url, json={"applicant_name": json.loads(deep(32))}, headers=WINDOW, timeout=10)
    assert too_deep.status_code == 400 and "32" in error_of(too_deep)["message"]
    read = requests.post(url, json={"applicant_name": json.loads(deep(31))}, headers=WINDOW, timeout=10)
    assert read.status_code == 422 and error_of(read)["code"] == "validation_failed"


# point 11: size, type, encoding, control characters


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(hall):
    """50 MB announced, 1 KiB sent: the answer comes without the server waiting for the rest."""
    url = hall.url("intake")
    head = (
        f"POST /cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-window-market\r\n"
        f"Content-Type: application/json\r\nContent-Length: {50 * 1024 * 1024}\r\n"
    )
    status, headers, payload = raw_exchange(url, head, b"{" + b" " * 1023)
    assert status == 413 and headers.get("connection") == "close"
    assert json.loads(payload)["error"]["code"] == "payload_too_large"


def test_a_chunked_body_is_read_only_up_to_the_limit(hall):
    url = hall.url("intake")
    head = (
        "POST /cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-window-market\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
    )
    chunk = b" " * 16384
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(BODY_LIMIT // len(chunk) + 2))
    status, _, payload = raw_exchange(url, head, chunks)  # no last chunk: the rest never comes
    assert status == 413 and json.loads(payload)["error"]["code"] == "payload_too_large"


def test_a_chunked_body_within_the_limit_is_read(hall):
    answer = requests.post(
        hall.url("intake") + "/cases",
        data=iter([b'{"applicant_name": ', b'"x"}']),
        headers={**WINDOW, **JSON_TYPE},
        timeout=10,
    )
    assert answer.status_code == 422 and "applicant_name" not in error_of(answer).get("details", {})


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ],
)
def test_a_json_route_refuses_another_content_type_with_415(hall, content_type):
    answer = requests.post(
        hall.url("intake") + "/cases",
        data='{"applicant_name": "x"}',
        headers={**WINDOW, "Content-Type": content_type},
        timeout=10,
    )
    assert answer.status_code == 415 and error_of(answer)["code"] == "unsupported_media_type"


def test_open311_refuses_a_json_body_with_415_in_its_own_error_format(hall):
    answer = requests.post(
        hall.url("complaints") + "/open311/v2/requests.json", json={"api_key": "x"}, timeout=10
    )
    assert answer.status_code == 415 and answer.json()[0]["code"] == 415


def test_invalid_utf8_answers_400_invalid_json(hall):
    answer = requests.post(
        hall.url("intake") + "/cases",
        data=b'{"applicant_name": "\xff\xfe"}',
        headers={**WINDOW, **JSON_TYPE},
        timeout=10,
    )
    assert answer.status_code == 400 and error_of(answer)["code"] == "invalid_json"


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\u2069"])
def test_a_control_character_in_any_string_is_refused_naming_the_field(hall, character):
    body = {
        "applicant_name": f"张{character}三",
        "materials": ["身份证", f"营业{character}执照"],
        "contact": {"address": "ok", f"k{character}": "v"},
    }
    answer = requests.post(hall.url("intake") + "/cases", json=body, headers=WINDOW, timeout=10)
    refused = error_of(answer)
    assert answer.status_code == 422 and refused["code"] == "validation_failed"
    assert {"applicant_name", "materials.1", f"contact.k{character}"} <= set(refused["details"])


def test_tab_newline_and_carriage_return_are_allowed(hall):
    answer = requests.post(
        hall.url("intake") + "/cases", json={"applicant_name": "张\t三\r\n"}, headers=WINDOW, timeout=10
    )
    assert answer.status_code == 422 and "applicant_name" not in error_of(answer)["details"]


@pytest.mark.parametrize("value", ["\x00", "a\u202eb", "\x7f"])
def test_a_control_character_in_a_query_parameter_is_422_naming_it(hall, value):
    """PostgreSQL cannot bind a NUL at all: it must never reach a query."""
    answer = requests.get(
        hall.url("complaints") + "/complaints", params={"status": value}, headers=OFFICE, timeout=10
    )
    refused = error_of(answer)
    assert (answer.status_code, refused["code"]) == (422, "validation_failed")
    assert "status" in refused["details"]


def test_a_control_character_in_a_path_parameter_is_404(hall):
    answer = requests.get(hall.url("intake") + "/cases/SL-1%00", headers=WINDOW, timeout=10)
    assert answer.status_code == 404 and error_of(answer)["code"] == "not_found"


def test_a_control_character_in_an_open311_field_is_refused(hall):
    answer = requests.post(
        hall.url("complaints") + "/open311/v2/requests.json",
        data={"api_key": "dev-complaints", "description": "a\u202eb"},
        timeout=10,
    )
    assert answer.status_code == 400 and "description" in answer.json()[0]["description"]


@pytest.mark.parametrize("limit", ["-1", "0", "abc", "1.5", "201", "5000"])
def test_the_complaints_list_refuses_a_limit_that_is_not_1_to_200(hall, limit):
    answer = requests.get(
        hall.url("complaints") + "/complaints", params={"limit": limit}, headers=OFFICE, timeout=10
    )
    assert answer.status_code == 422 and error_of(answer)["code"] == "validation_failed"
    assert "limit" in error_of(answer)["details"]


def test_the_complaints_list_answers_a_page_of_200(hall):
    answer = requests.get(
        hall.url("complaints") + "/complaints", params={"limit": "200"}, headers=OFFICE, timeout=10
    )
    assert answer.status_code == 200 and answer.json()["limit"] == 200


# point 14: routing answers in JSON


@pytest.mark.parametrize(
    "service, method, path",
    [
        ("notify", "GET", "/print-jobs/abc/print"),
        ("notify", "GET", "/print-jobs/228422380917379086375976960/print"),  # found by schemathesis: a 500
        ("notify", "POST", "/print-jobs/2147483648/handed-over"),
        ("notify", "POST", "/print-jobs/1x/handed-over"),
        ("notify", "POST", "/deliveries/abc/resend"),
        ("intake", "PUT", "/calendar/years/twenty"),
        ("intake", "GET", "/no/such/path"),
        ("complaints", "GET", "/"),
    ],
)
def test_a_path_no_route_matches_answers_json_404(hall, service, method, path):
    answer = requests.request(method, hall.url(service) + path, headers=WINDOW, timeout=10)
    assert answer.status_code == 404 and error_of(answer)["code"] == "not_found"


def test_a_known_path_with_another_method_answers_json_405(hall):
    answer = requests.delete(hall.url("intake") + "/health", timeout=10)
    assert answer.status_code == 405 and error_of(answer)["code"] == "method_not_allowed"
    assert "GET" in answer.headers["Allow"]


# point 13: the access log


def logged(service, line: str) -> str:
    """The service's log once ``line`` is in it (eventlet writes the access line after the
    answer); fails if it never comes."""
    for _ in range(100):
        text = service.log_path.read_text(errors="replace")
        if line in text:
            return text
        eventlet.sleep(0.1)
    raise AssertionError(f"{line!r} never reached {service.log_path}")


def test_the_access_log_keeps_no_query_string(hall):
    intake = hall.logs["intake"]
    answer = requests.get(
        hall.url("intake") + "/tracking",
        params={"case_no": "SL-20261123-MARKER77", "code": "SECRET123"},
        timeout=10,
    )
    assert answer.status_code < 500
    log = logged(intake, "GET /tracking?")  # the request was logged, without its query
    assert "SECRET123" not in log and "MARKER77" not in log


def test_the_applicants_inbox_passes_on_intakes_limit_of_wrong_codes_instead_of_a_500(hall):
    """Found by schemathesis: notify asks intake's tracking route, which answers 429 after ten
    wrong codes for one number; notify answered 500."""
    url = hall.url("notify") + "/applicant/notices"
    answers = [
        requests.get(url, params={"case_no": "SL-20261123-LIMITED1", "code": f"WRONG{n}"}, timeout=10)
        for n in range(12)
    ]
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {404, 429} and statuses[-1] == 429, statuses
    # intake's wait is passed on: the applicant's page can say when to try again
    wait = answers[-1].headers.get("Retry-After")
    assert wait is not None and 0 < int(wait) <= 15 * 60, answers[-1].headers
    assert answers[-1].json()["error"]["details"] == {"retry_after": int(wait)}
