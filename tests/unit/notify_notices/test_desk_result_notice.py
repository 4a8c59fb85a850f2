"""R-UNRES-2: once the owning unit reports the result, the desk reporter gets the result notice
(SMS, else email), rendered in China time; notify reads the contact from complaints' internal desk
route for that send only; the notice is the complaints office's to read, never a window's."""

from __future__ import annotations

import copy
from types import SimpleNamespace

from hall_contracts.samples import SAMPLES
from notify.archive.rules import may_read
from notify.delivery.rules import next_channel
from notify.directory import Directory
from notify.notices.rendering import render
from notify.notices.rules import REPORTER_CHAIN, notice_no, plans_for


def answered(**changes) -> dict:
    data = copy.deepcopy(SAMPLES["complaints/desk_item_answered.v1.json"]()["data"])
    return {**data, **changes}


def test_r_unres_2_the_units_answer_sends_the_reporter_the_result_in_china_time():
    data = answered(answered_at="2026-01-16T07:00:00+00:00")
    [plan] = plans_for("complaints", "desk_item_answered", data)
    assert (plan.notice_type, plan.audience, plan.recipient_ref) == (
        "desk_result",
        "reporter",
        f"desk:{data['item_no']}",
    )
    assert (plan.chain, plan.inbox, plan.item_no) == (REPORTER_CHAIN, False, data["item_no"])
    assert notice_no(plan, "evt-1").startswith(f"N-{data['item_no']}-DRES-")
    text = render("desk_result", plan.data).text
    assert text.startswith('"办不成事"反映办理结果告知书')
    assert data["result"] in text and "办理情况：已解决" in text and "承办单位：市场监督管理局" in text
    assert "办理时间：2026年1月16日 15:00" in text  # 07:00 UTC
    assert "将于2026年1月19日前与您电话回访" in text
    unsolved = render("desk_result", answered(solved=False)).text
    assert "暂未解决" in unsolved and "已解决。" not in unsolved


def test_r_unres_2_the_result_notice_falls_back_from_sms_to_email_and_no_further():
    sms = SimpleNamespace(audience="reporter", channel="sms")
    email = SimpleNamespace(audience="reporter", channel="email")
    assert (next_channel(sms), next_channel(email)) == ("email", None)


class Session:
    def __init__(self):
        self.urls: list[str] = []

    def get(self, url, **kwargs):
        self.urls.append(url)
        return SimpleNamespace(status_code=200, json=lambda: {"phone": "13912345678", "name": "王小明"})


def test_r_unres_2_notify_reads_the_reporters_contact_from_the_desks_internal_route():
    session = Session()
    directory = Directory("http://intake", "http://complaints", "token", session)
    contact = directory.contact("reporter", "desk:DESK-20260115-7KQ2M9XA", None, None)
    assert contact.phone == "13912345678"
    assert session.urls == ["http://complaints/internal/desk/items/DESK-20260115-7KQ2M9XA/contact"]


def test_r_unres_2_the_result_notice_is_read_by_the_office_never_by_a_window():
    # even were a department recorded on it, the item number makes it the office's
    notice = {"item_no": "DESK-20260115-7KQ2M9XA", "audience": "reporter", "department": "market_regulation"}
    office = SimpleNamespace(role="complaints_office", department=None, subject="CO1")
    window = SimpleNamespace(role="window_staff", department="market_regulation", subject="S01")
    assert may_read(office, notice) and not may_read(window, notice)
