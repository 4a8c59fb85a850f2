"""The complaints office's day in the console, and the sealed identity (R-COMP-4) seen from a
window clerk's browser: every complaints and desk page refuses the clerk, and the complainant's
name never appears on any page the clerk can open."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import requests
from browser.person import Person
from selenium.webdriver.common.by import By

OFFICE, CLERK = "dev-complaints", "dev-window-market"


def unique_name() -> str:
    return "王" + uuid.uuid4().hex[:6].upper()


def set_moment(person: Person, name: str, value: str, within=None) -> None:
    """A ``datetime-local`` field: Chromium's picker does not take typed ISO text."""
    person.driver.execute_script("arguments[0].value = arguments[1];", person.field(name, within), value)


def open_step(person: Person, step: str):
    """Open the ``<details>`` of a step on a complaint or desk item page; its form."""
    details = person.find(f'details[data-step="{step}"]')
    if details.get_attribute("open") is None:
        details.find_element(By.TAG_NAME, "summary").click()
    return details.find_element(By.TAG_NAME, "form")


def listed(person: Person, path: str, row: str) -> bool:
    """Whether ``row`` is on one of the list's pages (other tests' data share the hall)."""
    person.open(path)
    for _ in range(50):
        if person.has(row):
            return True
        if not person.finds("nav[aria-label=分页] a[rel=next]"):
            return False
        person.find("nav[aria-label=分页] a[rel=next]").click()
    return False


