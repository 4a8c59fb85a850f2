"""notify.visibility: one rule for who reads a notice and who prints its letter (R-COMP-4)."""

from __future__ import annotations

import pytest

from notify.archive.rules import may_print, may_read
from web_api import Principal

CASE = {"case_no": "HALL-1", "complaint_no": None, "audience": "applicant", "department": "market_regulation"}
ANSWER = {"case_no": "HALL-1", "complaint_no": "CMP-1", "audience": "complainant", "department": None}
UNKNOWN_DEPARTMENT = {**CASE, "department": None}


def who(role: str, department: str | None = None) -> Principal:
    return Principal("X1", "某人", role, department)


WINDOWS = [
    who("window_staff", "market_regulation"),
    who("lead_window", "market_regulation"),
    who("window_head", "civil_affairs"),
]


@pytest.mark.parametrize("principal", WINDOWS)
def test_r_comp_4_no_window_reads_or_prints_a_complaint_answer_not_even_the_accused_department(principal):
    assert not may_read(principal, ANSWER) and not may_print(principal, ANSWER)


def test_r_comp_4_the_office_alone_prints_a_complaint_letter_which_supervision_and_operators_may_read():
    assert may_print(who("complaints_office"), ANSWER)
    for role in ("supervision", "operator"):
        assert may_read(who(role), ANSWER) and not may_print(who(role), ANSWER)


def test_r_comp_4_a_case_letter_is_printed_only_by_the_windows_of_its_department():
    assert may_print(who("window_staff", "market_regulation"), CASE)
    assert not may_print(who("window_staff", "civil_affairs"), CASE)
    for role in ("complaints_office", "supervision", "operator", "reviewer"):
        assert not may_print(who(role, "market_regulation" if role == "reviewer" else None), CASE)
    assert not may_print(who("window_staff", "market_regulation"), UNKNOWN_DEPARTMENT)


def test_a_case_notice_is_read_by_its_departments_windows_and_the_halls_offices():
    assert may_read(who("window_head", "market_regulation"), CASE)
    assert not may_read(who("window_head", "civil_affairs"), CASE)
    assert all(may_read(who(role), CASE) for role in ("complaints_office", "supervision", "operator"))
    assert not may_read(who("agency"), CASE) and not may_read(who("service"), CASE)
