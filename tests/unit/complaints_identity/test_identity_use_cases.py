"""Who may open a sealed identity, run on in-memory fakes (R-COMP-4, R-COMP-7)."""

from __future__ import annotations

import pytest
from unit.complaints_fakes import at, fake_unit_of_work, filing

from complaints.complaint.handlers import file_complaint
from complaints.identity.handlers import decide, read_by_office, read_granted, request_identity
from complaints.identity.rules import AlreadyRead, NotReferred, NotTheRequestingAgency
from complaints.resolution.handlers import refer


def test_r_comp_4_the_office_reads_an_identity_and_the_read_is_on_the_timeline_without_it():
    uow = fake_unit_of_work()
    no = file_complaint(filing(), uow)["complaint_no"]
    assert read_by_office({"complaint_no": no}, uow)["name"] == "王小明"
    read = uow.complaints.timeline(no)[-1]
    assert read["action"] == "identity_read" and "王小明" not in str(read)


def test_r_comp_7_a_referred_agency_reads_a_granted_identity_once():
    uow = fake_unit_of_work()
    no = file_complaint(filing(severity="discipline"), uow)["complaint_no"]
    agency = at(uow, uow.now, actor="AG1", role="agency")
    with pytest.raises(NotReferred):
        request_identity({"complaint_no": no, "reason": "核查线索"}, agency)
    refer({"complaint_no": no}, uow)
    request_id = request_identity({"complaint_no": no, "reason": "核查线索"}, agency)["request_id"]
    decide({"request_id": request_id, "grant": True, "note": None}, uow)
    with pytest.raises(NotTheRequestingAgency):
        read_granted({"request_id": request_id}, at(uow, uow.now, actor="AG2", role="agency"))
    assert read_granted({"request_id": request_id}, agency)["phone"] == "13912345678"
    with pytest.raises(AlreadyRead):
        read_granted({"request_id": request_id}, agency)
