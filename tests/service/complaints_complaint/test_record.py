"""R-COMP-3: the record holds who or what is complained about, the matter, time and place, and
the complainant's name and phone (sealed: read only through the office's identity path)."""

from service.complaints_complaint.conftest import OFFICE, complaint_body


def test_r_comp_3_the_record_holds_the_accused_the_matter_time_place_and_the_sealed_identity(complaints_api):
    body = complaint_body()
    filed = complaints_api.http.post("/complaints", json=body, headers=OFFICE)
    assert filed.status_code == 201, filed.text
    number = filed.json()["complaint_no"]
    record = complaints_api.http.get(f"/complaints/{number}", headers=OFFICE).json()
    for field in ("department", "staff_id", "matter", "place"):
        assert record[field] == body[field], field
    assert record["occurred_at"].startswith("2026-11-20")
    assert "王小明" not in str(record) and "13912345678" not in str(record)
    identity = complaints_api.http.get(f"/complaints/{number}/identity", headers=OFFICE).json()
    assert identity["name"] == "王小明" and identity["phone"] == "13912345678"
