"""The pages applicants use without signing in, in a real Chromium: the notice board, the
working-day calculator, tracking and rating a case with the receipt's code (on a phone), and an
online complaint."""

from __future__ import annotations

import requests
from browser.person import PHONE
from intake_requests import bearer, case_body

CLERK = bearer("dev-window-market")  # 李四 at W03, market_regulation


def accepted_case(hall, **changes) -> dict:
    """A case a clerk accepts through intake's API; the answer carries the receipt's code."""
    response = requests.post(
        hall.intake.url + "/cases", json=case_body("SC-010", **changes), headers=CLERK, timeout=10
    )
    assert response.status_code == 201, response.text
    return response.json()


def completed_case(hall) -> dict:
    case = accepted_case(hall)
    body = {"outcome": "approved", "reason": None}
    done = requests.post(
        f"{hall.intake.url}/cases/{case['case_no']}/completion", json=body, headers=CLERK, timeout=10
    )
    assert done.status_code == 200, done.text
    return case


def fits_the_screen(person) -> bool:
    return person.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def track(person, case_no: str, code: str):
    person.open("/public/tracking")
    form = person.find("main form")
    person.fill("case_no", case_no, within=form).fill("code", code, within=form)
    return person.press("查询", within=form)


def test_r_rate_1_an_applicant_tracks_and_rates_a_completed_case_on_a_phone(people, hall):
    case = completed_case(hall)
    applicant = people("applicant", size=PHONE)

    applicant.open(f"/public/tracking/{case['case_no']}")  # the link the completion notice prints
    assert applicant.field("case_no").get_attribute("value") == case["case_no"]
    applicant.fill("code", case["verification_code"].lower()).press("查询")

    assert applicant.path == "/public/tracking"  # the code travelled in the form, not the URL
    assert applicant.find("[data-testid=case-no]").text == case["case_no"]
    assert applicant.find("[data-testid=status]").text == "已办结"
    assert applicant.find("[data-testid=outcome]").text == "准予办理"
    assert "李四" not in applicant.text and "13800000000" not in applicant.text
    assert fits_the_screen(applicant)
    rating = applicant.form_of("您对本次办理是否满意")
    applicant.fill("rating", "satisfied", within=rating).fill("comment", "一次办好，很快", within=rating)
    applicant.press("提交评价", within=rating)
    assert applicant.path == "/public/rating/thanks" and "感谢您的评价" in applicant.text

    track(applicant, case["case_no"], case["verification_code"])
    assert "您已评价过本办件" in applicant.text and not applicant.has("input[name=rating]")


def test_r_rate_1_a_case_is_rated_once_and_the_second_rating_is_refused_in_chinese(people, hall):
    case = completed_case(hall)
    applicant = people("applicant", size=PHONE)
    for _attempt in range(2):
        applicant.open("/public/rating")
        form = applicant.find("main form")
        applicant.fill("case_no", case["case_no"], within=form).fill(
            "code", case["verification_code"], within=form
        )
        applicant.fill("rating", "basically_satisfied", within=form).press("提交评价", within=form)
    assert applicant.path == "/public/rating"
    assert "已评价" in applicant.find("#problems").text
    assert applicant.field("case_no").get_attribute("value") == case["case_no"]  # what was typed stays


def test_a_wrong_code_is_refused_in_chinese_exactly_as_an_unknown_case_without_naming_it(people, hall):
    case = accepted_case(hall)
    applicant = people("applicant", size=PHONE)

    track(applicant, case["case_no"], "WRONG123")
    wrong = applicant.find("#problems").text
    track(applicant, "HALL-20200101-ZZZZZZZZ", case["verification_code"])
    unknown = applicant.find("#problems").text

    assert "没有找到与该办件编号和查询码相符的办件" in wrong and wrong == unknown
    assert "个体工商户" not in applicant.text and not applicant.has("[data-testid=progress]")


