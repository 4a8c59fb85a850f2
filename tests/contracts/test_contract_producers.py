"""What the producers actually put in ``data`` honours the published schema.

These call the services' own domain functions, so a field added there without a schema
change (or a leak of personal data) fails here, not at an agency.
"""

from datetime import datetime, timedelta, timezone

import pytest

from hall_contracts import build_envelope
from hall_contracts.registry import validate_event

intake_domain = pytest.importorskip("intake.domain")
notify_domain = pytest.importorskip("notify.domain")

CHINA = timezone(timedelta(hours=8))
NOW = datetime(2026, 1, 5, 9, 30, tzinfo=CHINA)


def accepted_case(kind: str):
    item = intake_domain.ServiceItem("SC-010", "个体工商户设立登记", "market_regulation", kind, 10, 5)
    staff = intake_domain.Staff("S-0107", "李敏", "0571-8765-4321", "A3")
    case_no = intake_domain.new_case_no(NOW)
    return intake_domain.accept(item, "张三", "13800138000", "window", False, staff, NOW, case_no)


@pytest.mark.parametrize("kind", ["promised", "immediate"])
def test_intake_case_accepted_data_honours_its_schema(kind):
    case = accepted_case(kind)
    data = intake_domain.case_accepted_data(case)
    validate_event(build_envelope("intake", "case_accepted", case.case_no, data))


def test_intake_case_accepted_data_carries_no_applicant_contact_details():
    data = intake_domain.case_accepted_data(accepted_case("promised"))
    text = repr(data)
    assert "张三" not in text and "13800138000" not in text


def test_notify_notice_issued_data_for_a_receipt_honours_its_schema():
    case = accepted_case("promised")
    accepted = build_envelope(
        "intake", "case_accepted", case.case_no, intake_domain.case_accepted_data(case)
    )
    notice = notify_domain.receipt_for(accepted, NOW)
    data = notify_domain.notice_issued_data(notice)
    validate_event(build_envelope("notify", "notice_issued", notice.case_no, data))
