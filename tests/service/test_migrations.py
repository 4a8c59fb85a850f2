"""Each service's migrations build exactly the tables its code maps (no drift)."""

import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from reliable_events import make_engine

SERVICES = ("intake", "joint_review", "complaints", "notify")
WITH_THE_CONSOLE = (*SERVICES, "console")  # HTTP only: its sessions, no outbox or inbox
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", WITH_THE_CONSOLE)
def test_migrating_to_head_gives_the_schema_the_service_code_expects(service, migrated):
    engine = make_engine(migrated(service))
    metadata = importlib.import_module(f"{service}.orm").metadata
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_database_carries_the_outbox_and_the_inbox(service, migrated):
    from sqlalchemy import inspect

    engine = make_engine(migrated(service))
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"outbox", "inbox"} <= tables


@pytest.mark.parametrize("service", WITH_THE_CONSOLE)
def test_downgrading_to_base_removes_every_table_it_created(service, migrated, monkeypatch):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    url = migrated(service)
    monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", url)
    command.downgrade(Config(str(REPO_ROOT / "services" / service / "alembic.ini")), "base")
    engine = make_engine(url)
    left = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert left == set()


def test_r_joint_3_migration_0007_keeps_the_opinions_and_scopes_their_ids_to_the_task(
    database_url, monkeypatch
):
    """0007: the key of an opinion becomes (task_id, opinion_id), one id per department; rows
    recorded before it stay (issue 12 point 7)."""
    from datetime import UTC, date, datetime

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import insert, inspect, select
    from sqlalchemy.exc import IntegrityError

    from joint_review.orm import opinions, reviews, tasks

    url = database_url("joint_review_0006")
    monkeypatch.setenv("JOINT_REVIEW_DATABASE_URL", url)
    config = Config(str(REPO_ROOT / "services" / "joint_review" / "alembic.ini"))
    command.upgrade(config, "0006")
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    review = {
        "review_id": "JR-1",
        "case_no": "HALL-1",
        "item_code": "NY-001",
        "item_name": "宅基地",
        "lead_department": "agriculture_rural",
        "departments": ["health", "taxation"],
        "materials": [],
        "status": "in_review",
        "round": 1,
        "task_limit_days": 3,
        "opened_at": now,
        "version": 1,
    }
    opinion = {
        "opinion_id": "op-00000001",
        "review_id": "JR-1",
        "round": 1,
        "verdict": "approve",
        "conditions": [],
        "materials": [],
        "reviewer_id": "R1",
        "channel": "http",
        "recorded_at": now,
    }
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(reviews).values(**review))
        for department, round_no in (("health", 1), ("taxation", 1), ("health", 2)):
            connection.execute(
                insert(tasks).values(
                    task_id=f"JR-1-{department}-{round_no}",
                    review_id="JR-1",
                    department=department,
                    round=round_no,
                    status="open",
                    assigned_at=now,
                    due_date=date(2026, 11, 26),
                    asked_materials=[],
                )
            )
        connection.execute(insert(opinions).values(**opinion, task_id="JR-1-health-1", department="health"))
    engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        key = inspect(engine).get_pk_constraint("opinions")["constrained_columns"]
        assert key == ["task_id", "opinion_id"]
        with engine.begin() as connection:
            kept = connection.execute(select(opinions.c.task_id, opinions.c.opinion_id)).all()
            assert kept == [("JR-1-health-1", "op-00000001")]
            # another department may hold the same id for its own task: ids are not global any more
            connection.execute(
                insert(opinions).values(**opinion, task_id="JR-1-taxation-1", department="taxation")
            )
        with pytest.raises(IntegrityError), engine.begin() as connection:  # one id per department
            connection.execute(
                insert(opinions).values(
                    **{**opinion, "round": 2}, task_id="JR-1-health-2", department="health"
                )
            )
    finally:
        engine.dispose()


def test_r_kind_7_migration_0008_keeps_the_reviews_opened_before_it_as_not_urgent(database_url, monkeypatch):
    """0008: reviews keep whether their case is urgent; those opened before it are not."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import select, text

    from joint_review.orm import reviews

    url = database_url("joint_review_0007")
    monkeypatch.setenv("JOINT_REVIEW_DATABASE_URL", url)
    config = Config(str(REPO_ROOT / "services" / "joint_review" / "alembic.ini"))
    command.upgrade(config, "0007")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO reviews (review_id, case_no, item_code, item_name, lead_department,"
                " departments, materials, status, round, task_limit_days, opened_at, version)"
                " VALUES ('JR-1', 'HALL-1', 'NY-001', '宅基地', 'agriculture_rural', '[]', '[]',"
                " 'in_review', 1, 3, '2026-11-23 02:00:00.000000', 1)"
            )
        )
    engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(select(reviews.c.review_id, reviews.c.urgent)).all() == [
                ("JR-1", False)
            ]
    finally:
        engine.dispose()


def test_r_kind_6_migration_0009_takes_a_case_with_its_higher_authority_off_the_clock(
    database_url, monkeypatch
):
    """0009: a case the higher authority already holds loses its deadline (counted again, without
    the authority's days, when its answer is recorded); other cases keep theirs, none is overdue."""
    from datetime import UTC, date, datetime

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import insert, select

    from intake.orm import cases

    url = database_url("intake_0007")
    monkeypatch.setenv("INTAKE_DATABASE_URL", url)
    config = Config(str(REPO_ROOT / "services" / "intake" / "alembic.ini"))
    command.upgrade(config, "0007")
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    row = {
        "item_code": "MZ-003",
        "item_name": "困难残疾人生活补贴",
        "department": "civil_affairs",
        "kind": "escalated",
        "step": "-",
        "urgent": False,
        "channel": "window",
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "verification_hash": "0" * 64,
        "window": "W05",
        "staff_id": "S05",
        "staff_name": "王五",
        "staff_phone": "0571-5555",
        "holder_id": "S05",
        "registered_at": now,
        "limit_days": 10,
        "extension_days": 0,
        "deadline": date(2026, 12, 7),
        "deadline_provisional": True,
        "missing_materials": [],
        "supplement_rounds": 0,
        "version": 1,
    }
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(cases).values(**row, case_no="HALL-UP", status="awaiting_authority"))
        connection.execute(insert(cases).values(**row, case_no="HALL-AT", status="forwarding"))
    engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                select(
                    cases.c.case_no, cases.c.deadline, cases.c.deadline_provisional, cases.c.overdue_since
                ).order_by(cases.c.case_no)
            ).all()
        assert [tuple(line) for line in found] == [
            ("HALL-AT", date(2026, 12, 7), True, None),
            ("HALL-UP", None, False, None),
        ]
    finally:
        engine.dispose()


def test_a_migrated_database_is_a_copy_at_head_and_the_session_template_stays_empty(
    migrated, migration_templates
):
    """``migrated`` runs the migrations once per session (a template) and gives each test a copy
    at head: what one test writes never reaches the template the next test copies."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    url = migrated("notify")
    template = migration_templates("notify")
    head = ScriptDirectory.from_config(
        Config(str(REPO_ROOT / "services" / "notify" / "alembic.ini"))
    ).get_current_head()
    engine = make_engine(url)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        connection.execute(
            text("INSERT INTO inbox (event_id, consumer, applied_at) VALUES ('e1', 'c', CURRENT_TIMESTAMP)")
        )
    engine.dispose()
    template_url = (
        f"sqlite:///{template}" if url.startswith("sqlite") else url.rsplit("/", 1)[0] + f"/{template}"
    )
    assert template_url != url
    engine = make_engine(template_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM inbox")).scalar() == 0
    engine.dispose()
