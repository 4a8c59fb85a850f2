"""The notices of a complaint's steps and of the desk's result, end to end on the real broker
(R-COMP-5, R-COMP-8, R-UNRES-2): complaints publishes pseudonyms only; notify puts the forwarded
complaint in the department's inbox, emails a written complaint's complainant the department's
report and the delay notice, and texts the desk reporter the unit's result, reading each contact
from complaints over its internal routes for that send only. No name or phone on the bus."""

from __future__ import annotations

import json
from datetime import date, timedelta

import requests
from bus import bind_spy_queue, drain, wait_for
from intake_requests import bearer
from test_notify_complaint_answer import notices_of, notify_env, waiting

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

OFFICE = bearer("dev-complaints")
CIVIL = bearer("dev-window-civil")
MARKET = bearer("dev-window-market")
NAME, PHONE, EMAIL = "王小明", "13912345678", "wxm@example.cn"
REPORTER_PHONE = "13800138000"


def call(method: str, url: str, headers: dict, body=None, status: int = 200) -> dict:
    answer = requests.request(method, url, headers=headers, data=json.dumps(body or {}), timeout=10)
    assert answer.status_code == status, answer.text
    return answer.json()


def file_written_complaint(complaints) -> dict:
    body = {
        "channel": "letter",
        "category": "poor_attitude",
        "matter": "窗口工作人员态度生硬，未一次性告知所需材料",
        "occurred_at": "2026-11-20T10:00:00+08:00",
        "place": "W03 窗口",
        "department": "market_regulation",
        "staff_id": "S01",
        "complainant": {"name": NAME, "phone": PHONE, "email": EMAIL},
    }
    return call("POST", f"{complaints.url}/complaints", OFFICE, body, 201)


def inbox(notify, headers: dict) -> list[dict]:
    return call("GET", f"{notify.url}/inbox", headers)["messages"]


def mails_to(smtp, address: str, heading: str) -> list[dict]:
    return [m for m in smtp.messages() if address in m["rcpt_tos"] and heading in m["body"]]


def test_r_comp_8_the_department_is_told_and_its_report_and_the_delay_reach_the_complainant_by_email(stack):
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    try:
        complaints = stack.start("complaints")
        notify = stack.start("notify", notify_env(complaints, gateway, smtp))
        spy = bind_spy_queue(stack.amqp_uri, ["complaints.events", "notify.events"])
        complaint = file_written_complaint(complaints)
        no = complaint["complaint_no"]
        call("POST", f"{complaints.url}/complaints/{no}/forwards", OFFICE, {"departments": ["civil_affairs"]})
        (told,) = wait_for(lambda: [m for m in inbox(notify, CIVIL) if no in m["content"]], timeout=40)
        assert told["title"] == "投诉转办通知" and "未一次性告知所需材料" in told["content"]
        assert NAME not in told["content"] and PHONE not in told["content"]
        report = "已约谈当事窗口人员，当场补正告知"
        call(
            "POST",
            f"{complaints.url}/complaints/{no}/forwards/civil_affairs/report",
            CIVIL,
            {"report": report},
        )
        (mail,) = wait_for(lambda: mails_to(smtp, EMAIL, "投诉处理情况反馈"), timeout=40)
        assert report in mail["body"] and no in mail["body"]
        new_date = date.fromisoformat(complaint["due_date"]) + timedelta(days=7)
        explanation = {"reason": "需调取监控录像核实", "new_due_date": new_date.isoformat()}
        call("POST", f"{complaints.url}/complaints/{no}/explanation", OFFICE, explanation)
        (delay,) = wait_for(lambda: mails_to(smtp, EMAIL, "投诉延期答复说明"), timeout=40)
        assert "需调取监控录像核实" in delay["body"]
        assert f"{new_date.year}年{new_date.month}月{new_date.day}日前答复" in delay["body"]
        types = {n["notice_type"] for n in wait_for(lambda: notices_of(notify, no, "email", "delivered"))}
        assert {"complaint_report", "complaint_delay"} <= types
        assert gateway.sent_count == 0  # written gets written: never an SMS (R-COMP-6)
        published = drain(spy, expected=waiting(spy), timeout=10)
        for body, _ in published:
            assert NAME not in body.decode() and PHONE not in body.decode() and EMAIL not in body.decode()
    finally:
        gateway.stop()
        smtp.stop()


def test_r_unres_2_the_reporter_gets_the_units_result_by_sms(stack):
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    try:
        complaints = stack.start("complaints")
        notify = stack.start("notify", notify_env(complaints, gateway, smtp))
        item = {
            "item": "个体工商户设立登记",
            "units": ["market_regulation"],
            "reason": "窗口称系统故障，三次往返仍未办成",
            "reporter": {"name": NAME, "phone": REPORTER_PHONE},
        }
        item_no = call("POST", f"{complaints.url}/desk/items", OFFICE, item, 201)["item_no"]
        call(
            "POST",
            f"{complaints.url}/desk/items/{item_no}/forwarding",
            OFFICE,
            {"department": "market_regulation"},
        )
        contact = call("GET", f"{complaints.url}/desk/items/{item_no}/reporter", MARKET)
        assert contact["phone"] == REPORTER_PHONE  # the unit may call the reporter back
        result = {"result": "系统已恢复，已当场办结并致歉", "solved": True}
        call("POST", f"{complaints.url}/desk/items/{item_no}/answer", MARKET, result)
        (sms,) = wait_for(lambda: [m for m in gateway.messages() if m["to"] == REPORTER_PHONE], timeout=40)
        assert "系统已恢复" in sms["text"] and item_no in sms["text"]
        listed = requests.get(f"{notify.url}/notices", params={"item_no": item_no}, headers=OFFICE, timeout=5)
        (notice,) = listed.json()["notices"]
        assert (notice["notice_type"], notice["audience"], notice["item_no"]) == (
            "desk_result",
            "reporter",
            item_no,
        )
        window = requests.get(f"{notify.url}/notices", params={"item_no": item_no}, headers=MARKET, timeout=5)
        assert window.status_code == 403  # a window never lists a desk item's notices
        trail = call("GET", f"{complaints.url}/desk/items/{item_no}", OFFICE)["steps"]
        reads = [(s["actor_role"], s["details"]["purpose"]) for s in trail if s["step"] == "contact_read"]
        assert reads == [("window_staff", "report_back"), ("service", "result_notice")]
    finally:
        gateway.stop()
        smtp.stop()
