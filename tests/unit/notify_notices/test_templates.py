"""Notice templates render from the events intake and joint_review publish (issue 5 point 1)."""

import copy
import json
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader

from hall_contracts.samples import SAMPLES
from notify.notices import rendering
from notify.notices.rendering import NOTICE_SOURCES, render
from notify.notices.rules import NoticeDataError

REPO_ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = REPO_ROOT / "services" / "intake" / "intake" / "catalogue.json"


def event_data(source_and_type: str) -> dict:
    source, event_type = source_and_type.split(".")
    # deepcopy: the sample builders share nested dicts (FIRST_RESPONDER) between calls
    return copy.deepcopy(SAMPLES[f"{source}/{event_type}.v1.json"]()["data"])


RECEIPT_CODE = "W4RB9TZ3"  # what notify reads from intake for the receipt; never in an event


def notice_data(notice_type: str, source_and_type: str) -> dict:
    """The event's data as notify renders it: the receipt with the code it reads from intake."""
    data = event_data(source_and_type)
    return {**data, "verification_code": RECEIPT_CODE} if notice_type == "receipt" else data


def catalogue_item(code: str) -> dict:
    items = json.loads(CATALOGUE.read_text(encoding="utf-8"))["items"]
    return next(item for item in items if item["code"] == code)


COMPLAINT = {
    "complaint_no": "TS-20260112-0003",
    "case_no": "HALL-20260107-8RTX3B5E",
    "received_at": "2026-01-12T10:20:00+08:00",
    "findings": "经核查，窗口工作人员未按规定一次性告知所需材料，情况属实。",
    "decision": "已责令当事窗口整改，并对相关工作人员进行批评教育。",
    "office": "便民服务中心督查室",
    "office_phone": "0571-8700-1234",
    "answered_at": "2026-01-16",
}

RENDERED_FROM = [
    (notice_type, source)
    for notice_type, sources in NOTICE_SOURCES.items()
    for source in sources
    if (notice_type, source) != ("receipt", "intake.case_registered")
]


def test_every_notice_type_of_domain_section_8_has_a_template():
    assert set(NOTICE_SOURCES) == {
        "receipt",
        "one_time",
        "supplement",
        "acceptance",
        "return",
        "joint_case",
        "consolidated_supplement",
        "extension",
        "suspension",
        "resumption",
        "forwarding",
        "overdue_explanation",
        "transfer",
        "completion",
        "complaint_answer",
        "complaint_delay",  # R-COMP-5
        "complaint_report",  # R-COMP-8, to the complainant
        "complaint_forwarded",  # R-COMP-8, to the department
        "staff_reminder",
        "overdue_report",
        "meeting_invitation",
    }
    for notice_type in NOTICE_SOURCES:
        assert rendering.versions(notice_type)


@pytest.mark.parametrize(("notice_type", "source"), RENDERED_FROM)
def test_each_notice_renders_from_its_published_sample_with_its_case_number(notice_type, source):
    data = notice_data(notice_type, source)
    rendered = render(notice_type, data)
    assert data["case_no"] in rendered.text
    assert rendered.template == notice_type and rendered.version == rendering.versions(notice_type)[-1]


@pytest.mark.parametrize(("notice_type", "source"), RENDERED_FROM)
def test_no_notice_carries_applicant_personal_data(notice_type, source):
    text = render(notice_type, notice_data(notice_type, source)).text
    assert "APP-" not in text
    assert "applicant" not in text


def test_the_receipt_states_case_number_code_staff_name_and_phone_and_the_promised_limit():
    text = render("receipt", notice_data("receipt", "intake.case_accepted")).text
    for fact in ("HALL-20260105-7KQ2M9XA", "查询码：W4RB9TZ3", "李敏", "0571-8765-4321", "A3", "5个工作日"):
        assert fact in text


def test_a_supplement_cases_receipt_dates_the_registration_and_counts_the_limit_from_completion():
    text = render("receipt", notice_data("receipt", "intake.supplement_requested")).text
    assert "收件时间：2026年1月5日 09:30" in text and "查询码：W4RB9TZ3" in text
    assert "5个工作日（不含法定节假日），自材料补齐之日起计算" in text


