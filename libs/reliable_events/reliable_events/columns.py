"""Two SQL pieces every service's tables share: an aware-UTC time column and "insert once".

``UtcDateTime`` stores a timezone-aware moment and always gives one back: PostgreSQL keeps the
zone, SQLite does not, and without this every reader had to re-attach UTC by hand.
``insert_once`` is ``INSERT ... ON CONFLICT DO NOTHING RETURNING``: the database's unique key, not a
check-then-insert, decides which of two replicas raises an alert (or claims a row) first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, overload

from sqlalchemy import DateTime, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.types import TypeDecorator

__all__ = ["UtcDateTime", "as_utc", "insert_once"]


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """``value`` as an aware UTC moment; a naive value is taken to be UTC already (SQLite's)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that refuses naive input and returns aware UTC values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"a timezone-aware datetime is required, got {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        moment: datetime | None = as_utc(value)
        return moment


def insert_once(connection: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert ``values`` unless a row with the same unique key exists; True when this call did.

    One statement, so concurrent callers cannot both win (PostgreSQL and SQLite). The statement
    is built once per database and table and the values go as parameters: built with
    ``.values(**values)`` on each call, SQLAlchemy made a new cache key every time (about 6 % of
    notify's CPU under load, which inserts a delivery per channel and notice)."""
    return connection.execute(_insert_once(connection.dialect.name, table), values).first() is not None


@lru_cache(maxsize=64)
def _insert_once(name: str, table: Table) -> ReturningInsert[Any]:
    insert: Callable[[Table], postgresql.Insert | sqlite.Insert]
    if name == "postgresql":
        insert = postgresql.insert
    elif name == "sqlite":
        insert = sqlite.insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise ValueError(f"unsupported database {name}")
    keys = list(table.primary_key.columns) or list(table.columns)
    return insert(table).on_conflict_do_nothing().returning(keys[0])
