"""What real notices say, with intake, joint_review and notify running on the real broker: a joint
case's completion keeps a department's condition under its name and a refusal names each refusing
department (R-JOINT-4), a return is dated and states the remedy (R-KIND-4), and the one-time
notice states the item's conditions and prerequisites and the hall's contact (R-ONCE-1)."""

from __future__ import annotations

import json
import uuid

import requests
from bus import wait_for
from intake_requests import bearer, case_body, materials, window_of

from hall_contracts.departments import directory

OPERATOR = bearer("dev-operator")
LEAD = bearer("dev-window-agriculture")
THREE = ["agriculture_rural", "natural_resources", "housing_construction"]
REVIEWERS = {
    "agriculture_rural": "dev-reviewer-agriculture",
    "natural_resources": "dev-reviewer-natres",
    "housing_construction": "dev-reviewer-housing",
}
HALL = directory().hall


def post(url: str, body: dict, headers: dict) -> dict:
    answer = requests.post(url, data=json.dumps(body), headers=headers, timeout=10)
    assert answer.status_code in (200, 201), f"{url}: {answer.status_code} {answer.text}"
    return answer.json()


def notice_of(notify, case_no: str, notice_type: str) -> str | None:
    answer = requests.get(f"{notify.url}/notices", params={"case_no": case_no}, headers=OPERATOR, timeout=5)
    found = [n["content"] for n in answer.json()["notices"] if n["notice_type"] == notice_type]
    return found[0] if found else None


def decide_joint_case(intake, joint, opinions: dict[str, dict]) -> str:
    """A NY-001 case through its review: each department's opinion, then the lead's decision."""
    case_no = post(f"{intake.url}/cases", case_body("NY-001"), LEAD)["case_no"]

    def tasks_of(department):
        answer = requests.get(
            f"{joint.url}/departments/{department}/tasks", headers=bearer(REVIEWERS[department]), timeout=5
        )
        return [task for task in answer.json()["tasks"] if task["review_id"] == f"JR-{case_no}"]

    assert wait_for(lambda: all(tasks_of(d) for d in THREE), timeout=30)
    for department in THREE:
        (task,) = tasks_of(department)
        opinion = {"opinion_id": str(uuid.uuid4()), **opinions[department]}
        post(f"{joint.url}/tasks/{task['task_id']}/opinion", opinion, bearer(REVIEWERS[department]))
    post(f"{joint.url}/reviews/JR-{case_no}/decision", {}, LEAD)
    return case_no


def test_r_joint_4_real_completion_notices_keep_conditions_and_name_the_refusing_departments(stack):
    intake = stack.start("intake")
    joint = stack.start("joint_review", env={"DEPARTMENTS": ",".join(THREE)})
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    approve = {"verdict": "approve"}
    condition = "建房不得占用永久基本农田"
    approved = decide_joint_case(
        intake,
        joint,
        {**dict.fromkeys(THREE, approve), "natural_resources": {**approve, "conditions": [condition]}},
    )
    reason = "拟建位置占用永久基本农田，不符合国土空间规划"
    refused = decide_joint_case(
        intake,
        joint,
        {**dict.fromkeys(THREE, approve), "natural_resources": {"verdict": "reject", "reason": reason}},
    )

    assert wait_for(lambda: notice_of(notify, approved, "completion"), timeout=40)
    text = notice_of(notify, approved, "completion")
    assert "准予许可" in text and f"1. 自然资源局：{condition}" in text
    assert f"{HALL.tracking_url}/{approved}" in text
    assert wait_for(lambda: notice_of(notify, refused, "completion"), timeout=40)
    text = notice_of(notify, refused, "completion")
    assert "不予许可" in text and f"1. 自然资源局：{reason}" in text and "natural_resources" not in text
    assert "六十日内向县人民政府申请行政复议" in text
    joint_notice = notice_of(notify, approved, "joint_case")
    assert joint_notice and "农业农村局、自然资源局、住房和城乡建设局" in joint_notice


def test_r_once_1_and_r_kind_4_real_one_time_and_return_notices_state_what_the_rules_require(stack):
    intake = stack.start("intake")
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    window = window_of("SC-011")
    item = materials("SC-011")
    supplement = post(
        f"{intake.url}/cases", case_body("SC-011", presented=item[1:], to_follow=item[:1]), window
    )
    reason = "经营场所不符合食品经营条件 (the premises do not qualify)"
    body = case_body("SC-011", decision="return", return_reason=reason)
    returned = post(f"{intake.url}/cases", body, window)

    assert wait_for(lambda: notice_of(notify, supplement["case_no"], "one_time"), timeout=40)
    text = notice_of(notify, supplement["case_no"], "one_time")
    assert "一、基本条件" in text and "具有与经营的食品品种、数量相适应的经营场所" in text
    assert "二、前置手续" in text and "已取得营业执照等合法主体资格" in text
    assert HALL.address in text and HALL.phone in text
    assert wait_for(lambda: notice_of(notify, returned["case_no"], "return"), timeout=40)
    text = notice_of(notify, returned["case_no"], "return")
    assert reason in text and "退回日期：" in text and "行政复议" in text and "行政诉讼" in text