def test_the_receipt_is_never_printed_without_its_code():
    with pytest.raises(NoticeDataError, match="verification_code"):
        render("receipt", event_data("intake.case_accepted"))
    assert "查询码" not in render("receipt", event_data("intake.case_accepted"), version=1).text


def test_a_receipt_cannot_be_rendered_from_case_registered_which_carries_no_promised_limit():
    with pytest.raises(NoticeDataError, match="promised_days"):
        render("receipt", notice_data("receipt", "intake.case_registered"))


def test_r_once_1_the_one_time_notice_states_materials_procedure_limit_fees_and_basis_at_once():
    item = catalogue_item("SC-010")
    text = render("one_time", item).text
    for material in item["materials"]:
        assert material["name"] in text
    for step in item["procedure"]:
        assert step in text
    assert "承诺时限5个工作日" in text and "法定时限10个工作日" in text
    assert item["fees"][0]["item"] in text and item["fees"][0]["basis"] in text
    assert item["basis"] in text


def test_r_once_1_the_supplement_notice_lists_every_missing_item():
    data = event_data("intake.supplement_requested")
    data["missing_materials"] = ["经营场所使用证明", "委托代理人身份证明及委托书", "经营者居民身份证"]
    text = render("supplement", data).text
    for material in data["missing_materials"]:
        assert material in text


def test_r_once_1_the_consolidated_supplement_names_each_material_with_the_departments_that_asked():
    data = event_data("joint_review.supplement_consolidated")
    data["materials"].append({"name": "宅基地申请审批表", "departments": ["natural_resources"]})
    text = render("consolidated_supplement", data).text
    assert "1. 村民小组会议记录和公示材料（提出部门：住房和城乡建设局、自然资源局）" in text
    assert "2. 宅基地申请审批表（提出部门：自然资源局）" in text


def test_the_acceptance_notice_states_the_deadline():
    assert "2026年1月13日" in render("acceptance", event_data("intake.case_accepted")).text


def test_the_return_notice_quotes_the_written_reason():
    data = event_data("intake.case_returned")
    assert data["reason"] in render("return", data).text


def test_the_joint_case_notice_names_the_lead_and_every_department():
    text = render("joint_case", event_data("joint_review.review_opened")).text
    assert "牵头部门：农业农村局" in text
    assert "农业农村局、自然资源局、住房和城乡建设局" in text


def test_r_clock_4_the_extension_notice_states_the_reason_and_the_new_deadline():
    data = event_data("intake.case_extended")
    text = render("extension", data).text
    assert data["reason"] in text and "2026年1月21日" in text and "2026年1月16日" in text


def test_r_clock_2_the_suspension_notice_states_the_reason_and_that_the_clock_is_stopped():
    data = event_data("intake.case_suspended")
    text = render("suspension", data).text
    assert data["reason"] in text and "现场勘查" in text
    assert "不计入办理时限" in text


def test_r_clock_2_the_suspension_notice_states_the_expected_duration_and_resumption_day():
    text = render("suspension", event_data("intake.case_suspended")).text
    assert "预计中止2个工作日" in text and "预计于2026年1月12日恢复计算" in text


def test_r_clock_2_a_joint_reviews_suspension_without_an_expected_duration_still_renders():
    data = event_data("intake.case_suspended")
    del data["expected_working_days"], data["expected_resumption"]
    text = render("suspension", data).text
    assert "预计" not in text and "恢复计算时另行告知" in text


def test_r_clock_2_the_resumption_notice_states_the_days_off_the_clock_and_the_new_deadline():
    text = render("resumption", event_data("intake.case_resumed")).text
    assert "2026年1月8日" in text and "2026年1月12日恢复计算" in text and "顺延至2026年1月16日" in text


def test_r_clock_2_the_resumption_notice_is_not_rendered_without_its_new_deadline():
    data = event_data("intake.case_resumed")
    data["deadline"] = None
    with pytest.raises(NoticeDataError, match="deadline"):
        render("resumption", data)


def test_the_completion_notice_states_the_outcome():
    assert "准予许可" in render("completion", event_data("intake.case_completed")).text


def test_a_refusal_states_its_reason_and_a_refusal_without_one_is_not_rendered():
    data = event_data("intake.case_completed")
    data["outcome"] = "refused"
    with pytest.raises(NoticeDataError, match="reason"):
        render("completion", data)
    data["reason"] = "经营场所不符合食品安全要求"
    text = render("completion", data).text
    assert "不予许可" in text and data["reason"] in text


