"""Large tables for the query-plan and prune tests, built fast: a seed written from Python, then
copied inside the database.

Building 10^5 rows as Python dicts and sending them through SQLAlchemy's executemany took 7-17 s
on SQLite and 26-100 s on PostgreSQL per test; ``INSERT ... SELECT`` copies the same rows in a
fraction of that. Each copy keeps the values the seed wrote (statuses, dates, spreads) and only
prefixes its keys, so the planners and the prune meet the same table sizes and the same
distribution as when every row was written from Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert, literal, select
from sqlalchemy.engine import Connection


def doubled(connection: Connection, times: int, tables: Sequence[tuple[Table, Sequence[str]]]) -> None:
    """Every row of ``tables`` copied ``times`` times over (each round doubles them), the columns
    named with each table prefixed per round to stay unique, and a key the database numbers
    itself (an autoincrement id) left to it. Tables are copied in the order given, a parent
    before the rows that refer to it, both prefixed the same way."""
    for round_ in range(times):
        prefix = literal(f"c{round_}-")
        for table, keys in tables:
            columns = [column for column in table.c if column.autoincrement is not True]
            copied = [
                (prefix + column).label(column.name) if column.name in keys else column for column in columns
            ]
            connection.execute(
                insert(table).from_select([column.name for column in columns], select(*copied))
            )
