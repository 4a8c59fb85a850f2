"""R-FIRST-2 end to end: a transfer with an agreed time becomes the applicant's transfer notice,
with intake and notify running on the real broker."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import requests
from bus import wait_for
from intake_requests import bearer, case_body, window_of

OPERATOR = bearer("dev-operator")
CHINA = ZoneInfo("Asia/Shanghai")


def test_r_first_2_a_transfer_with_an_agreed_time_reaches_the_applicant_as_the_transfer_notice(stack):
    intake = stack.start("intake")
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    window = window_of("SC-010")
    accepted = requests.post(
        f"{intake.url}/cases", data=json.dumps(case_body("SC-010")), headers=window, timeout=10
    )
    assert accepted.status_code == 201, accepted.text
    case_no = accepted.json()["case_no"]
    agreed = (datetime.now(UTC) + timedelta(days=2)).replace(second=0, microsecond=0)
    body = {
        "to": {"staff_id": "S21", "name": "陈刚", "window": "W07"},
        "note": "属不动产登记事项",
        "agreed_time": agreed.isoformat(),
    }
    moved = requests.post(
        f"{intake.url}/cases/{case_no}/transfer", data=json.dumps(body), headers=window, timeout=10
    )
    assert moved.status_code == 200, moved.text

    def transfer_notices():
        answer = requests.get(
            f"{notify.url}/notices", params={"case_no": case_no}, headers=OPERATOR, timeout=5
        )
        return [n for n in answer.json()["notices"] if n["notice_type"] == "transfer"]

    [notice] = wait_for(transfer_notices, timeout=30)
    local = agreed.astimezone(CHINA)
    assert (notice["audience"], notice["recipient_ref"]) == ("applicant", f"APP-{case_no}")
    assert "W07号窗口陈刚办理" in notice["content"]
    assert f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}" in notice["content"]