def test_the_complaint_answer_renders_from_its_explicit_context():
    text = render("complaint_answer", COMPLAINT).text
    for fact in ("TS-20260112-0003", COMPLAINT["findings"], COMPLAINT["decision"], "0571-8700-1234"):
        assert fact in text


@pytest.mark.parametrize("source", ["joint_review.task_due_soon", "intake.case_due_soon"])
def test_the_staff_reminder_names_who_must_act_and_by_when(source):
    text = render("staff_reminder", event_data(source)).text
    assert ("R-ZJ-031" in text and "2026年1月12日 17:00" in text) or (
        "S-0112" in text and "2026年1月21日 17:00" in text
    )


@pytest.mark.parametrize("source", ["joint_review.task_overdue", "intake.case_overdue"])
def test_r_clock_5_the_overdue_report_names_the_overdue_task_or_case(source):
    data = event_data(source)
    text = render("overdue_report", data).text
    assert data.get("task_id", data["case_no"]) in text and "逾期" in text


@pytest.mark.parametrize(("notice_type", "source"), RENDERED_FROM)
def test_a_sample_with_a_field_removed_raises_notice_data_error_naming_it(notice_type, source):
    data = event_data(source)
    del data["case_no"]
    with pytest.raises(NoticeDataError, match="case_no"):
        render(notice_type, data)


def test_every_missing_field_is_named_including_nested_ones_and_nulls():
    data = event_data("intake.case_accepted")
    del data["item_name"]
    del data["first_responder"]["phone"]
    data["deadline"] = None
    with pytest.raises(NoticeDataError) as error:
        render("acceptance", data)
    assert all(name in str(error.value) for name in ("item_name", "first_responder.phone", "deadline"))


def test_a_missing_field_inside_a_list_is_named_by_its_position():
    data = event_data("joint_review.supplement_consolidated")
    del data["materials"][0]["departments"]
    with pytest.raises(NoticeDataError, match=r"materials\[0\]\.departments"):
        render("consolidated_supplement", data)


def test_the_version_and_sha256_are_stable_for_the_same_input():
    data = event_data("intake.case_accepted")
    data["verification_code"] = RECEIPT_CODE
    first, second = render("receipt", data), render("receipt", copy.deepcopy(data))
    assert first == second
    assert len(first.sha256) == 64


def test_the_newest_version_is_used_and_an_older_one_can_be_rendered_again(monkeypatch):
    newer = DictLoader({"receipt.v9.txt.j2": "回执（第九版）\n受理编号：{{ case_no }}\n"})
    monkeypatch.setattr(
        rendering._ENVIRONMENT, "loader", ChoiceLoader([rendering._ENVIRONMENT.loader, newer])
    )
    data = event_data("intake.case_accepted")
    latest, archived = render("receipt", data), render("receipt", data, version=1)
    assert (latest.version, archived.version) == (9, 1)
    assert latest.text.startswith("回执（第九版）") and "李敏" in archived.text
    assert latest.sha256 != archived.sha256


def test_an_unknown_version_or_notice_type_is_refused():
    with pytest.raises(LookupError):
        render("receipt", event_data("intake.case_accepted"), version=99)
    with pytest.raises(LookupError):
        render("horoscope", {})


@pytest.mark.parametrize(
    ("notice_type", "source"),
    [
        ("task_assigned", "joint_review.review_task_assigned"),
        ("staff_reminder", "joint_review.task_due_soon"),
        ("overdue_report", "joint_review.task_overdue"),
    ],
)
def test_a_task_with_no_named_reviewer_goes_to_the_departments_reviewing_post(notice_type, source):
    data = event_data(source)
    data["assignee"] = None  # no reviewer roster for the department: the task is the department's
    text = render(notice_type, data).text
    assert "本部门审查岗" in text and data["task_id"] in text


def test_r_kind_6_the_forwarding_notice_names_the_authority_the_day_and_that_its_time_is_not_counted():
    text = render("forwarding", event_data("intake.case_escalated")).text
    assert "2026年1月16日报送市民政局审批" in text and "不计入本中心的办理时限" in text


