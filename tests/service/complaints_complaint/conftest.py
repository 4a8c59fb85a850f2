"""Complaints proper in a real nameko container on a migrated database (HTTP only, no broker).

Events wait in the outbox, where the tests read them; intake's case events are applied to the
local projection as the consumer would (``complaints_api.project(envelope)``).
The folders of complaints' other concepts share this fixture (their conftest imports it).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from complaints.identity.rules import DEV_KEY

OFFICE = {"Authorization": "Bearer dev-complaints"}


@pytest.fixture
def complaints_api(container_factory, web_config, migrated, web_session):
    from service.conftest import start_http_only

    from complaints.case_events import handlers
    from complaints.complaint.rules import Settings
    from complaints.identity.rules import Seal
    from complaints.orm import metadata
    from complaints.service import ComplaintsService
    from complaints.unit_of_work import sql_unit_of_work
    from reliable_events import Store, add_core_tables, make_engine
    from workday_calendar import WorkingCalendar

    url = migrated("complaints")
    config = dict(web_config, COMPLAINANT_KEY=DEV_KEY)
    container, clock = start_http_only(container_factory, config, ComplaintsService, url)
    engine = make_engine(url)
    tables = add_core_tables(metadata)
    store = Store(engine, tables, "complaints", "complaints.tests")

    def project(envelope: dict) -> None:
        with store.transaction() as tx:
            if not tx.seen_before(envelope):
                uow = sql_unit_of_work(
                    tx, WorkingCalendar(), clock(), "intake", "", Seal(DEV_KEY), Settings()
                )
                handlers.project(envelope, uow)

    def events(event_type: str | None = None) -> list[dict]:
        outbox = tables[0]
        with engine.connect() as connection:
            bodies = connection.execute(select(outbox.c.body).order_by(outbox.c.created_at)).scalars().all()
        found = [json.loads(body) for body in bodies]
        return [e for e in found if event_type is None or e["type"] == f"hall.complaints.{event_type}"]

    def file(**fields):
        return web_session.post("/complaints", json={**complaint_body(), **fields}, headers=OFFICE)

    yield SimpleNamespace(
        engine=engine,
        clock=clock,
        container=container,
        project=project,
        events=events,
        http=web_session,
        file=file,
    )
    engine.dispose()


def complaint_body(**fields) -> dict:
    return {
        "channel": "letter",
        "category": "poor_attitude",
        "matter": "窗口工作人员态度生硬，拒绝解释材料要求 (the clerk refused to explain the requirements)",
        "occurred_at": "2026-11-20T10:15:00+08:00",
        "place": "便民服务中心 W03 窗口",
        "department": "market_regulation",
        "window": "W03",
        "staff_id": "S01",
        "staff_name": "李四",
        "complainant": {"name": "王小明", "phone": "13912345678", "address": "城关镇人民路 8 号"},
        **fields,
    }
