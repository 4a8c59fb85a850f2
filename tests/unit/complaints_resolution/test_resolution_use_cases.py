"""Answering, referring, closing and following up on in-memory fakes (R-COMP-5..7, R-SCORE-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from unit.complaints_fakes import at, fake_unit_of_work, filing

from complaints.complaint.handlers import explain, file_complaint
from complaints.resolution.handlers import answer, close, follow_up, refer
from complaints.resolution.rules import AlreadyFollowedUp, NotAnswerable, NotReferable

ANSWER = {"findings": "属实", "decision": "已批评教育"}
WEDNESDAY_10AM = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def test_r_comp_6_a_written_complaint_gets_the_written_answer_with_the_office_on_it():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    answered = answer({**ANSWER, "complaint_no": no}, uow)
    assert answered["status"] == "answered" and answered["answer_channel"] == "written"
    event = uow.tx.published[-1]
    assert event["type"] == "complaint_answered" and event["data"]["office"] == "便民服务中心投诉办"


def test_r_comp_6_an_oral_complaint_is_answered_only_with_a_recorded_call():
    uow = fake_unit_of_work()
    no = file_complaint(filing(channel="phone"), uow)["complaint_no"]
    with pytest.raises(NotAnswerable) as refused:
        answer({**ANSWER, "complaint_no": no}, uow)
    assert list(refused.value.details) == ["call_note"]
    call = {"called_at": datetime(2026, 11, 23, 3, 0, tzinfo=UTC), "summary": "已电话答复"}
    assert answer({**ANSWER, "complaint_no": no, "call_note": call}, uow)["answer_channel"] == "oral"


def test_r_comp_5_a_missed_limit_is_explained_to_the_complainant_before_the_answer():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    late = at(uow, WEDNESDAY_10AM)
    with pytest.raises(NotAnswerable) as refused:
        answer({**ANSWER, "complaint_no": no}, late)
    assert list(refused.value.details) == ["explanation"]
    explain({"complaint_no": no, "reason": "需调取录像", "new_due_date": date(2026, 11, 27)}, late)
    assert answer({**ANSWER, "complaint_no": no}, late)["status"] == "answered"


def test_r_comp_7_a_simple_complaint_is_not_referred():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    with pytest.raises(NotReferable):
        refer({"complaint_no": no}, uow)


def test_r_score_1_a_substantiated_complaint_against_staff_is_closed_with_its_points_and_followed_up_once():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    answer({**ANSWER, "complaint_no": no}, uow)
    closed = close({"complaint_no": no, "substantiated": True}, uow)
    assert closed["deduction_points"] == 2
    assert uow.tx.types()[-2:] == ["complaint_closed", "complaint_substantiated"]
    follow_up({"complaint_no": no, "satisfaction": "satisfied"}, uow)
    with pytest.raises(AlreadyFollowedUp):
        follow_up({"complaint_no": no, "satisfaction": "satisfied"}, uow)
