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
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
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
