"""Open cases bulk-loaded into each service's own tables, before the services start.

How: the services run once on fresh databases (no department agent), and one promised SC-010
case and one joint NY-001 case are accepted through intake's API; the events flow as they do in
production, so intake holds the two cases and their history, joint_review the open review and
its three unanswered tasks, notify the notices and deliveries (the receipt delivered). Once every
outbox is drained and no delivery is pending the services stop, and each row of each service's
own tables (its ``orm.metadata``; not the outbox, inbox or handling journal, which retention
empties) that names one of the two template cases is copied ``count`` times, in the mix of the
load (one joint case in four): the case number replaced by a new one wherever it appears (case,
review, task, notice numbers, idempotency keys, JSON documents), every UUID replaced by one
derived from it and the copy's index (event ids, opinion ids), autoincrement keys left to the
database (``cloning``). The result is N open cases shaped exactly like real ones.

How fast: the rows are read and written as the database stores them (no ORM types on the way),
on PostgreSQL by ``COPY`` (text format) and on SQLite by one executemany per chunk of rows in one
transaction without a rollback journal; the executemany of SQLAlchemy rows this replaced took
8 minutes and more for 10^5 cases on either database (docs/performance.md has the figures).
"""

from __future__ import annotations

import importlib
import io
import itertools
import json
import sqlite3
import sys
import time
from collections.abc import Iterator

import requests
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from . import cloning
from .driver import ITEMS, JOINT_EVERY, case_body
from .tracker import JOINT, PROMISED

SKIPPED = {"outbox", "inbox", "handling_journal", "alembic_version"}
CHUNK = 50_000  # rows per executemany or COPY: memory stays bounded, round trips few


def kind_of(index: int) -> str:
    """The mix of the load: copy ``index`` is a joint case one time in four."""
    return JOINT if index % JOINT_EVERY == 0 else PROMISED


def make_templates(urls: dict[str, str]) -> dict[str, str]:
    """One case of each kind accepted over HTTP; ``{kind: case_no}``."""
    templates = {}
    for n, kind in enumerate((PROMISED, JOINT)):
        item_code, token = ITEMS[kind]
        materials = [
            m["name"]
            for m in requests.get(f"{urls['intake']}/catalogue/{item_code}", timeout=30).json()["materials"]
        ]
        answer = requests.post(
            f"{urls['intake']}/cases",
            data=case_body(item_code, materials, n),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=30,
        )
        answer.raise_for_status()
        templates[kind] = answer.json()["case_no"]
    return templates


def settled(databases: dict[str, str], timeout: float = 90) -> None:
    """Wait until every outbox is sent, the joint review has its tasks and no delivery waits."""
    from joint_review.orm import tasks
    from notify.orm import deliveries
    from reliable_events.tables import OUTBOX

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = 0
        for service, url in databases.items():
            engine = create_engine(url)
            metadata = importlib.import_module(f"{service}.orm").metadata
            with engine.connect() as connection:
                outbox = metadata.tables[OUTBOX]
                waiting += connection.scalar(select(func.count()).where(outbox.c.sent_at.is_(None))) or 0
                if service == "joint_review" and not connection.scalar(
                    select(func.count()).select_from(tasks)
                ):
                    waiting += 1
                if service == "notify":
                    open_rows = select(func.count()).where(
                        deliveries.c.status.in_(("pending", "sending", "sent"))
                    )
                    receipts = select(func.count()).where(deliveries.c.status == "delivered")
                    waiting += connection.scalar(open_rows) or 0
                    waiting += 0 if connection.scalar(receipts) else 1
            engine.dispose()
        if not waiting:
            time.sleep(1.0)  # the last consumers' acks
            return
        time.sleep(0.5)
    raise RuntimeError("the template cases did not settle (outbox, tasks, deliveries)")


