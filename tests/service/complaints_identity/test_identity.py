"""The sealed identity (R-COMP-4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from service.complaints_complaint.complaint_calls import (
    AGENCY,
    ANSWER,
    CALL,
    NOTIFY,
    WINDOW_MARKET,
    take,
)
from service.complaints_complaint.conftest import OFFICE
from sqlalchemy import text

# R-COMP-4: sealed identity -------------------------------------------------------------------------


def test_r_comp_4_only_the_complaints_office_reads_the_identity(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    assert complaints_api.http.get(f"/complaints/{no}/identity", headers=OFFICE).json()["name"] == "王小明"
    for headers in (AGENCY, NOTIFY, WINDOW_MARKET, {"Authorization": "Bearer dev-supervision"}):
        assert complaints_api.http.get(f"/complaints/{no}/identity", headers=headers).status_code == 403
    with complaints_api.engine.connect() as connection:
        stored = connection.execute(text("SELECT identity FROM complaints")).scalar()
    assert "王小明" not in stored and "13912345678" not in stored


def test_r_comp_4_notify_reads_the_contact_only_while_a_written_answer_is_delivered(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    early = complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY)
    assert early.status_code == 409 and early.json()["error"]["code"] == "contact_not_available"
    take(complaints_api, no, "answer", ANSWER)
    contact = complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY).json()
    assert contact == {
        "name": "王小明",
        "phone": "13912345678",
        "email": None,
        "address": "城关镇人民路 8 号",
    }
    complaints_api.clock.return_value = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)  # delivery window over
    assert complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY).status_code == 409
    oral = complaints_api.file(channel="phone").json()["complaint_no"]
    take(complaints_api, oral, "answer", {**ANSWER, "call_note": CALL})
    assert complaints_api.http.get(f"/internal/complaints/{oral}/contact", headers=NOTIFY).status_code == 409


def test_r_comp_4_no_event_and_no_department_view_carries_the_identity(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "forwards", {"departments": ["market_regulation"]})
    seen = complaints_api.http.get("/departments/market_regulation/complaints", headers=WINDOW_MARKET).text
    published = str(complaints_api.events())
    for secret in ("王小明", "13912345678", "人民路"):
        assert secret not in seen and secret not in published


def test_r_comp_4_the_service_refuses_to_start_without_a_key(container_factory, web_config, migrated):
    from complaints.identity.rules import SealKeyError
    from complaints.service import ComplaintsService

    config = dict(
        web_config,
        DATABASE_URL=migrated("complaints"),
        OUTBOX_RELAY_ENABLED="false",
        AMQP_URI="amqp://guest:guest@127.0.0.1:1/",
    )
    container = container_factory(ComplaintsService, config)
    with pytest.raises(SealKeyError, match="COMPLAINANT_KEY"):
        container.start()
