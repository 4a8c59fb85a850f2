"""The complaints office's day in the console, and the sealed identity (R-COMP-4) seen from a
window clerk's browser: every complaints and desk page refuses the clerk, and the complainant's
name never appears on any page the clerk can open."""

from __future__ import annotations

import uuid

import requests
from browser.person import Person
from selenium.webdriver.common.by import By

OFFICE, CLERK = "dev-complaints", "dev-window-market"


def unique_name() -> str:
    return "王" + uuid.uuid4().hex[:6].upper()


def set_moment(person: Person, name: str, value: str) -> None:
    """A ``datetime-local`` field: Chromium's picker does not take typed ISO text."""
    person.driver.execute_script("arguments[0].value = arguments[1];", person.field(name), value)


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


def test_a_bad_worklist_filter_is_named_next_to_its_field(people):
    office = people("office").sign_in(OFFICE).open("/complaints?due_before=2026-13-40")
    assert office.find("#f-due_before-error").text
    assert office.field("due_before").get_attribute("aria-invalid") == "true"
