"""The applicant's notices rendered from events the real producers publish: intake's windows
(supplement and one-time notice, return, suspension, extension, completion, receipt) and joint
review (joint-case notice, reviewers' task notices, one consolidated supplement notice), with
intake, joint_review and notify running on the real broker."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import requests
from bus import bind_spy_queue, drain, wait_for
from intake_requests import bearer, case_body, materials, window_of

OPERATOR = bearer("dev-operator")
HEAD = bearer("dev-head-market")
THREE = ["agriculture_rural", "natural_resources", "housing_construction"]
REVIEWERS = {
    "agriculture_rural": "dev-reviewer-agriculture",
    "natural_resources": "dev-reviewer-natres",
    "housing_construction": "dev-reviewer-housing",
}


def post(url: str, body: dict, headers: dict) -> dict:
    answer = requests.post(url, data=json.dumps(body), headers=headers, timeout=10)
    assert answer.status_code in (200, 201), f"{url}: {answer.status_code} {answer.text}"
    return answer.json()


def types_of(notify, case_no: str) -> list[str]:
    answer = requests.get(f"{notify.url}/notices", params={"case_no": case_no}, headers=OPERATOR, timeout=5)
    return sorted(n["notice_type"] for n in answer.json()["notices"])


def test_intakes_and_joint_reviews_real_events_become_their_notices(stack):
    intake = stack.start("intake")
    joint = stack.start("joint_review", env={"DEPARTMENTS": ",".join(THREE)})
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    window = window_of("SC-010")

    # a main material to follow: supplement notice and, with it, the one-time notice (R-ONCE-1)
    item = materials("SC-010")
    body = case_body("SC-010", presented=item[1:], to_follow=item[:1])
    supplement = post(f"{intake.url}/cases", body, window)
    # a written return (R-KIND-4)
    reason = "经营场所不符合设立条件 (the premises do not qualify)"
    body = case_body("SC-010", decision="return", return_reason=reason)
    returned = post(f"{intake.url}/cases", body, window)
    # a promised case suspended, resumed, extended and completed (R-CLOCK-2, R-CLOCK-4)
    promised = post(f"{intake.url}/cases", case_body("SC-010"), window)["case_no"]
    post(
        f"{intake.url}/cases/{promised}/suspension",
        {
            "reason_kind": "expert_review",
            "reason": "组织专家评审 (expert review)",
            "expected_working_days": 5,
        },
        window,
    )
    post(f"{intake.url}/cases/{promised}/resumption", {}, window)
    post(f"{intake.url}/cases/{promised}/extension", {"days": 3, "reason": "需现场核查经营场所"}, HEAD)
    post(f"{intake.url}/cases/{promised}/completion", {"outcome": "approved"}, window)

    # the supplement case's receipt goes with its registration (R-KIND-3)
    assert wait_for(lambda: types_of(notify, supplement["case_no"]) == ["one_time", "receipt", "supplement"])
    assert wait_for(lambda: types_of(notify, returned["case_no"]) == ["return"])
    assert wait_for(
        lambda: (
            types_of(notify, promised)
            == ["acceptance", "completion", "extension", "receipt", "resumption", "suspension"]
        )
    )

    # a joint case: one department asks for a material, the others approve -> ONE notice
    lead = bearer("dev-window-agriculture")
    joint_case = post(f"{intake.url}/cases", case_body("NY-001"), lead)["case_no"]

    def tasks_of(department):
        answer = requests.get(
            f"{joint.url}/departments/{department}/tasks", headers=bearer(REVIEWERS[department]), timeout=5
        )
        return answer.json()["tasks"]

    wait_for(lambda: all(tasks_of(d) for d in THREE), timeout=30)
    # the lead convenes a meeting of two departments: each finds the invitation in its inbox (R-JOINT-5)
    day = (datetime.now(UTC) + timedelta(days=3)).date()
    meeting = {"at": f"{day}T09:30:00+08:00", "place": "三楼联审室", "departments": THREE[1:]}
    post(f"{joint.url}/reviews/JR-{joint_case}/meetings", meeting, lead)
    for department in THREE:
        (task,) = tasks_of(department)
        asks = department == "natural_resources"
        opinion = {"verdict": "supplement", "materials": ["宅基地四至图"]} if asks else {"verdict": "approve"}
        post(
            f"{joint.url}/tasks/{task['task_id']}/opinion",
            {"opinion_id": str(uuid.uuid4()), **opinion},
            bearer(REVIEWERS[department]),
        )
    expected = [
        "acceptance",
        "consolidated_supplement",
        "joint_case",
        "meeting_invitation",
        "meeting_invitation",
        "receipt",
        "task_assigned",
        "task_assigned",
        "task_assigned",
    ]
    assert wait_for(lambda: types_of(notify, joint_case) == expected, timeout=40)
    answer = requests.get(
        f"{notify.url}/notices", params={"case_no": joint_case}, headers=OPERATOR, timeout=5
    )
    (consolidated,) = [n for n in answer.json()["notices"] if n["notice_type"] == "consolidated_supplement"]
    assert "宅基地四至图" in consolidated["content"] and "自然资源局" in consolidated["content"]

    # each department's reviewer finds the task in the inbox (no roster here: the department's post)
    def titles():
        inbox = requests.get(f"{notify.url}/inbox", headers=bearer(REVIEWERS["natural_resources"]), timeout=5)
        return [message["title"] for message in inbox.json()["messages"]]

    assert wait_for(lambda: sorted(titles()) == sorted(["联审会议通知", "联办审查任务通知"]), timeout=20)
    inbox = requests.get(f"{notify.url}/inbox", headers=bearer(REVIEWERS["housing_construction"]), timeout=5)
    (invitation,) = [m for m in inbox.json()["messages"] if m["title"] == "联审会议通知"]
    assert (
        "住房和城乡建设局：" in invitation["content"]
        and f"{day.year}年{day.month}月{day.day}日 09:30" in invitation["content"]
    )
    inbox = requests.get(f"{notify.url}/inbox", headers=bearer(REVIEWERS["agriculture_rural"]), timeout=5)
    assert "联审会议通知" not in [m["title"] for m in inbox.json()["messages"]]  # not invited


def notices_of(notify, case_no: str, headers: dict = OPERATOR) -> list[dict]:
    answer = requests.get(f"{notify.url}/notices", params={"case_no": case_no}, headers=headers, timeout=5)
    return answer.json()["notices"]


def test_r_kind_3_a_supplement_case_gets_one_receipt_with_its_code_at_registration_and_none_at_acceptance(
    stack,
):
    """The receipt is issued when the supplement case is registered (with the supplement and the
    one-time notices), prints the verification code notify reads from intake's internal path, and
    the acceptance once the material arrives issues no second one. The code is on no message."""
    intake = stack.start("intake")
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events", "notify.events"])
    item = materials("SC-010")
    body = case_body("SC-010", presented=item[1:], to_follow=item[:1])
    case = post(f"{intake.url}/cases", body, window_of("SC-010"))
    assert wait_for(lambda: types_of(notify, case["case_no"]) == ["one_time", "receipt", "supplement"])
    post(f"{intake.url}/cases/{case['case_no']}/supplements", {"materials": item[:1]}, window_of("SC-010"))
    assert wait_for(
        lambda: types_of(notify, case["case_no"]) == ["acceptance", "one_time", "receipt", "supplement"]
    )
    # the code shows to the windows of the case's department (the operator reads it masked, R-RATE-1)
    found = notices_of(notify, case["case_no"], window_of("SC-010"))
    [receipt] = [n for n in found if n["notice_type"] == "receipt"]
    assert f"查询码：{case['verification_code']}" in receipt["content"] and receipt["template_version"] == 2
    assert "自材料补齐之日起计算" in receipt["content"]
    mine = requests.get(
        f"{notify.url}/applicant/notices",
        params={"case_no": case["case_no"], "code": case["verification_code"]},
        timeout=5,
    ).json()["notices"]
    assert [n["notice_type"] for n in mine].count("receipt") == 1
    messages = [body for body, _ in drain(spy, 10)]  # intake's five events, notify's five notices
    _, channel, queue = spy
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:  # and any after them
        messages.append(message[2])
    assert not [m for m in messages if case["verification_code"].encode() in m]


def test_the_sweeps_reminders_and_overdue_reports_reach_staff_inboxes(stack):
    """催办 and 督办 from the real sweeps: joint review's clock moved to the day its tasks are due,
    then intake's and joint review's three weeks on (FIXED_NOW on restart); an operator runs each
    sweep, notify files the reminders and reports in the staff inboxes."""
    intake = stack.start("intake")
    joint = stack.start("joint_review", env={"DEPARTMENTS": ",".join(THREE)})
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    promised = post(f"{intake.url}/cases", case_body("SC-010"), window_of("SC-010"))["case_no"]
    joint_case = post(f"{intake.url}/cases", case_body("NY-001"), bearer("dev-window-agriculture"))["case_no"]
    wait_for(lambda: "joint_case" in types_of(notify, joint_case), timeout=30)

    # the morning the first tasks are due (each department's own limit, R-JOINT-2: NY-001's are
    # 5, 6 and 5 working days, so the last is due the next working day): the sweep urges the lead
    # window for all three (催办, R-JOINT-6)
    tasks = [
        task
        for department in THREE
        for task in requests.get(
            f"{joint.url}/departments/{department}/tasks", headers=bearer(REVIEWERS[department]), timeout=5
        ).json()["tasks"]
    ]
    first_due = min(task["due_date"] for task in tasks)
    joint.restart(env={"FIXED_NOW": f"{first_due}T09:00:00+08:00"})
    post(f"{joint.url}/reviews/sweep", {}, OPERATOR)

    def lead_window() -> list[str]:
        inbox = requests.get(f"{notify.url}/inbox", headers=bearer("dev-window-agriculture"), timeout=5)
        return sorted(message["title"] for message in inbox.json()["messages"])

    assert wait_for(lambda: lead_window().count("催办通知") == 3, timeout=40)

    later = (datetime.now(UTC) + timedelta(days=21)).isoformat()
    intake.restart(env={"FIXED_NOW": later})
    joint.restart(env={"FIXED_NOW": later})
    post(f"{intake.url}/clock/sweep", {}, OPERATOR)
    post(f"{joint.url}/reviews/sweep", {}, OPERATOR)

    def supervision() -> list[str]:
        inbox = requests.get(f"{notify.url}/inbox", headers=bearer("dev-supervision"), timeout=5)
        return sorted(message["title"] for message in inbox.json()["messages"])

    # the promised case and the joint case at intake, and each of the three departments' tasks
    assert wait_for(lambda: supervision() == ["督办通知"] * 5, timeout=40)
    assert "overdue_report" in types_of(notify, promised)

    # counted against them (R-JOINT-6): the record outlives the process, and a sweep after the
    # restart counts nothing again
    joint.restart(env={"FIXED_NOW": later})
    post(f"{joint.url}/reviews/sweep", {}, OPERATOR)
    counted = sorted(  # each task counts in the month of its own due date
        (row["department"], row["tasks_due"], row["overdue"])
        for month in sorted({task["due_date"][:7] for task in tasks})
        for row in requests.get(
            f"{joint.url}/reports/department-overdue",
            params={"month": month},
            headers=bearer("dev-supervision"),
            timeout=5,
        ).json()["departments"]
        if row["tasks_due"]
    )
    assert counted == [(department, 1, 1) for department in sorted(THREE)]
