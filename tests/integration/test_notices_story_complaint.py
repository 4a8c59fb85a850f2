"""The notices story's written complaint, end to end with complaints and notify on the real broker:
a letter whose limit is missed is caught by the sweep, cannot be answered before the delay is
explained (R-COMP-5), is explained (the delay notice) and then answered in writing (the answer,
R-COMP-6). Both notices are read back from notify and every date or time they show must be the
China-time reading of a time complaints' API returned (the clock stands at 00:30 China time,
still the day before in UTC)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import requests
from bus import wait_for
from intake_requests import bearer
from notice_story import FIRST_DAY, SHOWN, china, readings

OFFICE = bearer("dev-complaints")
LETTER = {
    "channel": "letter",
    "category": "poor_attitude",
    "matter": "窗口工作人员态度生硬，未一次性告知所需材料",
    "occurred_at": "2026-11-30T10:00:00+08:00",
    "place": "W03 窗口",
    "department": "market_regulation",
    "staff_id": "S01",
    "complainant": {"name": "王小明", "phone": "13912345678", "address": "城关镇人民路 9 号"},
}


def call(method: str, url: str, body: dict | None = None, status: int = 200) -> dict:
    answer = requests.request(method, url, data=json.dumps(body or {}), headers=OFFICE, timeout=10)
    assert answer.status_code == status, f"{url}: {answer.status_code} {answer.text}"
    return answer.json()


def complaint_notices(notify, complaint_no: str) -> dict[str, str] | None:
    found = call("GET", f"{notify.url}/notices?complaint_no={complaint_no}")["notices"]
    texts = {n["notice_type"]: n["content"] for n in found if n["audience"] == "complainant"}
    return texts if {"complaint_delay", "complaint_answer"} <= set(texts) else None


def test_a_written_complaint_answered_late_gets_the_delay_notice_then_the_answer_in_china_time(stack):
    complaints = stack.start("complaints", {"FIXED_NOW": FIRST_DAY, "SWEEP_SECONDS": "3600"})
    notify = stack.start("notify", {"COMPLAINTS_URL": complaints.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    filed = call("POST", f"{complaints.url}/complaints", LETTER, 201)
    no, due = filed["complaint_no"], filed["due_date"]

    # 00:30 China time the day after the due date (in UTC still the due date): the limit is missed
    complaints.restart(env={"FIXED_NOW": f"{due}T16:30:00+00:00", "SWEEP_SECONDS": "3600"})
    assert call("POST", f"{complaints.url}/complaints/sweep")["raised"]["overdue"] == 1
    answer = {"findings": "经查，情况属实。", "decision": "已责令整改并批评教育。"}
    refused = call("POST", f"{complaints.url}/complaints/{no}/answer", answer, 409)
    assert "explanation" in refused["error"]["details"]
    new_due = (date.fromisoformat(due) + timedelta(days=3)).isoformat()
    reason = "需调取监控录像核实"
    call("POST", f"{complaints.url}/complaints/{no}/explanation", {"reason": reason, "new_due_date": new_due})
    call("POST", f"{complaints.url}/complaints/{no}/answer", answer)
    complaint = call("GET", f"{complaints.url}/complaints/{no}")
    (explained,) = [line["at"] for line in complaint["timeline"] if line["action"] == "explained"]

    texts = wait_for(lambda: complaint_notices(notify, no), timeout=60)
    delay, answered = texts["complaint_delay"], texts["complaint_answer"]
    assert delay.startswith("投诉延期答复说明") and f"投诉编号：{no}" in delay
    assert f"收到投诉：{china(complaint['received_at'], date_only=True)}" in delay
    assert (
        f"您的投诉原定于{china(due)}前答复" in delay
        and f"因以下原因，未能在规定时限内答复：\n{reason}" in delay
    )
    assert f"我们预计于{china(new_due)}前答复您，并负责跟踪处理直至办结" in delay
    assert delay.rstrip().endswith(china(explained))
    assert answered.startswith("投诉处理意见书") and f"投诉编号：{no}" in answered
    assert answer["findings"] in answered and answer["decision"] in answered
    assert f"收到投诉：{china(complaint['received_at'], date_only=True)}" in answered
    assert answered.rstrip().endswith(china(complaint["answered_at"], date_only=True))  # dated by day
    allowed = readings(complaint["received_at"], due, new_due, explained, complaint["answered_at"])
    for text in texts.values():
        assert set(SHOWN.findall(text)) <= allowed, text
    assert "王小明" not in delay + answered  # the complainant's name is on the envelope, not in the archive
