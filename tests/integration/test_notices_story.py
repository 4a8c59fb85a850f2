"""The notices story end to end: a case of each kind, a joint case refused by a department and one
approved with conditions, a transfer with an agreed time, a suspension and its resumption and an
escalated case, driven through intake's and joint review's public APIs as the windows do, with
intake, joint_review and notify running on the real broker. Each notice archived is read back
from notify and checked for what the applicant needs, and every date or time it shows must be
the China-time reading of a time the APIs returned (the clock stands at 00:30 China time, still
the day before in UTC, so a date read in UTC shows). The written complaint's notices:
``test_notices_story_complaint.py``."""

from __future__ import annotations

from datetime import datetime, timedelta

from bus import wait_for
from intake_requests import materials, window_of
from notice_story import (
    FIRST_DAY,
    HALL,
    THREE,
    accept,
    call,
    case_of,
    china,
    completed_says,
    decide_joint_case,
    history_line,
    notices,
    readings,
    receipt_says,
    shows_only,
)

from hall_contracts.departments import directory

LATER = "2026-12-07T16:30:00+00:00"  # six days on: the resumption, the authority's answer


def test_the_applicants_notices_of_every_kind_of_case_say_what_they_must_in_china_time(stack):
    intake = stack.start("intake", {"FIXED_NOW": FIRST_DAY})
    joint = stack.start("joint_review", {"DEPARTMENTS": ",".join(THREE), "FIXED_NOW": FIRST_DAY})
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    market = window_of("SC-010")

    # immediate (R-KIND-1): receipt, then done on the spot
    immediate, _ = accept(intake, "MZ-001")
    done = call(
        "POST",
        f"{intake.url}/cases/{immediate['case_no']}/completion",
        window_of("MZ-001"),
        {"outcome": "approved"},
    )
    # promised (R-KIND-2), then suspended for an expert review (R-CLOCK-2)
    promised, promised_case = accept(intake, "SC-010")
    suspension = {"reason_kind": "expert_review", "reason": "组织专家评审", "expected_working_days": 3}
    call("POST", f"{intake.url}/cases/{promised['case_no']}/suspension", market, suspension)
    # supplement (R-KIND-3): registered with one main material to follow, which then arrives
    item = materials("SC-010")
    supplement, supplement_case = accept(intake, "SC-010", presented=item[1:], to_follow=item[:1])
    call("POST", f"{intake.url}/cases/{supplement['case_no']}/supplements", market, {"materials": item[:1]})
    # returned with a written reason (R-KIND-4)
    reason = "经营场所不符合设立条件"
    returned, returned_case = accept(intake, "SC-010", decision="return", return_reason=reason)
    # transferred to a named person at a named window, at an agreed time (R-FIRST-2)
    moved, moved_case = accept(intake, "SC-010")
    agreed = (datetime.fromisoformat(FIRST_DAY) + timedelta(days=1, hours=17)).isoformat()
    transfer = {
        "to": {"staff_id": "S21", "name": "陈刚", "window": "W07"},
        "note": "属不动产登记事项",
        "agreed_time": agreed,
    }
    transferred = call("POST", f"{intake.url}/cases/{moved['case_no']}/transfer", market, transfer)
    # escalated (R-KIND-6): forwarded to the higher authority
    escalated, escalated_case = accept(intake, "MZ-002")
    authority = "市民政局"
    forwarded = call(
        "POST",
        f"{intake.url}/cases/{escalated['case_no']}/forwarding",
        window_of("MZ-002"),
        {"authority": authority},
    )
    # joint (R-KIND-5, R-JOINT-4): one approved with a department's condition, one refused by one
    approve, condition, refusal = (
        {"verdict": "approve"},
        "建房不得占用永久基本农田",
        "拟建位置占用永久基本农田",
    )
    with_condition = {**approve, "conditions": [condition]}
    approved, approved_review = decide_joint_case(
        intake, joint, {**dict.fromkeys(THREE, approve), "natural_resources": with_condition}
    )
    refused, refused_review = decide_joint_case(
        intake,
        joint,
        {**dict.fromkeys(THREE, approve), "natural_resources": {"verdict": "reject", "reason": refusal}},
    )

    # six days on: the clock runs again, the promised case is done, the authority has answered
    intake.restart(env={"FIXED_NOW": LATER})
    resumed = call("POST", f"{intake.url}/cases/{promised['case_no']}/resumption", market)
    promised_done = call(
        "POST", f"{intake.url}/cases/{promised['case_no']}/completion", market, {"outcome": "approved"}
    )
    answer = {"authority": authority, "reference": "市民批〔2026〕12号", "outcome": "approved"}
    escalated_done = call(
        "POST", f"{intake.url}/cases/{escalated['case_no']}/authority-answer", window_of("MZ-002"), answer
    )

    check_immediate(notify, immediate, done)
    check_promised(intake, notify, promised, promised_case, resumed, promised_done)
    check_supplement(intake, notify, supplement, supplement_case)
    check_returned(notify, returned, returned_case, reason)
    texts = notices(notify, moved["case_no"], "receipt", "acceptance", "transfer")
    assert "转办告知书" in texts["transfer"] and "W07号窗口陈刚办理" in texts["transfer"]
    assert f"请于{china(transferred['agreed_time'])}到W07号窗口办理" in texts["transfer"]
    shows_only(texts, readings(moved_case["accepted_at"], moved_case["deadline"], transferred["agreed_time"]))
    check_escalated(notify, escalated, escalated_case, forwarded, escalated_done, answer)
    check_joint(intake, notify, approved, approved_review, f"1. 自然资源局：{condition}", "准予许可")
    check_joint(intake, notify, refused, refused_review, f"1. 自然资源局：{refusal}", "不予许可")


