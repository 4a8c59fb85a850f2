"""R-ONCE-2 in notify, with fakes: an enquiry's one-time notice goes by SMS (no inbox copy), its
due time is kept, a delivery in time settles it, and one past due is raised once."""

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.sample_enquiries import enquiry_recorded_v1
from notify.delivery.handlers import ClaimDue, RecordOutcome, claim_due, record_outcome
from notify.delivery.rules import DELIVERED, PERMANENT, Outcome, Settings
from notify.enquiries.handlers import RaiseOverdue, Track, raise_overdue, track
from notify.enquiries.rules import DELIVERED as DONE
from notify.enquiries.rules import DELIVERED_LATE, OVERDUE, PENDING, status_of
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.notices.rendering import render

RECORDED = datetime(2026, 1, 5, 2, 12, tzinfo=UTC)
DUE = datetime(2026, 1, 8, 16, 0, tzinfo=UTC)  # 24:00 China time on Thursday 8 January


def catalogue_item(code: str) -> dict:
    path = Path(__file__).resolve().parents[3] / "services" / "intake" / "intake" / "catalogue.json"
    return next(item for item in json.loads(path.read_text("utf-8"))["items"] if item["code"] == code)


def recorded(uow: FakeUnitOfWork) -> dict:
    event = copy.deepcopy(enquiry_recorded_v1())
    for _ in range(2):  # the event delivered twice
        issued = issue_notices(IssueNotices(event, rendered_plans(event, catalogue_item), RECORDED), uow)
        track(Track(event, issued), uow)
    return event


def test_r_once_2_an_enquiry_gets_the_items_one_time_notice_by_sms_once_and_its_due_time_is_kept():
    uow = FakeUnitOfWork()
    event = recorded(uow)
    [notice] = uow.notices.rows
    assert notice["notice_type"] == "one_time" and notice["recipient_ref"] == "APP-ENQ-20260105-3HXW8RTA"
    assert notice["notice_no"].startswith("N-ENQ-20260105-3HXW8RTA-ONCE-")
    assert notice["department"] == "market_regulation"
    # the same content as the notice given on the spot, without a case number
    assert notice["content"] == render("one_time", catalogue_item("SC-010")).text
    assert [row["channel"] for row in uow.deliveries.rows.values()] == ["sms"]  # no inbox: no receipt code
    [row] = uow.one_time.rows.values()
    assert row["notice_due_at"] == DUE and row["enquiry_no"] == event["data"]["enquiry_no"]
    assert status_of(row, DUE) == PENDING and status_of(row, DUE + timedelta(seconds=1)) == OVERDUE


def deliver(uow: FakeUnitOfWork, outcome: Outcome, at: datetime) -> None:
    [delivery] = claim_due(ClaimDue(at, Settings()), uow)
    record_outcome(RecordOutcome(delivery, outcome, at, Settings()), uow)


def test_r_once_2_a_notice_delivered_in_time_is_done_and_never_raised():
    uow = FakeUnitOfWork()
    recorded(uow)
    deliver(uow, Outcome(DELIVERED), RECORDED + timedelta(minutes=1))
    [row] = uow.one_time.rows.values()
    assert status_of(row, DUE + timedelta(days=9)) == DONE and row["delivered_channel"] == "sms"
    assert raise_overdue(RaiseOverdue(DUE + timedelta(days=1)), uow) == []
    assert "one_time_notice_overdue" not in uow.tx.types()


def test_r_once_2_a_notice_not_delivered_by_its_due_time_is_raised_once():
    uow = FakeUnitOfWork()
    recorded(uow)
    deliver(uow, Outcome(PERMANENT, "400"), RECORDED + timedelta(minutes=1))  # falls back to email
    assert raise_overdue(RaiseOverdue(DUE), uow) == []  # not yet: due at 24:00
    later = DUE + timedelta(minutes=1)
    [raised] = raise_overdue(RaiseOverdue(later), uow)
    assert raise_overdue(RaiseOverdue(later + timedelta(hours=1)), uow) == []
    [event] = [e for e in uow.tx.published if e["type"] == "one_time_notice_overdue"]
    assert event["data"]["channels_tried"] == ["sms", "email"] and event["subject"] == raised["enquiry_no"]
    # a delivery after the due time settles it as late; it is not raised again
    deliver(uow, Outcome(DELIVERED), later + timedelta(hours=2))
    [row] = uow.one_time.rows.values()
    assert status_of(row, later + timedelta(hours=3)) == DELIVERED_LATE
