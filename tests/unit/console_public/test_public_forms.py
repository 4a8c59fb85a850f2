"""The public pages' pure helpers: the catalogue search, the tracking key, and the complaint form
as an Open311 request whose problems land next to the applicant's fields, in Chinese."""

from console.public.forms import (
    complaint_errors,
    complaint_fields,
    departments,
    rating_errors,
    rating_payload,
    search,
    tracking_key,
)

ITEMS = [
    {"code": "SC-010", "name": "个体工商户设立登记", "department": "market_regulation"},
    {"code": "MZ-001", "name": "婚姻登记证明补领", "department": "civil_affairs"},
    {"code": "SC-011", "name": "食品经营许可", "department": "market_regulation"},
]


def test_the_catalogue_is_searched_by_name_code_or_department_name_and_filtered_by_department():
    assert [item["code"] for item in search(ITEMS, "登记")] == ["SC-010", "MZ-001"]
    assert [item["code"] for item in search(ITEMS, "sc-011")] == ["SC-011"]
    assert [item["code"] for item in search(ITEMS, "民政")] == ["MZ-001"]
    assert [item["code"] for item in search(ITEMS, "登记", "civil_affairs")] == ["MZ-001"]
    assert search(ITEMS) == ITEMS


def test_the_departments_of_the_catalogue_are_listed_once_by_their_chinese_names():
    assert [code for code, _ in departments(ITEMS)] == ["market_regulation", "civil_affairs"]
    assert all(name and name != code for code, name in departments(ITEMS))


def test_the_tracking_key_is_trimmed_and_upper_cased_and_a_malformed_number_is_refused_in_chinese():
    assert tracking_key({"case_no": " hall-20261123-9kn9jeek", "code": " 7kq2m9xa "}) == (
        "HALL-20261123-9KN9JEEK",
        "7KQ2M9XA",
        {},
    )
    _, _, errors = tracking_key({"case_no": "../cases", "code": "X"})
    assert set(errors) == {"case_no"} and "HALL-" in errors["case_no"]


def test_a_rating_sends_no_empty_comment_and_never_shows_a_problem_of_the_code_apart():
    assert rating_payload({"rating": "satisfied", "comment": "  "}, "AB") == {
        "code": "AB",
        "rating": "satisfied",
        "comment": None,
    }
    problems = rating_errors({"code": ["Missing data for required field."], "rating": ["Invalid value."]})
    assert problems == {"rating": "取值无效"}


def test_the_online_complaint_becomes_an_open311_request_with_the_consoles_key():
    form = {
        "category": "late",
        "matter": "超时未办",
        "name": "王五",
        "phone": "139",
        "case_no": "",
        "window": "W03",
    }
    assert complaint_fields(form, "key") == {
        "api_key": "key",
        "service_code": "complaint-late",
        "description": "超时未办",
        "first_name": "王五",
        "phone": "139",
        "attribute[window]": "W03",
    }


def test_open311_problems_land_next_to_the_applicants_fields_in_chinese():
    problems = [
        "description: Missing data for required field.",
        "first_name/last_name: Missing data for required field.",
        "attribute[case_no]: String does not match expected pattern.",
        "something odd happened",
    ]
    assert complaint_errors(problems) == {
        "matter": "此项必填",
        "name": "此项必填",
        "case_no": "格式不正确",
        "_": "填写有误（something odd happened）",
    }
