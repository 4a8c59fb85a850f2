"""Each service's migrations build exactly the tables its code maps (no drift)."""

import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from reliable_events import make_engine

SERVICES = ("intake", "joint_review", "complaints", "notify")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", SERVICES)
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


@pytest.mark.parametrize("service", SERVICES)
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