def test_r_kind_6_a_forwarding_day_alert_speaks_of_forwarding_not_of_completion():
    for notice_type, source in (
        ("staff_reminder", "intake.case_due_soon"),
        ("overdue_report", "intake.case_overdue"),
    ):
        data = {**event_data(source), "deadline_kind": "forwarding", "forwarding_deadline": "2026-01-21"}
        text = render(notice_type, data).text
        assert "上报期限2026年1月21日 17:00" in text.replace("：", "") and "办结期限" not in text
        assert render(notice_type, event_data(source)).version == 2  # a changed notice: a new version
        assert "上报" not in render(notice_type, event_data(source), version=1).text


def test_r_clock_5_the_overdue_report_of_a_case_asks_supervision_for_its_decision():
    text = render("overdue_report", event_data("intake.case_overdue")).text
    assert "按正常办结" in text and "法律障碍" in text


def test_r_clock_5_the_overdue_explanation_states_the_delay_and_why_in_china_time():
    data = event_data("intake.case_overdue_decided")
    data["closes_at"], data["decided_at"] = "2026-01-21T09:00:00Z", "2026-01-22T01:30:00+00:00"
    text = render("overdue_explanation", data).text
    assert "办结期限为2026年1月21日 17:00" in text and "截至2026年1月22日已逾期1个工作日" in text
    assert "逾期原因：经营场所权属存在争议" in text and "违反法律规定" in text


def test_r_clock_5_the_overdue_explanation_is_not_rendered_without_its_reason():
    data = event_data("intake.case_overdue_decided")
    data["reason"] = None
    with pytest.raises(NoticeDataError, match="reason"):
        render("overdue_explanation", data)


def test_r_first_2_the_transfer_notice_tells_the_applicant_whom_to_see_at_which_window_and_when():
    text = render("transfer", event_data("intake.case_transferred")).text
    assert "A5号窗口王五办理" in text and "王五暂不在岗" in text
    assert "请于2026年1月8日 09:30到A5号窗口办理" in text  # 01:30 UTC is 09:30 in the hall
    assert "首问责任人李敏" in text


def test_r_first_2_a_transfer_with_a_time_agreed_though_the_receiver_is_in_still_names_it():
    data = {**event_data("intake.case_transferred"), "receiver_away": False}
    text = render("transfer", data).text
    assert "暂不在岗" not in text and "请于2026年1月8日 09:30到A5号窗口办理" in text


def test_r_first_2_the_transfer_notice_is_not_rendered_without_the_agreed_time_or_the_receiver():
    data = {**event_data("intake.case_transferred"), "agreed_time": None}
    del data["to_staff_name"]
    with pytest.raises(NoticeDataError, match="agreed_time.*to_staff_name|to_staff_name.*agreed_time"):
        render("transfer", data)


@pytest.mark.parametrize("notice_type", ["staff_reminder", "overdue_report"])
def test_r_clock_5_the_reminder_and_the_overdue_report_name_people_beside_their_ids(notice_type):
    source = "intake.case_due_soon" if notice_type == "staff_reminder" else "intake.case_overdue"
    rendered = render(notice_type, event_data(source))
    assert rendered.version == 2
    assert "经办人：王五（S-0112）" in rendered.text and "首问责任人：李敏（S-0107）" in rendered.text


@pytest.mark.parametrize(
    ("notice_type", "source"),
    [
        ("staff_reminder", "joint_review.task_due_soon"),
        ("overdue_report", "joint_review.task_overdue"),
        ("task_assigned", "joint_review.review_task_assigned"),
    ],
)
def test_r_joint_6_reviewers_are_named_beside_their_ids_and_an_event_without_names_still_renders(
    notice_type, source
):
    data = event_data(source)
    reviewer = data["assignee"]["reviewer_id"]
    assert f"审查人：{data['assignee']['name']}（{reviewer}）" in render(notice_type, data).text
    del data["assignee"]["name"]  # published before the events named reviewers
    assert f"审查人：{reviewer}\n" in render(notice_type, data).text


def test_r_clock_5_an_alert_published_before_names_still_renders_with_the_ids():
    data = event_data("intake.case_overdue")
    del data["holder_name"], data["first_responder_name"]
    text = render("overdue_report", data).text
    assert "经办人：S-0112，" in text and "首问责任人：S-0107\n" in text
