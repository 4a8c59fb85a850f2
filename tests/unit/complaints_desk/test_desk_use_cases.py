"""The desk's use cases on in-memory fakes: no broker, no database (R-UNRES-1..2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from unit.complaints_fakes import MONDAY_10AM, at, fake_unit_of_work

from complaints.desk.handlers import answer_item, extend_item, follow_up_item, forward_item, register_item
from complaints.desk.rules import ConsentRequired, DeskTransitionNotAllowed, InvalidDeskRequest

REPORTER = {"name": "王小明", "phone": "13912345678"}


def registered(uow, units=("market_regulation",), **fields) -> dict:
    command = {
        "item": "个体工商户设立登记",
        "units": list(units),
        "reason": "三次往返未办成",
        "reporter": REPORTER,
    }
    return register_item({**command, **fields}, uow)


def test_r_unres_1_a_registered_item_has_the_tier_of_its_units_and_a_sealed_reporter():
    uow = fake_unit_of_work()
    item = registered(uow, units=("market_regulation", "taxation"))
    assert (item["tier"], item["limit_days"], item["status"]) == ("multi_department", 3, "registered")
    assert "13912345678" not in item["identity"] and item["reporter_ref"].startswith("P-")
    assert uow.tx.types() == ["desk_item_registered"]
    assert [step["step"] for step in uow.desk.steps] == ["registered"]


def test_r_unres_1_an_item_of_one_unit_cannot_be_multi_department():
    uow = fake_unit_of_work()
    with pytest.raises(InvalidDeskRequest) as refused:
        registered(uow, tier="multi_department")
    assert "tier" in refused.value.details and uow.desk.items == {}


def test_r_unres_1_a_forwarded_item_is_due_at_the_end_of_its_tier():
    uow = fake_unit_of_work()
    item = registered(uow)
    forwarded = forward_item({"item_no": item["item_no"], "department": "market_regulation"}, uow)
    assert (forwarded["status"], forwarded["deadline"]) == ("forwarded", date(2026, 11, 24))


def test_r_unres_1_an_extension_needs_the_reporters_recorded_consent():
    uow = fake_unit_of_work()
    no = registered(uow)["item_no"]
    forward_item({"item_no": no, "department": "market_regulation"}, uow)
    with pytest.raises(ConsentRequired):
        extend_item({"item_no": no, "days": 2, "reason": "需调取档案", "consent": None}, uow)
    consent = {"given_at": MONDAY_10AM + timedelta(minutes=5), "method": "phone"}
    later = at(uow, MONDAY_10AM + timedelta(minutes=10))
    extended = extend_item({"item_no": no, "days": 2, "reason": "需调取档案", "consent": consent}, later)
    assert (extended["deadline"], extended["extension_days"]) == (date(2026, 11, 26), 2)
    assert uow.tx.published[-1]["data"]["consent"]["method"] == "phone"


def test_r_unres_2_the_units_answer_makes_the_follow_up_call_due_the_next_working_day():
    uow = fake_unit_of_work()
    no = registered(uow)["item_no"]
    forward_item({"item_no": no, "department": "market_regulation"}, uow)
    unit = at(uow, MONDAY_10AM, actor="S01", role="window_staff")
    answered = answer_item({"item_no": no, "result": "已现场办结", "solved": True}, unit)
    assert (answered["status"], answered["answered_on_time"]) == ("answered", True)
    assert answered["follow_up_due"] == date(2026, 11, 24)
    assert uow.desk.steps[-1]["actor_role"] == "window_staff"


def test_r_unres_2_the_follow_up_call_closes_the_item_and_is_late_after_its_day():
    uow = fake_unit_of_work()
    no = registered(uow)["item_no"]
    forward_item({"item_no": no, "department": "market_regulation"}, uow)
    answer_item({"item_no": no, "result": "已办结", "solved": True}, uow)
    thursday = at(uow, datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    closed = follow_up_item({"item_no": no, "satisfaction": "basically_satisfied", "note": None}, thursday)
    assert (closed["status"], closed["satisfaction"]) == ("closed", "basically_satisfied")
    assert uow.tx.published[-1]["data"]["on_time"] is False
    with pytest.raises(DeskTransitionNotAllowed):
        follow_up_item({"item_no": no, "satisfaction": "satisfied"}, thursday)
