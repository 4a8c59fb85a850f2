"""Forwarding and reports back on in-memory fakes (R-COMP-8, R-COMP-4)."""

from __future__ import annotations

from datetime import date

import pytest
from unit.complaints_fakes import fake_unit_of_work, filing

from complaints.complaint.handlers import file_complaint
from complaints.forwarding.handlers import forward, report_back
from complaints.forwarding.rules import AccusedDepartmentMayNotReport, AlreadyForwarded


def test_r_comp_8_forwarding_to_a_second_department_gives_the_multi_department_limit_and_one_event_each():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    made = forward({"complaint_no": no, "departments": ["civil_affairs", "taxation"]}, uow)
    assert [row["department"] for row in made] == ["civil_affairs", "taxation"]
    complaint = uow.complaints.get(no)
    assert complaint["status"] == "forwarded" and complaint["limit_days"] == 2
    assert complaint["due_date"] == date(2026, 11, 25)
    assert uow.tx.types()[-2:] == ["complaint_forwarded", "complaint_forwarded"]


def test_r_comp_8_a_department_is_forwarded_a_complaint_once():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    forward({"complaint_no": no, "departments": ["civil_affairs"]}, uow)
    with pytest.raises(AlreadyForwarded):
        forward({"complaint_no": no, "departments": ["civil_affairs"]}, uow)


def test_r_comp_4_the_accused_department_cannot_report_back_on_its_own_complaint():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    forward({"complaint_no": no, "departments": ["market_regulation"]}, uow)
    report = {"complaint_no": no, "department": "market_regulation", "report": "已整改"}
    with pytest.raises(AccusedDepartmentMayNotReport):
        report_back({**report, "caller_department": "market_regulation"}, uow)
    reported = report_back({**report, "caller_department": None}, uow)
    assert reported["status"] == "reported" and reported["reported_by"] == "CO1"
