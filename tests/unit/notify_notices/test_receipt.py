from datetime import UTC, datetime

import pytest

from hall_contracts import build_envelope
from notify import domain

NOW = datetime(2026, 11, 23, 9, 31, tzinfo=UTC)


def case_accepted(**overrides):
    data = {
        "case_no": "HALL-20261123-ABCDEFGH", "item_code": "SC-010", "item_name": "个体工商户设立登记",
        "accepted_at": "2026-11-23T09:30:00+00:00", "promised_days": 5,
        "first_responder": {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"},
        "applicant_ref": "APP-HALL-20261123-ABCDEFGH",
    }
    data.update(overrides)
    return build_envelope("intake", "case_accepted", data["case_no"], data)


def test_the_receipt_states_case_number_staff_name_and_phone_and_the_promised_limit():
    notice = domain.receipt_for(case_accepted(), NOW)
    for expected in ("HALL-20261123-ABCDEFGH", "李四", "0571-1234", "5 个工作日"):
        assert expected in notice.content
    assert notice.notice_type == "receipt" and notice.template_version == 1


def test_the_receipt_of_an_immediate_case_says_it_is_done_on_the_spot():
    notice = domain.receipt_for(case_accepted(promised_days=0), NOW)
    assert "当场办结" in notice.content


def test_an_event_without_the_first_responder_never_renders_half_a_receipt():
    event = case_accepted()
    del event["data"]["first_responder"]
    with pytest.raises(domain.NoticeDataError, match="first_responder"):
        domain.receipt_for(event, NOW)


def test_the_content_hash_changes_with_the_content():
    one = domain.receipt_for(case_accepted(), NOW)
    other = domain.receipt_for(case_accepted(promised_days=3), NOW)
    assert one.content_sha256 != other.content_sha256 and len(one.content_sha256) == 64