def test_a_case_waiting_for_a_supplement_shows_the_applicant_every_missing_material(people, hall):
    main_only = [m for m in case_body("SC-010")["presented"] if m != "经营场所使用证明"]
    case = accepted_case(hall, presented=main_only)
    applicant = people("applicant", size=PHONE)
    track(applicant, case["case_no"], case["verification_code"])
    assert applicant.find("[data-testid=status]").text == "待补正"
    missing = [item.text for item in applicant.finds("[data-testid=missing] li")]
    assert missing == case["missing_materials"]


def test_r_cat_2_the_notice_board_lists_every_item_searchably_and_shows_its_public_facts(people):
    applicant = people("applicant", size=PHONE).open("/public/catalogue")
    assert len(applicant.finds("tr[data-code]")) >= 19 and fits_the_screen(applicant)
    form = applicant.find("form[role=search]")
    applicant.fill("q", "个体", within=form).press("查找", within=form)
    assert [row.get_attribute("data-code") for row in applicant.finds("tr[data-code]")] == ["SC-010"]
    applicant.follow("个体工商户设立登记")
    assert applicant.path == "/public/catalogue/SC-010"
    headings = [h.text for h in applicant.finds("main h2")]
    for fact in ("办理依据", "受理条件", "申请材料", "收费标准", "办理流程"):
        assert fact in headings
    assert "主件" in applicant.text and "5 个工作日" in applicant.text
    assert applicant.open("/public/catalogue/XX-999").status() == 404


def test_r_clock_1_the_calculator_shows_the_holidays_skipped_and_the_working_weekend(people):
    applicant = people("applicant", size=PHONE).open("/public/calculator?start=2026-09-30&days=3")
    result = applicant.find("[data-testid=deadline]").text
    assert "2026-10-10" in result and "2026-10-01" in result and "调休" in result
    assert not applicant.has("[data-testid=provisional]")
    assert fits_the_screen(applicant)


def test_r_clock_1_the_calculator_marks_a_deadline_in_an_unpublished_year_provisional(people):
    applicant = people("applicant").open("/public/calculator?start=2026-12-28&days=5")
    assert "2027-01-05" in applicant.find("[data-testid=deadline]").text
    assert "暂定" in applicant.find("[data-testid=provisional]").text


def test_the_calculator_refuses_a_bad_number_of_days_next_to_its_field_in_chinese(people):
    applicant = people("applicant").open("/public/calculator?start=2026-09-30&days=400")
    assert "365" in applicant.find("#f-days-error").text
    assert applicant.field("days").get_attribute("value") == "400"


def test_an_applicant_files_a_complaint_online_and_gets_its_number(people, hall):
    applicant = people("applicant", size=PHONE).open("/public/complaint")
    form = applicant.find("main form")
    applicant.fill("category", "late", within=form).fill("matter", "窗口超过承诺时限仍未办结", within=form)
    applicant.fill("name", "王五", within=form).fill("phone", "请打我电话", within=form)
    applicant.press("提交投诉", within=form)
    assert applicant.find("#f-phone-error").text == "格式不正确"  # refused by the service, in Chinese
    assert applicant.find("#f-department-error").text  # no case number: the department is needed
    assert (
        applicant.field("matter").get_attribute("value") == "窗口超过承诺时限仍未办结"
    )  # what was typed stays

    form = applicant.find("main form")
    applicant.fill("phone", "13900001111", within=form).fill("department", "market_regulation", within=form)
    applicant.press("提交投诉", within=form)
    number = applicant.find("[data-testid=complaint-no]").text
    assert number and applicant.path == "/public/complaint/" + number
    assert "王五" not in applicant.text and "13900001111" not in applicant.text
    assert fits_the_screen(applicant)


def test_a_public_form_posted_from_elsewhere_without_its_form_token_is_refused(hall):
    forged = requests.post(
        hall.console_url + "/public/rating",
        data={"case_no": "HALL-20200101-ZZZZZZZZ", "code": "X", "rating": "dissatisfied"},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and "页面已过期" in forged.text
