"""The window pages' pure helpers: a worklist row's colour, the actions a case offers, the receipt's
code, the clock's summary, and the forms as intake's JSON bodies."""

from __future__ import annotations

import doctest

import pytest
from werkzeug.datastructures import MultiDict

import console.cases.accept
import console.cases.forms
import console.cases.rules
from console.cases.forms import acceptance, action_body, prefixed
from console.cases.rules import actions_allowed, clock_of, receipt_code, row_state, suspensions
from console.cases.worklist import worklist_query
from console.signin.rules import Visitor

MATERIALS = [
    {"name": "申请书", "kind": "main"},
    {"name": "身份证", "kind": "main"},
    {"name": "场所证明", "kind": "attachment"},
]


@pytest.mark.parametrize("module", [console.cases.rules, console.cases.forms, console.cases.accept])
def test_the_examples_in_the_docstrings_hold(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("row", "state"),
    [
        ({"overdue": True, "working_days_left": 0}, "overdue"),
        ({"overdue": False, "working_days_left": 0}, "due-soon"),
        ({"overdue": False, "working_days_left": 1}, "due-soon"),
        ({"overdue": False, "working_days_left": 2}, ""),
        ({"overdue": False, "working_days_left": None}, ""),
    ],
)
def test_a_row_is_red_when_overdue_and_amber_when_due_within_one_working_day(row, state):
    assert row_state(row) == state


def test_r_clock_4_only_a_window_head_is_offered_the_extension():
    case = {"status": "in_progress"}
    assert "extend" in actions_allowed(case, "window_head")
    assert "extend" not in actions_allowed(case, "window_staff")
    assert "extend" not in actions_allowed(case, "lead_window")


def test_each_state_offers_only_what_intake_allows_from_it():
    assert actions_allowed({"status": "awaiting_supplement"}, "window_staff") == ("supplement", "transfer")
    assert actions_allowed({"status": "suspended"}, "window_staff") == ("resume", "transfer")
    assert actions_allowed({"status": "awaiting_authority"}, "window_staff") == (
        "authority_answer",
        "transfer",
    )
    assert actions_allowed({"status": "returned"}, "window_head") == ()


def test_the_receipts_code_is_read_after_its_label_and_never_the_mask():
    notices = [
        {"notice_type": "supplement", "content": "查询码：NOTTHIS1"},
        {"notice_type": "receipt", "content": "受理编号：HALL-1\n查询码：7QX3M2PA\n办理事项"},
    ]
    assert receipt_code(notices) == "7QX3M2PA"
    assert receipt_code([{"notice_type": "receipt", "content": "查询码：********"}]) is None
    assert receipt_code([]) is None


def test_the_clock_stands_still_without_a_deadline():
    assert (
        clock_of({"limit_days": 5, "extension_days": 0, "deadline": None, "working_days_left": None})[
            "running"
        ]
        is False
    )
    running = clock_of(
        {"limit_days": 5, "extension_days": 2, "deadline": "2026-12-11", "working_days_left": 6}
    )
    assert (running["limit"], running["used"], running["left"]) == (7, 1, 6)


def test_r_clock_2_each_suspension_is_paired_with_its_resumption():
    lines = [
        {"action": "suspended", "on_date": "2026-11-24", "details": {"reason": "专家评审"}},
        {"action": "resumed", "on_date": "2026-11-27", "details": {}},
        {"action": "suspended", "on_date": "2026-12-01", "details": {"reason": "现场勘查"}},
    ]
    found = suspensions(lines)
    assert [(s["since"], s["until"]) for s in found] == [("2026-11-24", "2026-11-27"), ("2026-12-01", None)]


def test_r_kind_3_the_acceptance_form_sorts_materials_into_presented_and_to_follow():
    form = MultiDict({"m.0": "presented", "m.1": "to_follow", "m.2": "missing", "applicant_name": " 张三 "})
    body = acceptance(form, MATERIALS, "SC-010")
    assert (body["presented"], body["to_follow"], body["applicant_name"]) == (["申请书"], ["身份证"], "张三")
    assert "decision" not in body and "urgent_days" not in body


def test_r_kind_4_a_return_carries_its_reason_and_typed_numbers_stay_as_typed_for_the_service_to_refuse():
    form = MultiDict({"decision": "return", "return_reason": "不属于本中心受理范围", "urgent_days": "三"})
    body = acceptance(form, MATERIALS, "SC-010")
    assert (body["decision"], body["return_reason"], body["urgent_days"]) == (
        "return",
        "不属于本中心受理范围",
        "三",
    )


def test_action_forms_become_intakes_bodies():
    form = MultiDict(
        [
            ("supplement.materials", "身份证"),
            ("supplement.materials", "场所证明"),
            ("suspend.expected_working_days", "10"),
        ]
    )
    assert action_body("supplement", form) == {"materials": ["身份证", "场所证明"]}
    assert action_body("suspend", form)["expected_working_days"] == 10
    transfer = action_body(
        "transfer", MultiDict({"transfer.to.staff_id": "S02", "transfer.agreed_time": "2026-12-07T09:30"})
    )
    assert transfer["to"]["staff_id"] == "S02" and transfer["agreed_time"] == "2026-12-07T09:30:00+08:00"
    assert prefixed({"to.name": "此项必填"}, "transfer") == {"transfer.to.name": "此项必填"}


def test_the_worklist_filters_open_means_every_open_case_and_me_the_visitor():
    visitor = Visitor("S01", "李四", "window_staff", "market_regulation", "W03", "t", "c")
    query = worklist_query(MultiDict({"status": "open", "holder": "me", "offset": "-3"}), visitor)
    assert query == {"holder": "S01", "offset": "0", "limit": "20"}