def check_immediate(notify, immediate: dict, done: dict) -> None:
    texts = notices(notify, immediate["case_no"], "receipt", "completion")
    receipt_says(notify, texts["receipt"], immediate, done)
    assert (
        "即办件，当场办结" in texts["receipt"]
        and f"受理时间：{china(done['accepted_at'])}" in texts["receipt"]
    )
    completed_says(texts["completion"], done, "准予许可")
    shows_only(texts, readings(done["accepted_at"], done["completed_at"]))


def check_promised(intake, notify, promised: dict, case: dict, resumed: dict, done: dict) -> None:
    no = promised["case_no"]
    texts = notices(notify, no, "receipt", "acceptance", "suspension", "resumption", "completion")
    receipt_says(notify, texts["receipt"], promised, case)
    assert f"受理时间：{china(case['accepted_at'])}" in texts["acceptance"]
    assert f"办结期限为{china(promised['deadline'])}" in texts["acceptance"]
    stopped, restarted = history_line(intake, no, "suspended"), history_line(intake, no, "resumed")
    expected = stopped["details"]["expected_resumption"]
    assert f"自{china(stopped['on_date'])}起办理时限暂停计算" in texts["suspension"]
    assert "专家评审（组织专家评审）" in texts["suspension"]
    assert f"预计中止3个工作日，预计于{china(expected)}恢复计算" in texts["suspension"]
    assert f"本事项自{china(stopped['on_date'])}起中止计算" in texts["resumption"]
    assert f"已于{china(restarted['on_date'])}恢复计算" in texts["resumption"]
    assert f"办理期限顺延至{china(resumed['deadline'])}" in texts["resumption"]
    assert resumed["deadline"] > promised["deadline"]  # the days off did not count
    completed_says(texts["completion"], done, "准予许可")
    times = (case["accepted_at"], promised["deadline"], stopped["on_date"], expected, restarted["on_date"])
    shows_only(texts, readings(*times, resumed["deadline"], done["completed_at"]))


def check_supplement(intake, notify, supplement: dict, case: dict) -> None:
    no, missing = supplement["case_no"], supplement["missing_materials"]
    texts = notices(notify, no, "receipt", "supplement", "one_time", "acceptance")
    receipt_says(notify, texts["receipt"], supplement, case)
    assert f"收件时间：{china(case['registered_at'])}" in texts["receipt"]
    assert "自材料补齐之日起计算" in texts["receipt"]
    assert "请补正以下全部材料" in texts["supplement"] and f"1. {missing[0]}" in texts["supplement"]
    assert "一次性告知" in texts["one_time"] and missing[0] in texts["one_time"]
    complete = case_of(intake, no)
    assert f"受理时间：{china(complete['accepted_at'])}" in texts["acceptance"]
    assert f"办结期限为{china(complete['deadline'])}" in texts["acceptance"]
    times = (case["registered_at"], complete["accepted_at"], complete["deadline"])
    shows_only(texts, readings(*times))


def check_returned(notify, returned: dict, case: dict, reason: str) -> None:
    texts = notices(notify, returned["case_no"], "return")
    text, on = texts["return"], case["completed_at"] or case["registered_at"]
    assert text.startswith("退回件通知书") and f"理由如下：\n{reason}" in text
    assert f"承办部门：{directory().name('market_regulation')}" in text
    assert f"退回日期：{china(on, date_only=True)}" in text and text.rstrip().endswith(
        china(on, date_only=True)
    )
    assert "六十日内向县人民政府申请行政复议" in text and f"六个月内依法向{HALL.court}提起行政诉讼" in text
    shows_only(texts, readings(on))


def check_escalated(notify, escalated: dict, case: dict, forwarded: dict, done: dict, answer: dict) -> None:
    authority, reference = answer["authority"], answer["reference"]
    texts = notices(notify, escalated["case_no"], "receipt", "acceptance", "forwarding", "completion")
    receipt_says(notify, texts["receipt"], escalated, case)
    assert f"本中心已于{china(forwarded['forwarded_on'])}报送{authority}审批" in texts["forwarding"]
    assert "上级机关审核批准的时间不计入本中心的办理时限" in texts["forwarding"]
    completed_says(texts["completion"], done, "准予许可")
    assert f"审批机关：{authority}（文号：{reference}）" in texts["completion"]  # who decided
    times = (case["accepted_at"], escalated["deadline"], forwarded["forwarded_on"], done["completed_at"])
    shows_only(texts, readings(*times))


def check_joint(intake, notify, accepted: dict, review: dict, line: str, verdict: str) -> None:
    no = accepted["case_no"]
    case = wait_for(lambda: (lambda found: found if found["completed_at"] else None)(case_of(intake, no)), 30)
    texts = notices(notify, no, "receipt", "acceptance", "joint_case", "completion")
    receipt_says(notify, texts["receipt"], accepted, case)
    (opened,) = [line["at"] for line in review["timeline"] if line["action"] == "opened"]
    assert f"联办编号：{review['review_id']}" in texts["joint_case"]
    assert f"已于{china(opened)}启动联合审查" in texts["joint_case"]
    assert "牵头部门：农业农村局" in texts["joint_case"]
    assert "参与部门：农业农村局、自然资源局、住房和城乡建设局" in texts["joint_case"]
    completed_says(texts["completion"], case, verdict)
    assert line in texts["completion"] and "natural_resources" not in texts["completion"]
    if verdict == "不予许可":
        assert "六十日内向县人民政府申请行政复议" in texts["completion"]
    shows_only(texts, readings(case["accepted_at"], accepted["deadline"], opened, case["completed_at"]))