def clone(service: str, url: str, templates: dict[str, str], count: int) -> dict[str, int]:
    """Copy the template cases' rows of ``service``'s tables ``count`` times; rows per table.
    One transaction for the whole service, tables in dependency order."""
    metadata = importlib.import_module(f"{service}.orm").metadata
    tables = [table for table in metadata.sorted_tables if table.name not in SKIPPED]
    if make_url(url).get_backend_name() == "postgresql":
        return copy_postgresql(url, tables, templates, count)
    return executemany_sqlite(url, tables, templates, count)


def columns_of(table) -> list[str]:
    """Every column but an integer autoincrement key, which the database numbers itself."""
    auto = {c.name for c in table.primary_key.columns if c.autoincrement in (True, "auto")}
    return [c.name for c in table.columns if not (c.name in auto and c.type.python_type is int)]


def by_kind(rows: list[tuple], templates: dict[str, str]) -> dict[str, list[tuple]]:
    return {kind: [row for row in rows if cloning.mentions(row, no)] for kind, no in templates.items()}


def chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


def executemany_sqlite(url: str, tables: list, templates: dict[str, str], count: int) -> dict[str, int]:
    """One executemany per chunk, one transaction, with a throwaway database's pragmas: no
    rollback journal, no fsync (a crash mid-load loses only the benchmark's run). The services
    put their own pragmas back (WAL) when they connect."""
    connection = sqlite3.connect(make_url(url).database, isolation_level=None)
    loaded: dict[str, int] = {}
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("BEGIN")
        for table in tables:
            names = columns_of(table)
            listed = ", ".join(f'"{name}"' for name in names)
            rows = by_kind(connection.execute(f'SELECT {listed} FROM "{table.name}"').fetchall(), templates)
            if not any(rows.values()):
                continue
            insert = f'INSERT INTO "{table.name}" ({listed}) VALUES ({", ".join("?" * len(names))})'
            loaded[table.name] = 0
            for chunk in chunks(cloning.copies(rows, templates, kind_of, count)):
                connection.executemany(insert, chunk)
                loaded[table.name] += len(chunk)
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
    return loaded


def copy_postgresql(url: str, tables: list, templates: dict[str, str], count: int) -> dict[str, int]:
    """``COPY ... TO STDOUT`` of the templates' rows, their text rewritten, ``COPY ... FROM
    STDIN`` of the copies (psycopg2's ``copy_expert``), one transaction; then ANALYZE of the
    loaded tables, as autovacuum would within a minute of such a load, so the planner sees
    their sizes."""
    engine = create_engine(url)
    connection = engine.raw_connection()
    loaded: dict[str, int] = {}
    try:
        cursor = connection.cursor()
        for table in tables:
            names = columns_of(table)
            listed = ", ".join(f'"{name}"' for name in names)
            out = io.StringIO()
            cursor.copy_expert(f'COPY (SELECT {listed} FROM "{table.name}") TO STDOUT', out)
            # one row a line: COPY escapes newlines in values, but not all that splitlines() splits at
            lines = out.getvalue().split("\n")[:-1]
            rows = by_kind([tuple(line.split("\t")) for line in lines], templates)
            if not any(rows.values()):
                continue
            loaded[table.name] = 0
            for chunk in chunks(cloning.copies(rows, templates, kind_of, count)):
                text = "".join("\t".join(row) + "\n" for row in chunk)
                cursor.copy_expert(f'COPY "{table.name}" ({listed}) FROM STDIN', io.StringIO(text))
                loaded[table.name] += len(chunk)
        connection.commit()
        for name in loaded:  # not the empty tables: statistics of 0 rows would make the
            cursor.execute(f'ANALYZE "{name}"')  # planner scan them once the run fills them
        connection.commit()
    finally:
        connection.close()
        engine.dispose()
    return loaded


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.system.bulk SERVICE DATABASE_URL PROMISED_CASE JOINT_CASE COUNT``: the
    loader alone, on the database of a stopped service holding the two template cases (the
    integration test of the loader runs it so); prints the rows loaded per table as JSON."""
    service, url, promised, joint, count = argv if argv is not None else sys.argv[1:]
    print(json.dumps(clone(service, url, {PROMISED: promised, JOINT: joint}, int(count))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
