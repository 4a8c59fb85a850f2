"""What the notices story's tests share: the windows' and departments' requests, the notices of a
case read back from notify, and how a person in the hall reads an API's time (China time),
computed here independently of notify's ``china_time``."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import requests
from bus import wait_for
from intake_requests import bearer, case_body, window_of

from hall_contracts.departments import directory

CHINA = ZoneInfo("Asia/Shanghai")
HALL = directory().hall
OPERATOR = bearer("dev-operator")
LEAD = bearer("dev-window-agriculture")
THREE = ["agriculture_rural", "natural_resources", "housing_construction"]
REVIEWERS = {
    "agriculture_rural": "dev-reviewer-agriculture",
    "natural_resources": "dev-reviewer-natres",
    "housing_construction": "dev-reviewer-housing",
}
# 00:30 on a Wednesday in China, still Tuesday in UTC: a date read in UTC shows
FIRST_DAY = "2026-12-01T16:30:00+00:00"
SHOWN = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日(?: \d{2}:\d{2})?")


def call(method: str, url: str, headers: dict, body: dict | None = None) -> dict:
    answer = requests.request(method, url, data=json.dumps(body or {}), headers=headers, timeout=10)
    assert answer.status_code in (200, 201), f"{url}: {answer.status_code} {answer.text}"
    return answer.json()


def china(value: str, date_only: bool = False) -> str:
    """How a person in the hall reads an API's RFC 3339 moment or date (computed here, not by notify)."""
    if len(value) == 10:
        day = date.fromisoformat(value)
        return f"{day.year}年{day.month}月{day.day}日"
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"an API time without its offset: {value}"
    local = moment.astimezone(CHINA)
    shown = f"{local.year}年{local.month}月{local.day}日"
    return shown if date_only else f"{shown} {local:%H:%M}"


def readings(*values: str | None) -> set[str]:
    """Every way a notice may show these times: the moment, or its China date."""
    found = {china(v) for v in values if v} | {china(v, date_only=True) for v in values if v}
    return found


def archived(notify, case_no: str) -> dict[str, list[dict]]:
    answer = call("GET", f"{notify.url}/notices?case_no={case_no}", OPERATOR)
    by_type: dict[str, list[dict]] = {}
    for notice in answer["notices"]:
        by_type.setdefault(notice["notice_type"], []).append(notice)
    return by_type


def notices(notify, case_no: str, *expected: str) -> dict[str, str]:
    """The applicant's notices of the case once every expected type is archived, one of each, by
    type; each opens with its title, names the case, and shows only times in ``allowed``."""
    found = wait_for(
        lambda: (lambda got: got if set(expected) <= set(got) else None)(archived(notify, case_no)), 60
    )
    texts = {}
    for notice_type in expected:
        (notice,) = [n for n in found[notice_type] if n["audience"] == "applicant"]
        assert notice["content"].startswith(notice["title"]) and case_no in notice["content"], notice
        texts[notice_type] = notice["content"]
    return texts


def shows_only(texts: dict[str, str], allowed: set[str]) -> None:
    for notice_type, text in texts.items():
        shown = set(SHOWN.findall(text))
        assert shown <= allowed, f"{notice_type} shows {shown - allowed}, not China time of {allowed}"


def receipt_says(notify, text: str, accepted: dict, case: dict) -> None:
    """``text`` as staff outside the case's department read it: the code masked; the applicant,
    with the code, reads the receipt printing it."""
    assert "查询码：********" in text and accepted["verification_code"] not in text
    query = {"case_no": accepted["case_no"], "code": accepted["verification_code"]}
    mine = requests.get(f"{notify.url}/applicant/notices", params=query, timeout=10).json()["notices"]
    (receipt,) = [n["content"] for n in mine if n["notice_type"] == "receipt"]
    assert receipt == text.replace("********", accepted["verification_code"])
    assert f"首问责任人：{case['staff_name']}（{case['window']}号窗口" in text


def accept(intake, item_code: str, **changes) -> tuple[dict, dict]:
    """The window's answer to ``POST /cases`` and the case as staff read it after."""
    accepted = call("POST", f"{intake.url}/cases", window_of(item_code), case_body(item_code, **changes))
    return accepted, case_of(intake, accepted["case_no"])


def case_of(intake, case_no: str) -> dict:
    return call("GET", f"{intake.url}/cases/{case_no}", OPERATOR)


def decide_joint_case(intake, joint, opinions: dict[str, dict]) -> tuple[dict, dict]:
    """A NY-001 case through its review over HTTP: each department's opinion, the lead's decision."""
    accepted = call("POST", f"{intake.url}/cases", LEAD, case_body("NY-001"))
    review_id = f"JR-{accepted['case_no']}"

    def tasks_of(department):
        url = f"{joint.url}/departments/{department}/tasks"
        return [
            t for t in call("GET", url, bearer(REVIEWERS[department]))["tasks"] if t["review_id"] == review_id
        ]

    assert wait_for(lambda: all(tasks_of(d) for d in THREE), timeout=30)
    for department in THREE:
        (task,) = tasks_of(department)
        opinion = {"opinion_id": str(uuid.uuid4()), **opinions[department]}
        call("POST", f"{joint.url}/tasks/{task['task_id']}/opinion", bearer(REVIEWERS[department]), opinion)
    review = call("POST", f"{joint.url}/reviews/{review_id}/decision", LEAD)
    return accepted, review


def history_line(intake, case_no: str, action: str) -> dict:
    lines = call("GET", f"{intake.url}/cases/{case_no}/history", OPERATOR)["lines"]
    (line,) = [line for line in lines if line["action"] == action]
    assert china(line["on_date"]) == china(line["at"], date_only=True)  # the hall's day is China's
    return line


def completed_says(text: str, case: dict, verdict: str) -> None:
    """The completion notice: when, the result, and the invitation to rate with the receipt's code."""
    assert text.startswith("办结通知书") and f"办结时间：{china(case['completed_at'])}" in text
    assert f"办理结果：{verdict}" in text and "满意、基本满意、不满意" in text
    assert f"{HALL.tracking_url}/{case['case_no']}" in text and "查询码" in text
    assert text.rstrip().endswith(china(case["completed_at"], date_only=True))