def file_by_api(hall, name: str) -> str:
    answer = requests.post(
        hall.complaints.url + "/complaints",
        headers={"Authorization": f"Bearer {OFFICE}"},
        json={
            "channel": "letter",
            "category": "poor_attitude",
            "matter": "窗口人员态度恶劣",
            "occurred_at": "2026-12-01T09:30:00+08:00",
            "place": "W03 窗口",
            "department": "market_regulation",
            "complainant": {"name": name, "phone": "13912345678", "address": "城关镇人民路 8 号"},
        },
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["complaint_no"]


def register_desk_by_api(hall, name: str) -> str:
    answer = requests.post(
        hall.complaints.url + "/desk/items",
        headers={"Authorization": f"Bearer {OFFICE}"},
        json={
            "item": "个体工商户设立登记",
            "units": ["market_regulation"],
            "reason": "窗口称系统故障",
            "reporter": {"name": name, "phone": "13912345678"},
        },
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["item_no"]


def test_r_comp_4_the_office_files_a_written_complaint_reveals_the_identity_once_and_answers_it(people):
    name = unique_name()
    office = people("office").sign_in(OFFICE)
    office.follow("登记投诉")
    assert office.path == "/complaints/new"
    office.fill("channel", "letter").fill("category", "late").fill("matter", "承诺5个工作日办结，已超期3天")
    set_moment(office, "occurred_at", "2026-12-01T09:30")
    office.fill("place", "W03 窗口").fill("complainant.phone", "13912345678")
    office.press("登记")
    # refused next to the missing name, what was typed kept, nothing filed
    assert office.status() is None and office.path == "/complaints/new"
    assert office.find("#f-complainant-name-error").text == "此项必填"
    assert office.field("matter").get_attribute("value") == "承诺5个工作日办结，已超期3天"
    assert office.field("channel").get_attribute("value") == "letter"

    office.fill("complainant.name", name).fill("complainant.address", "城关镇人民路 8 号").press("登记")
    assert office.path == "/complaints/new"  # the facts name no department nor case
    assert "须写明被投诉的部门或办件编号" in office.find("#f-department-error").text
    office.fill("department", "market_regulation").press("登记")
    assert office.path.startswith("/complaints/CMP-") and "投诉已登记" in office.text
    complaint_no = office.find("[data-testid=complaint-no]").text
    assert "书面" in office.text and name not in office.text  # sealed by default

    office.press("查看投诉人身份")
    assert office.find("[data-testid=identity-name]").text == name
    assert "投诉办查阅" in office.find("[data-testid=identity-reads]").text  # the read is on the record

    office.open(f"/complaints/{complaint_no}")
    assert name not in office.text  # shown on that one answer only
    form = open_step(office, "answer")
    office.fill("findings", "经查属实", within=form).fill("decision", "已责令整改并致歉", within=form)
    office.press("答复投诉人", within=form)
    assert office.path == f"/complaints/{complaint_no}?done=answer"
    assert office.find("[data-testid=status]").text == "已答复"
    assert "经查属实" in office.text

    assert listed(office, "/complaints?status=answered", f'tr[data-complaint="{complaint_no}"]')


def test_r_comp_4_a_window_clerk_cannot_see_the_identity_on_any_complaints_or_desk_page(people, hall):
    name = unique_name()
    complaint_no = file_by_api(hall, name)
    item_no = register_desk_by_api(hall, name)
    clerk = people("clerk").sign_in(CLERK)
    for path in (
        "/complaints",
        "/complaints/new",
        f"/complaints/{complaint_no}",
        "/desk",
        "/desk/new",
        f"/desk/{item_no}",
    ):
        clerk.open(path)
        assert clerk.status() == 403, path
        assert name not in clerk.text and "13912345678" not in clerk.text, path
    # the clerk's own session and CSRF token (the 403 page's sign-out form), posted straight at
    # the reveals and at a step
    csrf = clerk.find("input[name=csrf]").get_attribute("value")
    assert csrf
    session = {"hall_session": clerk.driver.get_cookie("hall_session")["value"]}
    for path, form in (
        (f"/complaints/{complaint_no}/identity", {}),
        (f"/desk/{item_no}/reporter", {}),
        (f"/complaints/{complaint_no}/steps/answer", {"findings": "x", "decision": "y"}),
    ):
        forged = requests.post(
            hall.console_url + path,
            cookies=session,
            data={"csrf": csrf, **form},
            allow_redirects=False,
            timeout=10,
        )
        assert forged.status_code == 403 and name not in forged.text, path
    clerk.open("/")
    assert name not in clerk.text and "投诉" not in clerk.find("nav").text
    seen = requests.get(
        hall.complaints.url + f"/complaints/{complaint_no}",
        headers={"Authorization": f"Bearer {OFFICE}"},
        timeout=10,
    ).json()
    assert seen["status"] == "open"
    assert not [line for line in seen["timeline"] if line["action"] == "identity_read"]


def test_r_unres_1_the_desk_registers_forwards_extends_with_consent_and_follows_up_an_item(people, hall):
    name = unique_name()
    office = people("office").sign_in(OFFICE)
    office.open("/desk/new")
    office.fill("item", "个体工商户设立登记").fill("units", "market_regulation").fill(
        "reason", "两窗口互相推诿"
    )
    office.fill("reporter.name", name).fill("reporter.phone", "13912345678").press("登记")
    assert office.path.startswith("/desk/DESK-") and name not in office.text
    item_no = office.find("[data-testid=item-no]").text

    office.press("转办责任单位", within=open_step(office, "forwarding"))
    assert office.find("[data-testid=status]").text == "已转办"

    form = open_step(office, "extension")
    office.fill("days", "2", within=form).fill("reason", "需调取档案", within=form)
    office.press("延期（须反映人同意）", within=form)
    extension = office.find("details[data-step=extension]")
    assert "延期须经反映人同意" in office.find("#problems").text  # 422 consent_required, nothing changed
    assert extension.find_element(By.CSS_SELECTOR, ".error").text == "此项必填"
    assert office.field("reason", extension).get_attribute("value") == "需调取档案"

    office.press("查看反映人联系方式")
    assert office.find("[data-testid=reporter-name]").text == name
    assert "查阅反映人联系方式" in office.find("[data-testid=trail]").text

    answered = requests.post(
        hall.complaints.url + f"/desk/items/{item_no}/answer",
        headers={"Authorization": f"Bearer {CLERK}"},
        json={"result": "两窗口联合办结", "solved": True},
        timeout=10,
    )
    assert answered.status_code == 200, answered.text
    office.open(f"/desk/{item_no}")
    assert "两窗口联合办结" in office.text
    form = open_step(office, "follow-up")
    office.fill("satisfaction", "satisfied", within=form).press("回访", within=form)
    assert office.find("[data-testid=status]").text == "已回访办结"
    office.open("/desk?status=closed")
    assert office.has(f'tr[data-item="{item_no}"]')

    # the ledger: a reversed period is named next to its field; a good one downloads, no contact
    office.open("/desk")
    form = office.find("form[action='/desk/ledger']")
    set_moment(office, "from", "2026-12-31", within=form)
    set_moment(office, "to", "2026-01-01", within=form)
    office.press("下载台账（CSV）", within=form)
    assert office.find("#f-to-error").text.startswith("结束日期须不早于开始日期")
    session = {"hall_session": office.driver.get_cookie("hall_session")["value"]}
    today = datetime.now(UTC).date()
    ledger = requests.get(
        hall.console_url + "/desk/ledger",
        params={
            "from": (today - timedelta(days=30)).isoformat(),
            "to": (today + timedelta(days=1)).isoformat(),
        },
        cookies=session,
        timeout=10,
    )
    assert ledger.status_code == 200 and ledger.headers["Content-Type"].startswith("text/csv")
    assert item_no in ledger.text and name not in ledger.text and "13912345678" not in ledger.text


def test_a_bad_worklist_filter_is_named_next_to_its_field(people):
    office = people("office").sign_in(OFFICE).open("/complaints?due_before=2026-13-40")
    assert office.find("#f-due_before-error").text
    assert office.field("due_before").get_attribute("aria-invalid") == "true"


def test_r_comp_7_an_oral_crime_complaint_is_forwarded_referred_answered_by_phone_closed_and_followed_up(
    people, hall
):
    name = unique_name()
    office = people("office").sign_in(OFFICE).open("/complaints/new")
    office.fill("channel", "phone").fill("category", "bribes_or_favours").fill("severity", "crime")
    office.fill("matter", "办事人员索要好处费").fill("place", "W03 窗口").fill(
        "department", "market_regulation"
    )
    set_moment(office, "occurred_at", "2026-12-01T10:00")
    office.fill("complainant.name", name).fill("complainant.phone", "13912345678").press("登记")
    complaint_no = office.find("[data-testid=complaint-no]").text
    assert "口头" in office.text

    form = open_step(office, "forwards")
    office.fill("departments", "market_regulation", within=form).fill(
        "departments", "civil_affairs", within=form
    )
    office.press("转办部门", within=form)
    assert office.find("[data-testid=status]").text == "已转办"
    reported = requests.post(
        hall.complaints.url + f"/complaints/{complaint_no}/forwards/civil_affairs/report",
        headers={"Authorization": "Bearer dev-window-civil"},
        json={"report": "民政窗口已核实"},
        timeout=10,
    )
    assert reported.status_code == 200, reported.text
    office.open(f"/complaints/{complaint_no}")
    form = open_step(office, "report")  # the accused department's own report: the office files it
    office.fill("department", "market_regulation", within=form).fill("report", "已约谈经办人", within=form)
    office.press("代部门登记回复", within=form)
    assert "民政窗口已核实" in office.text and "已约谈经办人" in office.text

    form = open_step(office, "answer")  # R-COMP-6 and R-COMP-7: no call note, not referred yet
    office.fill("findings", "经查属实", within=form).fill("decision", "已移交", within=form)
    office.press("答复投诉人", within=form)
    assert office.find("[data-testid=status]").text == "已转办"
    assert office.find("#f-call_note-error").text and "移送" in office.find("#problems").text
    assert (
        office.field("findings", office.find("details[data-step=answer]")).get_attribute("value")
        == "经查属实"
    )

    office.press("移送", within=open_step(office, "referral"))
    asked = requests.post(
        hall.complaints.url + f"/complaints/{complaint_no}/identity-requests",
        headers={"Authorization": "Bearer dev-agency"},
        json={"reason": "立案审查需联系举报人"},
        timeout=10,
    )
    assert asked.status_code == 201, asked.text
    office.open(f"/complaints/{complaint_no}")
    requests_table = office.find("[data-testid=identity-requests]")
    assert "立案审查需联系举报人" in requests_table.text
    office.press("同意", within=requests_table)
    assert "已同意" in office.find("[data-testid=identity-requests]").text

    form = open_step(office, "answer")
    office.fill("findings", "经查属实", within=form).fill("decision", "已移送司法机关", within=form)
    set_moment(office, "call_note.called_at", "2026-12-02T15:00", within=form)
    office.fill("call_note.summary", "电话告知处理结果", within=form).press("答复投诉人", within=form)
    assert office.find("[data-testid=status]").text == "已答复"

    form = open_step(office, "close")
    office.fill("substantiated", "yes", within=form).press("办结", within=form)
    assert office.find("[data-testid=status]").text == "已办结"
    form = open_step(office, "follow-up")
    office.fill("satisfaction", "basically_satisfied", within=form).press("回访", within=form)
    assert "基本满意" in office.text and not office.has("details[data-step]")
    assert name not in office.text


def test_r_comp_5_a_delay_is_explained_with_a_new_date_that_is_asked_for_when_missing(people, hall):
    complaint_no = file_by_api(hall, unique_name())
    office = people("office").sign_in(OFFICE).open(f"/complaints/{complaint_no}")
    old_due = office.find("[data-testid=due-date]").text
    form = open_step(office, "explanation")
    office.fill("reason", "需调取监控核实", within=form).press("延期说明", within=form)
    assert office.find("#f-new_due_date-error").text == "须写明新的答复日期"
    assert office.field("reason", office.find("details[data-step=explanation]")).get_attribute("value")

    later = (datetime.fromisoformat(old_due) + timedelta(days=7)).date().isoformat()
    form = office.find("details[data-step=explanation] form")
    set_moment(office, "new_due_date", later, within=form)
    office.press("延期说明", within=form)
    assert office.find("[data-testid=due-date]").text == later
    assert "需调取监控核实" in office.text and "延期说明" in office.find("[data-testid=timeline]").text
