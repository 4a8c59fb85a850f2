"""A joint case in the console (R-JOINT-1..5): the lead window steers it, each department's
reviewer answers in their own inbox, one asks for a supplement, ONE consolidated notice goes out,
the second round and the decision follow; a reviewer never opens another department's task."""

from __future__ import annotations

import time

import requests
from intake_requests import bearer, case_body

LEAD = "dev-lead-market"  # 刘敏, lead window of market_regulation (SC-020 is led there)
REVIEWERS = {
    "market_regulation": "dev-reviewer-market",
    "public_security": "dev-reviewer-security",
    "taxation": "dev-reviewer-taxation",
}
IN_THE_MEETING = "human_resources_social_security"  # answers in the minutes of a 联审会


def accept_joint_case(hall) -> str:
    """The lead window accepts SC-020 at its counter (intake's API: the clerk pages are another
    part's); joint_review opens the review on intake's event."""
    answer = requests.post(
        hall.intake.url + "/cases", json=case_body("SC-020"), headers=bearer(LEAD), timeout=10
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["kind"] == "joint"
    case_no = answer.json()["case_no"]
    wait_for(lambda: review_of(hall, case_no) is not None, "the review to open")
    return case_no


def review_of(hall, case_no: str) -> dict | None:
    found = requests.get(f"{hall.joint_review.url}/reviews/JR-{case_no}", headers=bearer(LEAD), timeout=10)
    return found.json() if found.status_code == 200 else None


def wait_for(check, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"waited {seconds}s for {what}"
        time.sleep(0.3)


def answer_task(reviewer, task_id: str, verdict: str, **boxes: str) -> None:
    """The reviewer finds the task in their inbox, opens it and answers it."""
    reviewer.open("/tasks")
    row = reviewer.find(f'tr[data-task="{task_id}"]')
    assert "第" in row.text
    row.find_element("css selector", "a").click()
    reviewer.shot()
    assert reviewer.path == f"/tasks/{task_id}"
    form = reviewer.find("#answer")
    reviewer.fill("verdict", verdict, within=form)
    for name, value in boxes.items():
        reviewer.fill(name, value, within=form)
    reviewer.press("提交审查意见", within=form)


def test_r_joint_4_a_lead_window_runs_a_joint_case_three_inboxes_one_supplement_notice_and_the_decision(
    people, hall
):
    case_no = accept_joint_case(hall)
    review_id = f"JR-{case_no}"

    lead = people("lead").sign_in(LEAD)
    assert lead.path == "/joint"
    lead.follow(review_id)
    assert lead.path == f"/joint/{review_id}"
    rows = {row.get_attribute("data-department"): row.text for row in lead.finds("#departments tbody tr")}
    assert set(rows) == {*REVIEWERS, IN_THE_MEETING}
    assert all("待答复" in text and "0 / " in text for text in rows.values())

    # R-CLOCK-2: a site inspection needs its expected working days; the refusal keeps what was typed
    inspection = lead.form_of("联合踏勘")
    lead.fill("site", "城关镇市场监管所旁", within=inspection).fill(
        "departments", "public_security", within=inspection
    )
    lead.fill("expected_working_days", "0", within=inspection).press("开始踏勘", within=inspection)
    assert lead.status() is None and "1 到 60" in lead.find("#f-expected_working_days-error").text
    assert lead.field("site", lead.form_of("联合踏勘")).get_attribute("value") == "城关镇市场监管所旁"
    inspection = lead.form_of("联合踏勘")
    lead.fill("departments", "public_security", within=inspection)
    lead.fill("expected_working_days", "2", within=inspection).press("开始踏勘", within=inspection)
    lead.press("结束踏勘", within=lead.form_of("结束联合踏勘"))
    assert "联合踏勘结束" in lead.find("#timeline").text

    # a meeting (联审会) with the department that answers in its minutes
    meeting = lead.form_of("召开联审会")
    lead.driver.execute_script("arguments[0].value = '2030-01-08T09:30'", lead.field("at", meeting))
    lead.fill("place", "三楼联审会议室", within=meeting).fill("departments", IN_THE_MEETING, within=meeting)
    lead.press("安排联审会", within=meeting)

    # three reviewers, each in their own department's inbox; taxation asks for a supplement
    market = people("market").sign_in(REVIEWERS["market_regulation"])
    answer_task(market, f"{review_id}-market_regulation-1", "approve", conditions="按核准的经营范围经营")
    assert "已答复：同意" in market.find("[data-testid=task-status]").text
    security = people("security").sign_in(REVIEWERS["public_security"])
    answer_task(security, f"{review_id}-public_security-1", "approve")
    taxation = people("taxation").sign_in(REVIEWERS["taxation"])
    answer_task(taxation, f"{review_id}-taxation-1", "supplement")  # no material listed: refused
    assert taxation.status() is None and taxation.find("#f-materials-error").text
    assert taxation.find('input[name="verdict"][value="supplement"]').is_selected()
    taxation.fill("materials", "税务登记补充信息表", within=taxation.find("#answer"))
    taxation.press("提交审查意见", within=taxation.find("#answer"))
    assert "已答复：需补正" in taxation.find("[data-testid=task-status]").text

    # the last department answers in the meeting's minutes: the round converges on a supplement
    lead.open(f"/joint/{review_id}")
    minutes = lead.form_of("联审会纪要")
    lead.fill(f"opinions.{IN_THE_MEETING}.verdict", "approve", within=minutes)
    lead.fill(f"opinions.{IN_THE_MEETING}.representative", "人社局代表", within=minutes)
    lead.press("记录纪要", within=minutes)
    assert "待补正" in lead.find("[data-testid=review-status]").text
    assert "税务登记补充信息表" in lead.find("#draft").text

    # ONE consolidated notice to the applicant, issued by notify
    def consolidated() -> list:
        lead.open(f"/joint/{review_id}")
        return lead.finds('#notices tr[data-notice-type="consolidated_supplement"]')

    wait_for(lambda: len(consolidated()) == 1, "the consolidated supplement notice")
    notices = requests.get(
        hall.notify.url + "/notices", params={"case_no": case_no}, headers=bearer(LEAD), timeout=10
    ).json()["notices"]
    assert [n["notice_type"] for n in notices].count("consolidated_supplement") == 1

    # the applicant brought it: round 2 for taxation only, answered in its inbox
    lead.press("补正材料已收齐，送部门再审", within=lead.form_of("开始第 2 轮审查"))
    assert lead.find('#departments tr[data-department="taxation"][data-round="2"]')
    answer_task(taxation, f"{review_id}-taxation-2", "approve", conditions="按期申报纳税")
    market.open("/tasks")
    assert not market.has(f'tr[data-task="{review_id}-market_regulation-2"]')

    # every department answered: the lead issues the one decision; intake closes the case
    lead.open(f"/joint/{review_id}")
    assert "待出具决定" in lead.find("[data-testid=review-status]").text
    assert "按核准的经营范围经营" in lead.find("#draft").text and "按期申报纳税" in lead.find("#draft").text
    lead.press("出具准予许可决定", within=lead.form_of("出具决定"))
    assert "已决定：准予许可" in lead.find("[data-testid=review-status]").text
    assert not lead.has("form[action$='/decision']")
    status = lambda: requests.get(  # noqa: E731
        f"{hall.intake.url}/cases/{case_no}", headers=bearer(LEAD), timeout=10
    ).json()["status"]
    wait_for(lambda: status() == "completed", "intake to close the case")


def test_r_joint_2_a_reviewer_cannot_open_or_answer_another_departments_task(people, hall):
    case_no = accept_joint_case(hall)
    other_task = f"JR-{case_no}-market_regulation-1"
    outsider = people("natres").sign_in("dev-reviewer-natres")  # natural_resources: not in SC-020
    outsider.open(f"/tasks/{other_task}")
    assert outsider.status() == 404
    assert case_no not in outsider.text and "本部门没有该审查任务" in outsider.text
    outsider.open("/tasks")
    assert case_no not in outsider.text

    # a forged answer with the outsider's own session and CSRF token changes nothing
    csrf = outsider.find('input[name="csrf"]').get_attribute("value")
    forged = requests.post(
        f"{hall.console_url}/tasks/{other_task}/opinion",
        data={"csrf": csrf, "verdict": "reject", "reason": "伪造的意见", "opinion_id": "forged-0001"},
        cookies={"hall_session": outsider.driver.get_cookie("hall_session")["value"]},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 404 and case_no not in forged.text
    review = review_of(hall, case_no)
    assert review is not None
    assert all(d["status"] == "open" for d in review["departments"])

    # nor the lead's page, nor a clerk the reviewers' inbox
    outsider.open(f"/joint/JR-{case_no}")
    assert outsider.status() == 403 and case_no not in outsider.text
    clerk = people("clerk").sign_in("dev-window-market")
    clerk.open("/tasks")
    assert clerk.status() == 403
    clerk.open(f"/tasks/{other_task}")
    assert clerk.status() == 403 and case_no not in clerk.text


def test_r_joint_7_a_reviewer_sees_the_departments_a_and_b_and_records_their_own_leave(people, hall):
    roster = {
        "primary": {"reviewer_id": "R141", "name": "卫健审查员"},
        "backup": {"reviewer_id": "R142", "name": "卫健备审"},
    }
    put = requests.put(
        hall.joint_review.url + "/departments/health/reviewers",
        json=roster,
        headers=bearer("dev-operator"),
        timeout=10,
    )
    assert put.status_code in (200, 201), put.text
    reviewer = people("health").sign_in("dev-reviewer-health").open("/reviewers")
    assert "卫健审查员" in reviewer.find('#roster tr[data-reviewer="R141"]').text
    assert "卫健备审" in reviewer.find('#roster tr[data-reviewer="R142"]').text
    form = reviewer.form_of("登记请假")
    for name in ("starts_on", "ends_on"):
        reviewer.driver.execute_script("arguments[0].value = '2099-01-09'", reviewer.field(name, form))
    reviewer.fill("reason", "年休假", within=form).press("登记请假", within=form)
    assert reviewer.status() is None and reviewer.has(".problems")  # 366 days ahead at most
    assert reviewer.field("reason", reviewer.form_of("登记请假")).get_attribute("value") == "年休假"
    form = reviewer.form_of("登记请假")
    tomorrow = time.strftime("%Y-%m-%d", time.localtime(time.time() + 2 * 86400))
    for name in ("starts_on", "ends_on"):
        reviewer.driver.execute_script(f"arguments[0].value = '{tomorrow}'", reviewer.field(name, form))
    reviewer.press("登记请假", within=form)
    assert "请假已登记" in reviewer.find("[role=status]").text
