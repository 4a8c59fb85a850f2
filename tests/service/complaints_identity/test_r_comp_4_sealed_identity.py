"""R-COMP-4 around the forwarded-complaint report and the office's reads of an identity: who may
file the report (never the accused's own department), and why each read is on the timeline."""

from __future__ import annotations

from service.complaints_complaint.complaint_calls import WINDOW_CIVIL, WINDOW_MARKET, take
from service.complaints_complaint.conftest import OFFICE


def report(api, no: str, department: str, headers):
    return api.http.post(
        f"/complaints/{no}/forwards/{department}/report", json={"report": "已核查并整改"}, headers=headers
    )


def test_r_comp_4_the_accused_department_cannot_file_the_report_on_its_own_complaint(complaints_api):
    no = complaints_api.file().json()["complaint_no"]  # against S01 of market_regulation
    take(complaints_api, no, "forwards", {"departments": ["market_regulation", "civil_affairs"]})
    refused = report(complaints_api, no, "market_regulation", WINDOW_MARKET)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "forbidden" and "被投诉部门不能报送" in error["message"]
    assert report(complaints_api, no, "civil_affairs", WINDOW_CIVIL).status_code == 200
    by_office = report(complaints_api, no, "market_regulation", OFFICE)
    assert by_office.status_code == 200, by_office.text
    reporters = {row["department"]: row["reported_by"] for row in by_office.json()["forwards"]}
    assert reporters == {"market_regulation": "CO1", "civil_affairs": "S11"}


def test_r_comp_4_a_letter_printed_through_notify_is_on_the_timeline_as_read_by_the_office_member(
    complaints_api,
):
    no = complaints_api.file().json()["complaint_no"]
    read = complaints_api.http.get(
        f"/complaints/{no}/identity", params={"purpose": "answer_letter"}, headers=OFFICE
    )
    assert read.status_code == 200 and read.json()["address"] == "城关镇人民路 8 号"
    odd = complaints_api.http.get(
        f"/complaints/{no}/identity", params={"purpose": "curiosity"}, headers=OFFICE
    )
    assert odd.status_code == 422 and odd.json()["error"]["code"] == "validation_failed"
    assert complaints_api.http.get(f"/complaints/{no}/identity", headers=WINDOW_MARKET).status_code == 403
    timeline = complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()["timeline"]
    reads = [
        (line["actor"], line["details"]["purpose"]) for line in timeline if line["action"] == "identity_read"
    ]
    assert reads == [("CO1", "answer_letter")]
