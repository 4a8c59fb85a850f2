"""What the applicant's notices say: departments by name, a joint decision's conditions and
reasons (R-JOINT-4), the date and the remedy of a return or a refusal, the invitation to rate
(R-RATE-1), and the one-time notice's conditions, prerequisites and the hall's contact (R-ONCE-1)."""

import copy
import json
from pathlib import Path

import pytest

from hall_contracts.departments import directory
from hall_contracts.samples import SAMPLES
from notify.notices.rendering import render
from notify.notices.rules import NoticeDataError

REPO_ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = json.loads((REPO_ROOT / "services/intake/intake/catalogue.json").read_text(encoding="utf-8"))
HALL = directory().hall


def sample(relative: str) -> dict:
    return copy.deepcopy(SAMPLES[relative]()["data"])


def item(code: str) -> dict:
    return next(entry for entry in CATALOGUE["items"] if entry["code"] == code)


def joint_completion(decision: str) -> dict:
    """The completion intake publishes when the lead's decision closes NY-001 (a joint case)."""
    data = sample("intake/case_completed.v1.json")
    data.update(item_code="NY-001", item_name="农村宅基地和建房（规划许可）审批", kind="joint")
    data.update(department="agriculture_rural", outcome=decision)
    if decision == "refused":
        data["reasons"] = [
            {"department": "natural_resources", "reason": "拟建位置占用永久基本农田"},
            {"department": "housing_construction", "reason": "建房层数超过村庄规划限制"},
        ]
        data["reason"] = "自然资源局：拟建位置占用永久基本农田；住房和城乡建设局：建房层数超过村庄规划限制"
    else:
        data["conditions"] = [
            {"department": "natural_resources", "condition": "建房不得占用永久基本农田"},
            {"department": "housing_construction", "condition": "建房层数不超过三层"},
        ]
    return data


def test_r_joint_4_a_refused_joint_case_prints_each_departments_reason_under_its_name():
    text = render("completion", joint_completion("refused")).text
    assert "不予许可" in text
    assert "1. 自然资源局：拟建位置占用永久基本农田" in text
    assert "2. 住房和城乡建设局：建房层数超过村庄规划限制" in text
    assert "natural_resources" not in text and "housing_construction" not in text


def test_r_joint_4_an_approved_joint_case_keeps_every_departments_conditions_by_name():
    text = render("completion", joint_completion("approved")).text
    assert "准予许可" in text and "许可附带以下条件" in text
    assert "1. 自然资源局：建房不得占用永久基本农田" in text
    assert "2. 住房和城乡建设局：建房层数不超过三层" in text
    assert "natural_resources" not in text


def test_r_joint_4_an_approval_without_conditions_prints_no_conditions_heading():
    text = render("completion", sample("intake/case_completed.v1.json")).text
    assert "准予许可" in text and "附带" not in text


@pytest.mark.parametrize("code", [entry["code"] for entry in CATALOGUE["items"] if entry["kind"] == "joint"])
def test_r_joint_4_the_joint_case_notice_names_every_department_of_every_joint_item_by_name(code):
    data = sample("joint_review/review_opened.v1.json")
    data.update(
        item_code=code, departments=item(code)["departments"], lead_department=item(code)["department"]
    )
    text = render("joint_case", data).text
    for department in item(code)["departments"]:
        assert directory().name(department) in text
        assert department not in text


def test_r_kind_4_the_return_notice_states_its_date_the_reason_and_the_remedy():
    data = sample("intake/case_returned.v1.json")
    text = render("return", data).text
    assert data["reason"] in text and "退回日期：2026年1月5日" in text
    assert "六十日内向县人民政府申请行政复议" in text
    assert f"六个月内依法向{HALL.court}提起行政诉讼" in text
    assert HALL.address in text and HALL.phone in text


def test_a_refusals_completion_notice_states_its_date_the_remedy_and_the_deciding_body():
    data = sample("intake/case_completed.v1.json")
    data.update(outcome="refused", reason="经营场所不符合食品安全要求", department="taxation")
    text = render("completion", data).text
    assert "理由：经营场所不符合食品安全要求" in text and "2026年1月9日" in text
    # a vertically managed department's decision is reviewed by the one above it, not the county
    assert "六十日内向上一级税务局申请行政复议" in text and "六个月内" in text


def test_r_kind_6_an_escalated_cases_completion_names_the_deciding_authority_and_its_remedy():
    """The higher authority decided, not the county department: the notice names it with its
    decision's reference, and a refusal sends the applicant to the authority's review body."""
    data = sample("intake/case_completed.v1.json")
    decided = {
        "department": "civil_affairs",
        "authority": "市民政局",
        "authority_reference": "市民批〔2026〕12号",
    }
    approved = render("completion", {**data, **decided}).text
    assert "审批机关：市民政局（文号：市民批〔2026〕12号）" in approved and "准予许可" in approved
    refused = render(
        "completion", {**data, **decided, "outcome": "refused", "reason": "家庭收入超过低保标准"}
    ).text
    assert "本决定由市民政局作出" in refused and "向市民政局的行政复议机关申请行政复议" in refused
    assert "县人民政府" not in refused and HALL.court not in refused
    assert "审批机关" not in render("completion", data).text  # any other case: as before


def test_r_rate_1_the_completion_notice_invites_the_rating_on_the_tracking_page_of_its_case():
    data = sample("intake/case_completed.v1.json")
    text = render("completion", data).text
    assert f"{HALL.tracking_url}/{data['case_no']}" in text
    assert "满意、基本满意、不满意" in text and "查询码" in text


def test_r_once_1_the_one_time_notice_states_the_conditions_prerequisites_and_the_halls_contact():
    entry = item("SC-011")
    text = render("one_time", {**entry, "case_no": "HALL-20260105-7KQ2M9XA"}).text
    assert "一、基本条件" in text and "二、前置手续" in text
    for line in entry["conditions"] + entry["prerequisites"]:
        assert line in text
    for material in entry["materials"]:
        assert material["name"] in text
    assert "市场监督管理局（咨询电话 0571-8700-1003）" in text
    assert HALL.address in text and HALL.phone in text and HALL.hours in text


def test_r_once_1_an_item_without_prerequisites_says_none_are_needed():
    entry = item("MZ-001")
    assert entry["prerequisites"] == []
    assert "无须办理前置手续" in render("one_time", entry).text


def test_r_once_1_a_catalogue_answer_without_conditions_renders_no_half_notice():
    entry = {key: value for key, value in item("SC-010").items() if key != "conditions"}
    with pytest.raises(NoticeDataError, match="conditions"):
        render("one_time", entry)


def test_a_department_outside_the_directory_has_no_phone_or_remedy_body_to_print():
    data = sample("intake/case_returned.v1.json")
    data["department"] = "nowhere"
    with pytest.raises(NoticeDataError, match="nowhere"):
        render("return", data)
