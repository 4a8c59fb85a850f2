"""The window clerk's and window head's day in the console, in a real Chromium: accept a case from
the catalogue, read its kind and receipt, record the supplement, complete it; the worklist's
colours; the window head's extension; and what another department's clerk cannot do."""

from __future__ import annotations

import json
import re
import time

import requests

CLERK, HEAD, CIVIL = "dev-window-market", "dev-head-market", "dev-window-civil"
MAIN_TO_FOLLOW = {"m.0": "presented", "m.1": "to_follow", "m.2": "presented", "m.3": "presented"}


def until(check, seconds: float = 20.0, every: float = 0.5):
    """``check()``'s first true answer, asked again until the deadline (events take ~1 s)."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(every)


def accepted_by_api(hall, token: str = CLERK, **extra) -> str:
    """A case of SC-010 with every material presented, accepted through intake's API (setup)."""
    body = {
        "item_code": "SC-010",
        "applicant_name": "王五",
        "applicant_phone": "13800000001",
        "presented": [
            "个体工商户登记（备案）申请书",
            "经营者居民身份证",
            "经营场所使用证明",
            "委托代理人身份证明及委托书",
        ],
        "first_responder": {"phone": "0571-1234"},
        **extra,
    }
    answer = requests.post(
        hall.intake.url + "/cases",
        data=json.dumps(body),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["case_no"]


def action(person, name: str):
    """The form of the case page's action ``name``, its folded section opened as a clerk would."""
    section = person.find(f"[data-action={name}]")
    if section.get_attribute("open") is None:
        section.find_element("css selector", "summary").click()
    return section.find_element("css selector", "form")


def case_no_of(path: str) -> str:
    found = re.search(r"/cases/(HALL-[A-Z0-9-]+)", path)
    assert found, path
    return found.group(1)


def test_r_kind_3_a_clerk_accepts_a_supplement_case_records_the_supplement_and_completes_it(people):
    clerk = people("clerk").sign_in(CLERK)
    clerk.open("/cases/new")
    assert "个体工商户设立登记" in clerk.text
    clerk.open("/cases/new/SC-010")
    form = clerk.find("form[data-testid=accept]")
    assert "主件" in form.text and "附件" in form.text
    for name, state in MAIN_TO_FOLLOW.items():
        clerk.fill(name, state, within=form)
    clerk.fill("applicant_name", "张三", within=form).fill("applicant_phone", "13800000000", within=form)
    clerk.fill("first_responder.phone", "0571-1234", within=form)
    clerk.press("受理并出具回执", within=form)

    assert clerk.path.endswith("/receipt")
    case_no = case_no_of(clerk.path)
    assert clerk.find("[data-testid=kind]").text == "补齐补正件"
    assert "经营者居民身份证" in clerk.find("[data-testid=missing]").text
    code = until(
        lambda: re.fullmatch(
            r"[A-Z0-9]{8}", clerk.open(f"/cases/{case_no}/receipt").find("[data-testid=code]").text
        )
    )
    assert code, "the receipt's verification code shows once notify has issued the receipt"
    assert case_no in clerk.find("[data-testid=receipt]").text and clerk.has("button[data-print]")
    clerk.follow("受理回执")
    assert code.group(0) in clerk.find("[data-testid=notice]").text

    clerk.open(f"/cases/{case_no}")
    assert clerk.find("[data-testid=status]").text == "待补正"
    assert not clerk.has("[data-action=complete]")  # only what the case allows now
    clerk.press("登记补正", within=action(clerk, "supplement"))
    assert clerk.path == f"/cases/{case_no}?done=supplement"
    assert clerk.find("[data-testid=status]").text == "办理中"
    assert "个工作日" in clerk.find("[data-testid=left]").text

    clerk.open("/cases")
    row = clerk.find(f"tr[data-case='{case_no}']")
    assert "补齐补正件" in row.text and "办理中" in row.text

    clerk.open(f"/cases/{case_no}")
    done = action(clerk, "complete")
    clerk.fill("complete.outcome", "approved", within=done).press("办结", within=done)
    assert clerk.find("[data-testid=status]").text == "已办结"
    assert clerk.find("[data-testid=done]").text.startswith("办件已办结")
    assert "办结" in clerk.find("[data-testid=timeline]").text
    clerk.open("/cases")
    assert not clerk.has(f"tr[data-case='{case_no}']")


def test_r_kind_7_the_worklist_puts_an_urgent_case_due_today_first_in_amber_with_a_text_tag(people, hall):
    case_no = accepted_by_api(hall, urgent=True, urgent_days=0)
    clerk = people("clerk").sign_in(CLERK).open("/cases?urgent=true")
    row = clerk.find(f"tr[data-case='{case_no}']")
    state = row.get_attribute("class")
    assert state in ("due-soon", "overdue")  # due today: amber, red after 17:00 China time
    assert ("即将到期" if state == "due-soon" else "已超期") in row.text and "急办" in row.text
    assert clerk.finds("tr[data-case]")[0].find_element("css selector", ".tag.urgent")


def test_a_refused_action_keeps_what_was_typed_and_shows_the_problem_next_to_its_field(people, hall):
    case_no = accepted_by_api(hall)
    clerk = people("clerk").sign_in(CLERK).open(f"/cases/{case_no}")
    suspend = action(clerk, "suspend")
    clerk.fill("suspend.reason_kind", "expert_review", within=suspend)
    clerk.fill("suspend.reason", "组织专家评审", within=suspend)
    clerk.fill("suspend.expected_working_days", "99", within=suspend).press("中止计时", within=suspend)
    assert clerk.status() is None and "1 到 60" in clerk.find("#f-suspend-expected_working_days-error").text
    assert clerk.find("#f-suspend-reason").get_attribute("value") == "组织专家评审"


def test_r_clock_4_a_clerk_asks_for_an_extension_and_the_window_head_approves_it(people, hall):
    case_no = accepted_by_api(hall)
    clerk = people("clerk").sign_in(CLERK).open(f"/cases/{case_no}")
    assert not clerk.has("[data-action=extend]")  # the head approves; a clerk only asks
    ask = action(clerk, "request_extension")
    clerk.fill("request_extension.days", "2", within=ask)
    clerk.fill("request_extension.reason", "需现场核查经营场所", within=ask).press("提交延期申请", within=ask)
    assert clerk.path == f"/cases/{case_no}?done=request_extension"
    assert "待窗口负责人审批" in clerk.find("[data-testid=extension-request]").text
    assert not clerk.has("[data-action=request_extension]")  # one request at a time
    head = people("head").sign_in(HEAD).open(f"/cases/{case_no}")
    before = head.find("[data-testid=clock]").text
    extend = action(head, "extend")
    assert head.field("extend.days", within=extend).get_attribute("value") == "2"  # the request's
    head.press("批准延期", within=extend)
    assert head.path == f"/cases/{case_no}?done=extend"
    assert (
        "含延期 2 个工作日" in head.find("[data-testid=clock]").text
        and before != head.find("[data-testid=clock]").text
    )
    assert not head.has("[data-testid=extension-request]")


def test_r_clock_4_the_window_head_declines_a_request_with_a_reason_and_the_deadline_stays(people, hall):
    case_no = accepted_by_api(hall)
    clerk = people("clerk").sign_in(CLERK).open(f"/cases/{case_no}")
    ask = action(clerk, "request_extension")
    clerk.fill("request_extension.days", "3", within=ask)
    clerk.fill("request_extension.reason", "等待检测报告", within=ask).press("提交延期申请", within=ask)
    head = people("head").sign_in(HEAD).open(f"/cases/{case_no}")
    before = head.find("[data-testid=clock]").text
    decline = action(head, "decline_extension")
    head.fill("decline_extension.reason", "期限内可以办结", within=decline).press("不予批准", within=decline)
    assert head.path == f"/cases/{case_no}?done=decline_extension"
    assert head.find("[data-testid=clock]").text == before
    assert "延期申请未获批准" in head.find("[data-testid=timeline]").text


def test_a_clerk_of_another_department_can_neither_open_nor_act_on_the_case(people, hall):
    case_no = accepted_by_api(hall)
    civil = people("civil").sign_in(CIVIL)
    civil.open(f"/cases/{case_no}")
    assert civil.status() == 403 and "只能办理本部门" in civil.text
    civil.open(f"/cases/{case_no}/receipt")
    assert civil.status() == 403
    cookie = {"hall_session": civil.driver.get_cookie("hall_session")["value"]}
    csrf = civil.find("input[name=csrf]").get_attribute("value")
    forged = requests.post(
        hall.console_url + f"/cases/{case_no}/complete",
        cookies=cookie,
        data={"csrf": csrf, "complete.outcome": "approved"},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and 'data-status="403"' in forged.text
    state = requests.get(
        hall.intake.url + f"/cases/{case_no}", headers={"Authorization": f"Bearer {CLERK}"}, timeout=10
    ).json()
    assert state["status"] == "in_progress"  # nothing happened


def test_a_reviewer_typing_the_windows_urls_gets_a_403_page(people):
    reviewer = people("reviewer").sign_in("dev-reviewer-market")
    for path in ("/cases", "/cases/new", "/cases/new/SC-010"):
        reviewer.open(path)
        assert reviewer.status() == 403, path
