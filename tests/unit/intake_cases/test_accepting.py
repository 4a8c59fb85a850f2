import re
from datetime import UTC, datetime

from intake import domain

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
ITEM = domain.ServiceItem("SC-010", "个体工商户设立登记", "market_regulation", "promised", 10, 5)
STAFF = domain.Staff("S01", "李四", "0571-1234", "W03")


def accept(item=ITEM):
    return domain.accept(item, "张三", "13800000000", "window", False, STAFF, NOW,
                         domain.new_case_no(NOW))


def test_case_numbers_carry_the_date_and_are_unambiguous_to_read_aloud():
    case_no = domain.new_case_no(NOW)
    assert re.fullmatch(r"HALL-20261123-[2-9A-HJ-NP-Z]{8}", case_no)


def test_case_numbers_do_not_repeat_across_many_acceptances():
    numbers = {domain.new_case_no(NOW) for _ in range(20000)}
    assert len(numbers) == 20000


def test_a_promised_item_is_accepted_with_a_receipt_due():
    case = accept()
    assert (case.kind, case.status, case.notices_due) == ("promised", "accepted", ["receipt"])


def test_the_public_event_names_the_first_responder_but_never_the_applicants_contact():
    data = domain.case_accepted_data(accept())
    assert data["first_responder"] == {"staff_id": "S01", "name": "李四", "phone": "0571-1234",
                                       "window": "W03"}
    flat = repr(data)
    assert "张三" not in flat and "13800000000" not in flat
    assert data["applicant_ref"].startswith("APP-")
