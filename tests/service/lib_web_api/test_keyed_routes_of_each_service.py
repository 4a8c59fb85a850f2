"""Each service's creating POSTs honour Idempotency-Key: a retry answers the first record again."""

import json
from datetime import UTC, datetime

import pytest
import requests
from intake_requests import bearer
from sqlalchemy import create_engine, func, select

from complaints.identity.rules import DEV_KEY
from complaints.orm import desk_items
from hall_contracts.samples import CASE_NO
from joint_review.orm import metadata as review_metadata
from web_api.idempotency_table import keys

MEETINGS = review_metadata.tables["meetings"]
OFFICE = bearer("dev-complaints")
LEAD = bearer("dev-window-agriculture")
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
DESK_ITEM = {
    "item": "个体工商户设立登记",
    "item_code": "SC-010",
    "units": ["market_regulation"],
    "reason": "窗口称系统故障，三次往返仍未办成",
    "tier": "ordinary",
    "reporter": {"name": "王小明", "phone": "13912345678"},
}
OPEN311_FORM = {
    "api_key": "key-of-the-311-app",
    "service_code": "unresolved-desk",
    "description": "窗口称系统故障，三次往返仍未办成",
    "attribute[item]": "个体工商户设立登记",
    "attribute[units][]": ["market_regulation"],
    "first_name": "小明",
    "last_name": "王",
    "phone": "13912345678",
}


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def complaints_http(container_factory, web_config, migrated):
    from service.conftest import start_http_only

    from complaints.service import ComplaintsService

    config = dict(web_config, COMPLAINANT_KEY=DEV_KEY, OPEN311_API_KEYS="key-of-the-311-app")
    container, clock = start_http_only(container_factory, config, ComplaintsService, migrated("complaints"))
    clock.return_value = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    engine = create_engine(container.config["DATABASE_URL"])
    yield engine
    engine.dispose()


def test_joint_review_a_meeting_scheduled_twice_with_one_key_is_one_meeting(joint_review_http, web_session):
    joint_review_http.open(CASE)
    body = json.dumps(
        {"at": "2026-11-25T09:30:00+08:00", "place": "三楼联审室", "departments": CASE["departments"]}
    )
    headers = {**LEAD, "Idempotency-Key": "meeting-1"}
    first = web_session.post(f"/reviews/JR-{CASE_NO}/meetings", data=body, headers=headers)
    again = web_session.post(f"/reviews/JR-{CASE_NO}/meetings", data=body, headers=headers)
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert count(joint_review_http.engine, MEETINGS) == 1


def test_complaints_a_desk_item_registered_twice_with_one_key_is_one_item(complaints_http, web_session):
    headers = {**OFFICE, "Idempotency-Key": "desk-1"}
    first = web_session.post("/desk/items", data=json.dumps(DESK_ITEM), headers=headers)
    again = web_session.post("/desk/items", data=json.dumps(DESK_ITEM), headers=headers)
    assert first.status_code == again.status_code == 201, again.text
    assert again.json()["item_no"] == first.json()["item_no"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(complaints_http, desk_items) == 1


def test_complaints_an_open311_request_retried_with_one_key_is_one_item(complaints_http, web_config_port):
    url = f"http://127.0.0.1:{web_config_port}/open311/v2/requests.json"

    def post(form):
        return requests.post(url, data=form, headers={"Idempotency-Key": "app-77"}, timeout=10)

    first, again = post(OPEN311_FORM), post(OPEN311_FORM)
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    changed = post({**OPEN311_FORM, "description": "另一件事"})  # Open311 answers every refusal 400
    assert changed.status_code == 400 and "幂等键" in changed.text
    assert count(complaints_http, desk_items) == 1
    assert count(complaints_http, keys) == 1
