"""The complaints office's and the desk's forms as the complaints API takes them, and the marks
of the worklists (R-COMP-4, R-COMP-5, R-COMP-6, R-UNRES-1..2)."""

from __future__ import annotations

from datetime import date

from werkzeug.datastructures import MultiDict

from console.complaints import rules
from console.complaints.forms import step_call
from console.desk import rules as desk


def a_letter(**changes: str) -> MultiDict:
    fields = {
        "channel": "letter",
        "category": "late",
        "matter": "承诺5个工作日办结，已超期",
        "occurred_at": "2026-12-01T09:30",
        "place": "W03 窗口",
        "case_no": "",
        "complainant.name": "王小明",
        "complainant.phone": "13912345678",
        "complainant.email": "",
        **changes,
    }
    return MultiDict(list(fields.items()) + [("other_departments", "civil_affairs")])


def test_a_filing_form_becomes_the_apis_json_with_the_china_time_and_the_identity_nested():
    payload = rules.filing_payload(a_letter())
    assert payload["occurred_at"] == "2026-12-01T09:30:00+08:00"
    assert payload["complainant"] == {"name": "王小明", "phone": "13912345678"}
    assert payload["other_departments"] == ["civil_affairs"]
    assert "case_no" not in payload and payload["major"] is False


def test_a_missing_name_is_left_out_so_the_api_names_that_field_as_required():
    payload = rules.filing_payload(a_letter(**{"complainant.name": ""}))
    assert "name" not in payload["complainant"]


def test_the_outside_scope_reason_is_sent_only_for_a_consultation():
    assert "outside_scope_reason" not in rules.filing_payload(a_letter(outside_scope_reason="x"))
    consultation = rules.filing_payload(a_letter(category="outside_scope", outside_scope_reason="咨询"))
    assert consultation["outside_scope_reason"] == "咨询"


def test_r_comp_6_an_oral_answer_carries_its_call_note_and_a_written_one_none():
    method, path, payload = step_call(
        "answer",
        {
            "findings": "属实",
            "decision": "整改",
            "call_note.called_at": "2026-12-02T15:00",
            "call_note.summary": "已电话答复",
        },
    )
    assert (method, path) == ("POST", "/answer")
    assert payload["call_note"] == {"called_at": "2026-12-02T15:00:00+08:00", "summary": "已电话答复"}
    assert "call_note" not in step_call("answer", {"findings": "a", "decision": "b"})[2]


def test_r_comp_5_an_explanation_without_a_date_leaves_it_out_for_the_api_to_name():
    assert step_call("explanation", {"reason": "调取监控"})[2] == {"reason": "调取监控"}


def test_closing_reads_yes_or_no_and_a_category_is_a_put():
    assert step_call("close", {"substantiated": "no"})[2] == {"substantiated": False}
    assert step_call("close", {"substantiated": ""})[2] == {}
    assert step_call("category", {"category": "late"})[:2] == ("PUT", "/category")


def test_r_comp_5_rows_are_overdue_as_the_api_says_and_due_soon_on_their_day():
    today = date(2026, 12, 2)
    assert rules.mark({"overdue": True, "status": "forwarded", "due_date": "2026-12-01"}, today) == "overdue"
    assert rules.mark({"overdue": False, "status": "open", "due_date": "2026-12-02"}, today) == "due-soon"
    assert rules.mark({"overdue": False, "status": "open", "due_date": "2026-12-03"}, today) == ""
    assert rules.mark({"overdue": False, "status": "answered", "due_date": "2026-12-01"}, today) == ""


def test_only_the_steps_a_complaint_allows_now_are_offered():
    assert rules.allowed({"status": "open", "severity": "simple"}) == {
        "category",
        "forwards",
        "explanation",
        "answer",
    }
    assert "referral" in rules.allowed({"status": "open", "severity": "crime", "referred_to": None})
    assert rules.allowed({"status": "answered"}) == {"close"}
    assert rules.allowed({"status": "closed", "follow_up": None}) == {"follow-up"}
    assert rules.allowed({"status": "closed", "follow_up": {"satisfaction": "satisfied"}}) == set()


def test_r_unres_1_a_desk_item_is_registered_with_its_units_and_the_reporter_nested():
    form = MultiDict(
        [
            ("item", "个体工商户设立登记"),
            ("units", "market_regulation"),
            ("units", "taxation"),
            ("reason", "推诿"),
            ("tier", ""),
            ("reporter.phone", "13912345678"),
            ("reporter.name", ""),
        ]
    )
    payload = desk.register_payload(form)
    assert payload["units"] == ["market_regulation", "taxation"] and "tier" not in payload
    assert payload["reporter"] == {"phone": "13912345678"}


def test_r_unres_1_an_extension_without_consent_is_sent_without_it_for_the_api_to_refuse():
    assert "consent" not in desk.step_payload("extension", {"days": "2", "reason": "调档"})
    given = desk.step_payload(
        "extension",
        {"days": "2", "reason": "调档", "consent.given_at": "2026-12-02T10:30", "consent.method": "phone"},
    )
    assert given["consent"] == {"given_at": "2026-12-02T10:30:00+08:00", "method": "phone"}


def test_r_unres_2_a_desk_item_offers_the_step_of_its_status_and_is_overdue_only_while_forwarded():
    assert desk.allowed({"status": "registered"}) == ["forwarding"]
    assert desk.allowed({"status": "answered"}) == ["follow-up"]
    assert desk.allowed({"status": "closed"}) == []
    today = date(2026, 12, 2)
    assert desk.mark({"status": "forwarded", "deadline": "2026-12-01"}, today) == "overdue"
    assert desk.mark({"status": "forwarded", "deadline": "2026-12-02"}, today) == "due-soon"
    assert desk.mark({"status": "registered", "deadline": None}, today) == ""


def test_a_moment_the_apis_answer_in_utc_is_shown_in_china_time():
    from console.web.views import _moment

    assert _moment("2026-12-01T01:30:00+00:00") == "2026-12-01 09:30"
    assert _moment("2026-12-01T09:30") == "2026-12-01 09:30"
    assert _moment(None) == ""
