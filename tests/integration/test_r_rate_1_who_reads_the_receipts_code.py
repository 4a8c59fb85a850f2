"""The receipt's code (查询码) opens the case's tracking, notices and rating to whoever holds it
(R-RATE-1): intake and notify as processes on the real broker, the receipt rendered with the code
notify reads from intake, then read back on every route that shows a notice's text, by each
role that may read it. The applicant and the windows of the case's department read the code;
supervision, the operator and the complaints office read it masked, with the hash of what they
read; another department's window finds no such notice."""

from __future__ import annotations

import hashlib

import pytest
import requests
from bus import wait_for
from intake_requests import bearer, case_body, window_of

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

MASK = "********"
WINDOW_MARKET, WINDOW_CIVIL = bearer("dev-window-market"), bearer("dev-window-civil")
OFFICES = {
    "supervision": bearer("dev-supervision"),
    "operator": bearer("dev-operator"),
    "complaints office": bearer("dev-complaints"),
}
PHONE = "13900000131"  # refused for good by the gateway: the receipt also waits as a letter


@pytest.fixture
def receipt(stack):
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    try:
        yield hall_with_a_receipt(stack, gateway, smtp)
    finally:
        gateway.stop()
        smtp.stop()


def hall_with_a_receipt(stack, gateway, smtp):
    """intake and notify running; one case accepted whose receipt waits as a letter."""
    gateway.fail_always(PHONE, 400)
    intake = stack.start("intake")
    env = {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": gateway.url, "SMS_GATEWAY_KEY": gateway.api_key}
    env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp.port), DELIVERY_POLL_SECONDS="0.2")
    notify = stack.start("notify", env)
    body = case_body("SC-010", applicant_phone=PHONE)
    answer = requests.post(f"{intake.url}/cases", json=body, headers=window_of("SC-010"), timeout=10)
    assert answer.status_code == 201, answer.text
    case = answer.json()

    def letter():
        jobs = requests.get(f"{notify.url}/print-jobs", headers=WINDOW_MARKET, timeout=5).json()["jobs"]
        found = [job for job in jobs if job["case_no"] == case["case_no"] and "回执" in job["title"]]
        return found[0] if found else None

    job = wait_for(letter, timeout=40)
    return notify, case, job


def listed_receipt(notify, case_no: str, headers: dict) -> dict | None:
    answer = requests.get(f"{notify.url}/notices", params={"case_no": case_no}, headers=headers, timeout=5)
    assert answer.status_code == 200, answer.text
    found = [n for n in answer.json()["notices"] if n["notice_type"] == "receipt"]
    return found[0] if found else None


def test_r_rate_1_the_receipts_code_is_read_by_the_applicant_and_its_departments_windows_alone(receipt):
    notify, case, job = receipt
    code, case_no = case["verification_code"], case["case_no"]
    printed = f"查询码：{code}"
    window = listed_receipt(notify, case_no, WINDOW_MARKET)
    assert window is not None and printed in window["content"]
    number = window["notice_no"]
    one = requests.get(f"{notify.url}/notices/{number}", headers=WINDOW_MARKET, timeout=5).json()
    assert printed in one["content"] and one["content_sha256"] == window["content_sha256"]
    page = requests.get(f"{notify.url}/notices/{number}/print", headers=WINDOW_MARKET, timeout=5)
    assert printed in page.text
    # the window prints the receipt at the counter (here: the applicant's SMS was refused)
    letter = requests.get(f"{notify.url}/print-jobs/{job['id']}/print", headers=WINDOW_MARKET, timeout=5)
    assert letter.status_code == 200 and printed in letter.text
    # the applicant, with their code and no login
    mine = requests.get(
        f"{notify.url}/applicant/notices", params={"case_no": case_no, "code": code}, timeout=5
    ).json()["notices"]
    assert [n for n in mine if n["notice_type"] == "receipt" and printed in n["content"]]

    for role, headers in OFFICES.items():
        listed = listed_receipt(notify, case_no, headers)
        opened = requests.get(f"{notify.url}/notices/{number}", headers=headers, timeout=5).json()
        page = requests.get(f"{notify.url}/notices/{number}/print", headers=headers, timeout=5)
        for text in (listed["content"], opened["content"], page.text):
            assert code not in text and f"查询码：{MASK}" in text, role
        # the hash of what they read (notice_issued's), never the one a code could be hashed to
        masked_hash = hashlib.sha256(opened["content"].encode("utf-8")).hexdigest()
        assert listed["content_sha256"] == opened["content_sha256"] == masked_hash != window["content_sha256"]
        assert masked_hash in page.text and window["content_sha256"] not in page.text, role
        letter = requests.get(f"{notify.url}/print-jobs/{job['id']}/print", headers=headers, timeout=5)
        assert letter.status_code in (403, 404), role  # a case's letter is its windows' to print

    assert listed_receipt(notify, case_no, WINDOW_CIVIL) is None
    for path in (f"/notices/{number}", f"/notices/{number}/print", f"/print-jobs/{job['id']}/print"):
        assert requests.get(f"{notify.url}{path}", headers=WINDOW_CIVIL, timeout=5).status_code == 404
