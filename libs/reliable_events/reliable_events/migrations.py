"""The body of every service's Alembic ``env.py``: one database per service.

The URL comes from ``<SERVICE>_DATABASE_URL`` (the same variable the service's
config.yml reads), defaulting to the SQLite file under ``.data/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import MetaData


def database_url(service: str) -> str:
    return os.environ.get(f"{service.upper()}_DATABASE_URL", f"sqlite:///.data/{service}.db")


def run_env(service: str, metadata: MetaData) -> None:
    from alembic import context

    from reliable_events.storage import make_engine

    url = database_url(service)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def upgrade(service: str, url: str, alembic_ini: Path) -> None:
    """Run a service's migrations to head from Python (used by tests and the run command)."""
    from alembic import command
    from alembic.config import Config

    previous = os.environ.get(f"{service.upper()}_DATABASE_URL")
    os.environ[f"{service.upper()}_DATABASE_URL"] = url
    try:
        command.upgrade(Config(str(alembic_ini)), "head")
    finally:
        if previous is None:
            os.environ.pop(f"{service.upper()}_DATABASE_URL", None)
        else:
            os.environ[f"{service.upper()}_DATABASE_URL"] = previous


def create_core_tables_v1() -> None:
    """The outbox and inbox as of core schema v1, for a service's first migration.

    Frozen here (not derived from ``tables.py``) so an old migration never changes meaning:
    a later change to the core tables comes as ``upgrade_core_tables_v2`` beside it.
    """
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "inbox",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("consumer", sa.String(length=160), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "consumer"),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("exchange", sa.String(length=120), nullable=False),
        sa.Column("routing_key", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["id"],
        unique=False,
        sqlite_where=sa.text("sent_at IS NULL"),
        postgresql_where=sa.text("sent_at IS NULL"),
    )


def drop_core_tables_v1() -> None:
    from alembic import op

    op.drop_index("ix_outbox_pending", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


def upgrade_core_tables_v2() -> None:
    """Core schema v2: refused outbox rows wait and park on their own (``next_attempt_at``,
    ``parked_at``, ``last_error``); the outbox and inbox prunes find old rows by index; the
    handling journal tells a message that kills its consumer from its neighbours."""
    import sqlalchemy as sa
    from alembic import op

    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"], unique=False)
    op.create_index("ix_inbox_applied_at", "inbox", ["applied_at"], unique=False)
    op.create_table(
        "handling_journal",
        sa.Column("consumer", sa.String(length=160), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("starts", sa.Integer(), nullable=False),
        sa.Column("first_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id"),
    )


def downgrade_core_tables_v2() -> None:
    """Undo ``upgrade_core_tables_v2``."""
    from alembic import op

    op.drop_table("handling_journal")
    op.drop_index("ix_inbox_applied_at", table_name="inbox")
    op.drop_index("ix_outbox_sent_at", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("last_error")
        batch.drop_column("parked_at")
        batch.drop_column("next_attempt_at")
