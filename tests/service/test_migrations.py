"""Each service's migrations build exactly the tables its code maps (no drift)."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from reliable_events import make_engine

SERVICES = ("intake", "joint_review", "complaints", "notify")


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
