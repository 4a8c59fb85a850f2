"""A written complaint is answered in writing (R-COMP-6): complaints publishes the answer with a
pseudonym only; notify reads the complainant's address over complaints' internal path and
sends the 投诉处理意见书 by email, or queues it as a letter when there is no email. The
complainant's name and phone appear in no event on the bus."""

from __future__ import annotations

import json

import requests
from bus import bind_spy_queue, drain, wait_for
from intake_requests import bearer

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

OFFICE = bearer("dev-complaints")
NAME, PHONE = "王小明", "13912345678"


def file_and_answer(complaints, **complainant) -> str:
    filed = requests.post(
        f"{complaints.url}/complaints",
        headers=OFFICE,
        timeout=10,
        data=json.dumps(
            {
                "channel": "letter",
                "category": "poor_attitude",
                "severity": "simple",
                "matter": "窗口工作人员态度生硬，未一次性告知所需材料",
                "occurred_at": "2026-11-20T10:00:00+08:00",
                "place": "W03 窗口",
                "department": "market_regulation",
                "staff_id": "S01",
                "complainant": {"name": NAME, "phone": PHONE, **complainant},
            }
        ),
    )
    assert filed.status_code == 201, filed.text
    number = filed.json()["complaint_no"]
    answer = {"findings": "经查，情况属实。", "decision": "已责令整改并批评教育。"}
    answered = requests.post(
        f"{complaints.url}/complaints/{number}/answer", headers=OFFICE, timeout=10, data=json.dumps(answer)
    )
    assert answered.status_code in (200, 201), answered.text
    return number


def notices_of(notify, complaint_no: str, channel: str, status: str) -> list[dict] | None:
    found = requests.get(
        f"{notify.url}/notices", params={"complaint_no": complaint_no}, headers=OFFICE, timeout=5
    ).json()["notices"]
    ok = [n for n in found if any(d["channel"] == channel and d["status"] == status for d in n["deliveries"])]
    return ok or None


def notify_env(complaints, gateway, smtp) -> dict:
    """notify reading complaints' contacts and delivering through the local SMS and mail peers."""
    return {
        "COMPLAINTS_URL": complaints.url,
        "SMS_GATEWAY_URL": gateway.url,
        "SMS_GATEWAY_KEY": gateway.api_key,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "DELIVERY_POLL_SECONDS": "0.2",
    }


def test_r_comp_6_a_written_complaint_is_answered_in_writing_by_email_or_else_by_letter(stack):
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    try:
        complaints = stack.start("complaints")
        notify = stack.start("notify", notify_env(complaints, gateway, smtp))
        spy = bind_spy_queue(stack.amqp_uri, ["complaints.events", "notify.events"])
        by_email = file_and_answer(complaints, email="wxm@example.cn", address="城关镇人民路 8 号")
        (notice,) = wait_for(lambda: notices_of(notify, by_email, "email", "delivered"), timeout=40)
        assert notice["notice_type"] == "complaint_answer" and notice["audience"] == "complainant"
        assert [d["channel"] for d in notice["deliveries"]] == ["email"]  # written: never an SMS
        (mail,) = [m for m in smtp.messages() if "wxm@example.cn" in m["rcpt_tos"]]
        assert by_email in mail["body"] and "已责令整改" in mail["body"]
        by_letter = file_and_answer(complaints, address="城关镇人民路 9 号")
        (letter,) = wait_for(lambda: notices_of(notify, by_letter, "letter", "sent"), timeout=40)
        assert [(d["channel"], d["status"]) for d in letter["deliveries"]] == [
            ("email", "failed"),
            ("letter", "sent"),
        ]
        assert gateway.sent_count == 0
        # the window prints the letter with the address read from complaints for this page only
        jobs = requests.get(f"{notify.url}/print-jobs", headers=OFFICE, timeout=5).json()["jobs"]
        (job,) = [job for job in jobs if job["complaint_no"] == by_letter]
        page = requests.get(f"{notify.url}/print-jobs/{job['id']}/print", headers=OFFICE, timeout=5)
        assert page.status_code == 200 and "城关镇人民路 9 号" in page.text and NAME in page.text
        assert by_letter in page.text
        published = drain(spy, expected=waiting(spy), timeout=10)
        assert len(published) >= 6  # filed, answered (x2), notify's issued, delivered, failed
        for body, _ in published:
            assert NAME not in body.decode() and PHONE not in body.decode()
    finally:
        gateway.stop()
        smtp.stop()


def waiting(spy) -> int:
    _, channel, name = spy
    return channel.queue_declare(name, passive=True).method.message_count
