"""The four services of the role matrix, started once for the module on a vhost of their own,
with real resources seeded through their HTTP APIs (a case, a joint review with a meeting and an
inspection, a roster post, a complaint with a forward, a desk item, the case's notices)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests
from bus import wait_for
from intake_requests import bearer, case_body

JOINT_ITEM = "SC-020"  # joint, led by market_regulation
JOINT_DEPARTMENTS = ("market_regulation", "public_security", "taxation", "human_resources_social_security")
MARKET = "market_regulation"
CHINA = timezone(timedelta(hours=8))


INSPECTION = {"site": "人民路 8 号经营场所", "departments": ["public_security"], "expected_working_days": 2}
ROSTER_POST = {
    "window": "W03",
    "department": MARKET,
    "primary": {"staff_id": "S01", "name": "李四", "phone": "0571-1234"},
    "backup": {"staff_id": "S02", "name": "王五", "phone": "0571-1235"},
}


REVIEWERS = {
    "primary": {"reviewer_id": "R01", "name": "市场监管审查员"},
    "backup": {"reviewer_id": "R02", "name": "市场监管审查员乙"},
}
ENQUIRY = {"item_code": "SC-010", "channel": "phone", "enquirer_phone": "13900000161"}
NO_SMS = "13900000104"  # the local SMS gateway refuses it for good (400)


def meeting_body() -> dict:
    """A meeting three days from now, 10:00 in the hall."""
    day = datetime.now(CHINA).date() + timedelta(days=3)
    return {
        "at": f"{day.isoformat()}T10:00:00+08:00",
        "place": "三楼会议室",
        "departments": ["public_security"],
    }


def call(method: str, url: str, token: str, body=None, status: int = 200) -> dict:
    answer = requests.request(method, url, json=body, headers=bearer(token), timeout=15)
    assert answer.status_code == status, f"{method} {url}: {answer.status_code} {answer.text}"
    return answer.json() if answer.content else {}


def seed(services: dict) -> dict:
    """Path parameters that point at things that exist (all of market_regulation)."""
    intake, joint = services["intake"], services["joint_review"]
    complaints, notify = services["complaints"], services["notify"]
    case = call("POST", f"{intake.url}/cases", "dev-window-market", case_body("SC-010"), 201)
    joint_case = call("POST", f"{intake.url}/cases", "dev-window-market", case_body(JOINT_ITEM), 201)
    review_id = f"JR-{joint_case['case_no']}"

    def market_tasks():
        return call("GET", f"{joint.url}/departments/{MARKET}/tasks", "dev-reviewer-market")["tasks"]

    [task] = wait_for(market_tasks, timeout=60)
    complaint = call(
        "POST",
        f"{complaints.url}/complaints",
        "dev-complaints",
        {
            "channel": "letter",
            "category": "poor_attitude",
            "matter": "窗口办理拖延、解释不清",
            "occurred_at": "2026-11-20T10:00:00+08:00",
            "place": "便民服务中心 W03 窗口",
            "department": MARKET,
            "window": "W03",
            "staff_id": "S01",
            "complainant": {"name": "欧阳明远", "phone": "13911110001", "address": "城关镇人民路 8 号"},
        },
        201,
    )
    complaint_no = complaint["complaint_no"]
    call(
        "POST",
        f"{complaints.url}/complaints/{complaint_no}/forwards",
        "dev-complaints",
        {"departments": [MARKET]},
    )
    item = call(
        "POST",
        f"{complaints.url}/desk/items",
        "dev-complaints",
        {
            "item": "个体工商户设立登记",
            "item_code": "SC-010",
            "units": [MARKET],
            "reason": "窗口称系统故障，三次往返仍未办成",
            "tier": "ordinary",
            "reporter": {"name": "王小明", "phone": "13912345678"},
        },
        201,
    )

    def case_notices():
        return call("GET", f"{notify.url}/notices?case_no={case['case_no']}", "dev-window-market")["notices"]

    notice = wait_for(case_notices, timeout=60)[0]
    lead = "dev-lead-market"
    meeting = call("POST", f"{joint.url}/reviews/{review_id}/meetings", lead, meeting_body(), 201)
    inspection = call("POST", f"{joint.url}/reviews/{review_id}/inspections", lead, INSPECTION, 201)
    call("PUT", f"{intake.url}/roster/posts/W03", "dev-head-market", ROSTER_POST, 201)
    call("PUT", f"{joint.url}/departments/{MARKET}/reviewers", "dev-operator", REVIEWERS, 201)
    # an applicant without a working phone nor email gets letters: print jobs of market_regulation
    call("POST", f"{intake.url}/cases", "dev-window-market", case_body("SC-010", applicant_phone=NO_SMS), 201)

    def letters():
        return call("GET", f"{notify.url}/print-jobs", "dev-window-market")["jobs"]

    job = wait_for(letters, timeout=60)[0]
    # a written complaint about market_regulation answered by letter (no email): R-COMP-4
    letter_no = call(
        "POST",
        f"{complaints.url}/complaints",
        "dev-complaints",
        {
            "channel": "letter",
            "category": "poor_attitude",
            "matter": "窗口工作人员态度生硬",
            "occurred_at": "2026-11-20T10:00:00+08:00",
            "place": "W03 窗口",
            "department": MARKET,
            "staff_id": "S01",
            "complainant": {"name": "欧阳明远", "phone": "13911110001", "address": "城关镇人民路 9 号"},
        },
        201,
    )["complaint_no"]
    call(
        "POST",
        f"{complaints.url}/complaints/{letter_no}/answer",
        "dev-complaints",
        {"findings": "经查，情况属实。", "decision": "已责令整改并批评教育。"},
    )

    def complaint_letters():
        jobs = call("GET", f"{notify.url}/print-jobs", "dev-complaints")["jobs"]
        return [job for job in jobs if job["complaint_no"] == letter_no]

    [letter] = wait_for(complaint_letters, timeout=60)
    # R-ONCE-2: a phone enquiry of market_regulation, its one-time notice tracked by notify
    enquiry_no = call("POST", f"{intake.url}/enquiries", "dev-window-market", ENQUIRY, 201)["enquiry_no"]

    def tracked():
        return call("GET", f"{notify.url}/one-time-notices", "dev-supervision")["notices"]

    wait_for(tracked, timeout=60)
    return {
        "case_no": case["case_no"],
        "review_id": review_id,
        "task_id": str(task["task_id"]),
        "complaint_no": complaint_no,
        "item_no": item["item_no"],
        "notice_no": notice["notice_no"],
        "department": MARKET,
        "staff_id": "S01",
        "reviewer_id": "R01",
        "post_id": "W03",
        "window": "W03",
        "code": "SC-010",
        "fmt": "json",
        "year": "2026",
        # no such rows: the refusal must come before the lookup (the allowed roles get 404)
        "meeting_id": meeting["meeting_id"],
        "inspection_id": inspection["inspection_id"],
        "job_id": str(job["id"]),
        "leave_id": "1",
        "delivery_id": "1",
        "letter_complaint_no": letter_no,
        "letter_job_id": str(letter["id"]),
        "letter_notice_no": letter["notice_no"],
        "request_id": "1",
        "applicant_ref": "A-unknown",
        "enquiry_no": enquiry_no,
    }


@pytest.fixture(scope="module")
def matrix_sms_gateway():
    from local_stack.peers.sms_gateway import LocalSmsGateway

    gateway = LocalSmsGateway().start()
    gateway.fail_always(NO_SMS, 400)
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def matrix_smtp_server():
    from local_stack.peers.smtp_server import LocalSmtpServer

    server = LocalSmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hall(private_broker, tmp_path_factory, matrix_sms_gateway, matrix_smtp_server):
    """``{"services": {name: RunningService}, "ids": {path parameter: value}}``."""
    from stack import sqlite_stack

    stack = sqlite_stack(private_broker, tmp_path_factory.mktemp("role-matrix"))
    try:
        services = {
            "complaints": stack.start("complaints"),
            "joint_review": stack.start("joint_review", env={"DEPARTMENTS": ",".join(JOINT_DEPARTMENTS)}),
        }
        services["intake"] = stack.start("intake")
        services["notify"] = stack.start(
            "notify",
            {
                "INTAKE_URL": services["intake"].url,
                "COMPLAINTS_URL": services["complaints"].url,
                "SMS_GATEWAY_URL": matrix_sms_gateway.url,
                "SMS_GATEWAY_KEY": matrix_sms_gateway.api_key,
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(matrix_smtp_server.port),
                "DELIVERY_POLL_SECONDS": "0.2",
                "RETRY_BASE_SECONDS": "0.3",
            },
        )
        yield {"services": services, "ids": seed(services)}
    finally:
        stack.stop()
