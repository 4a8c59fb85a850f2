"""Intake's HTTP API in a real nameko container on a real database (no broker needed:
events wait in the outbox)."""

import json

import pytest
from sqlalchemy import create_engine, func, select

from hall_contracts.registry import validate_event
from intake.orm import cases
from intake.service import IntakeService
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(cases.metadata)

GOOD = {
    "item_code": "SC-010", "applicant_name": "张三", "applicant_phone": "13800000000",
    "first_responder": {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"},
}


@pytest.fixture
def intake(container_factory, web_config, migrated):
    url = migrated("intake")
    config = dict(web_config, AMQP_URI="amqp://guest:guest@127.0.0.1:1/", DATABASE_URL=url,
                  OUTBOX_RELAY_ENABLED="false")
    container = container_factory(IntakeService, config)
    container.start()
    engine = create_engine(url)
    yield engine
    engine.dispose()


def count(engine, table):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_accepting_a_case_stores_it_and_records_a_contract_valid_case_accepted_event(intake, web_session):
    response = web_session.post("/cases", data=json.dumps(GOOD))
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["notices_due"] == ["receipt"] and answer["kind"] == "promised"
    with intake.connect() as connection:
        body = connection.execute(select(OUTBOX.c.body)).scalar_one()
    event = json.loads(body)
    validate_event(event)
    assert event["subject"] == answer["case_no"]
    assert web_session.get(f"/cases/{answer['case_no']}").json()["staff_name"] == "李四"


def test_bad_input_gets_a_422_listing_every_problem_and_changes_nothing(intake, web_session):
    response = web_session.post("/cases", data=json.dumps({"item_code": "SC-010",
                                                          "applicant_phone": "call me"}))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["details"]) == {"applicant_name", "applicant_phone", "first_responder"}
    assert count(intake, cases) == 0 and count(intake, OUTBOX) == 0


def test_an_item_missing_from_the_catalogue_gets_a_404_and_changes_nothing(intake, web_session):
    response = web_session.post("/cases", data=json.dumps(dict(GOOD, item_code="NOPE-1")))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_item"
    assert count(intake, cases) == 0 and count(intake, OUTBOX) == 0


def test_an_unknown_case_number_is_a_404_with_a_stable_code(intake, web_session):
    response = web_session.get("/cases/HALL-20260101-XXXXXXXX")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_health_is_503_and_names_the_broker_when_the_broker_cannot_be_reached(intake, web_session):
    response = web_session.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["database"] == "ok"
    assert body["broker"].startswith("unreachable")


def test_metrics_report_the_outbox_backlog_of_events_not_yet_published(intake, web_session):
    web_session.post("/cases", data=json.dumps(GOOD))
    web_session.post("/cases", data=json.dumps(GOOD))
    text = web_session.get("/metrics").text
    assert 'hall_outbox_pending{service="intake"} 2.0' in text
    assert 'hall_entrypoint_calls_total{entrypoint="accept_case",outcome="ok",service="intake"}' in text
