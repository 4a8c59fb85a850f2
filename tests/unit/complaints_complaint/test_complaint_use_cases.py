"""Complaints' use cases on in-memory fakes: no broker, no database (R-COMP-1..5)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from unit.complaints_fakes import MONDAY_10AM, at, fake_unit_of_work, filing

from complaints.complaint import handlers, rules, sweep
from complaints.complaint.rules import InvalidComplaint, UnknownCase, WrittenFormRequired

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize("channel", rules.CHANNELS)
def test_r_comp_1_a_complaint_is_filed_on_every_channel_sealed_and_due_the_next_working_day(channel):
    uow = fake_unit_of_work()
    complaint = handlers.file_complaint(filing(channel=channel), uow)
    assert complaint["written"] == (channel in rules.WRITTEN_CHANNELS)
    assert complaint["due_date"] == TUESDAY and complaint["status"] == "open"
    assert "王小明" not in complaint["identity"]
    assert uow.seal.open(complaint["identity"])["name"] == "王小明"
    assert uow.tx.types() == ["complaint_filed", "complaint_categorised"]


def test_r_comp_1_a_major_complaint_by_phone_is_refused_and_nothing_is_recorded():
    uow = fake_unit_of_work()
    with pytest.raises(WrittenFormRequired) as refused:
        handlers.file_complaint(filing(channel="phone", major=True), uow)
    assert "written_form" in refused.value.details
    assert uow.complaints.rows == {} and uow.tx.published == []


def test_r_comp_2_a_complaint_about_an_unknown_case_is_refused_as_not_found():
    uow = fake_unit_of_work()
    with pytest.raises(UnknownCase):
        handlers.file_complaint(filing(case_no="HALL-20261120-NOSUCH00", department=None), uow)


def test_r_comp_2_a_complaint_about_a_case_that_went_overdue_suggests_late():
    case = {
        "case_no": "HALL-20261120-7KQ2M9XA",
        "department": "civil_affairs",
        "window": "W07",
        "went_overdue": True,
    }
    uow = fake_unit_of_work(cases=(case,))
    complaint = handlers.file_complaint(filing(case_no=case["case_no"], department=None, window=None), uow)
    assert complaint["suggested_categories"] == ["late"]
    assert (complaint["department"], complaint["window"]) == ("civil_affairs", "W07")


def test_r_comp_5_an_explained_delay_moves_the_due_date_and_tells_the_complainant():
    uow = fake_unit_of_work()
    no = handlers.file_complaint(filing(), uow)["complaint_no"]
    explained = handlers.explain(
        {"complaint_no": no, "reason": "需调取录像", "new_due_date": date(2026, 11, 27)}, uow
    )
    assert explained["due_date"] == date(2026, 11, 27) and explained["explanation"] == "需调取录像"
    assert uow.tx.published[-1]["data"]["new_due_date"] == "2026-11-27"


def test_r_comp_5_an_explained_due_date_must_lie_after_the_current_one():
    uow = fake_unit_of_work()
    no = handlers.file_complaint(filing(), uow)["complaint_no"]
    with pytest.raises(InvalidComplaint):
        handlers.explain({"complaint_no": no, "reason": "...", "new_due_date": TUESDAY}, uow)


def test_r_comp_5_the_sweep_raises_due_soon_then_overdue_once_each():
    uow = fake_unit_of_work()
    no = handlers.file_complaint(filing(), uow)["complaint_no"]

    def sweep_at(now: datetime) -> dict:
        return sweep.sweep(lambda: _entered(at(uow, now, actor=sweep.SWEEPER)))

    assert sweep_at(MONDAY_10AM) == {"due_soon": 1, "overdue": 0, "breached": {}}
    assert sweep_at(MONDAY_10AM) == {"due_soon": 0, "overdue": 0, "breached": {}}
    wednesday = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    assert sweep_at(wednesday) == {"due_soon": 0, "overdue": 1, "breached": {"poor_attitude": 1}}
    assert sweep_at(wednesday)["overdue"] == 0
    assert [note["action"] for note in uow.complaints.timeline(no)] == ["filed", "due_soon", "overdue"]


class _entered:
    """A unit of work as ``with units() as uow`` hands it out (the fakes need no transaction)."""

    def __init__(self, uow):
        self.uow = uow

    def __enter__(self):
        return self.uow

    def __exit__(self, *exc) -> None:
        return None
