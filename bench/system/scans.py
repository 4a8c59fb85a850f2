"""Rows read by sequential scans during a run, per table: what grows with the number of open
cases when a query the services run per case or per timer reads a whole table instead of an
index. PostgreSQL counts them (``pg_stat_user_tables``: ``seq_scan``, ``seq_tup_read``);
SQLite keeps no such count (``EXPLAIN QUERY PLAN`` of the statements is the way there), so its
runs report nothing. The counts include the benchmark's own backlog queries, and PostgreSQL
publishes a backend's counts within a second or so of its transactions: read them per case
and between sizes, not to the row."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

STATS = text("SELECT relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) FROM pg_stat_user_tables")


def snapshot(databases: dict[str, str]) -> dict[str, dict[str, tuple[int, int, int]]]:
    """``{service: {table: (seq_scan, seq_tup_read, idx_scan)}}`` of the PostgreSQL databases."""
    found: dict[str, dict[str, tuple[int, int, int]]] = {}
    for service, url in databases.items():
        if make_url(url).get_backend_name() != "postgresql":
            continue
        engine = create_engine(url)
        with engine.connect() as connection:
            found[service] = {row[0]: (row[1], row[2], row[3]) for row in connection.execute(STATS)}
        engine.dispose()
    return found


def grown(before: dict, after: dict, cases: int) -> dict[str, dict[str, dict]]:
    """Per service and table with rows read by sequential scans meanwhile: the scans, the rows
    they read per completed case, and the index scans, for comparison."""
    report: dict[str, dict[str, dict]] = {}
    for service, tables in after.items():
        for table, (scans, rows, index_scans) in tables.items():
            was = before.get(service, {}).get(table, (0, 0, 0))
            if rows - was[1] > 0:
                report.setdefault(service, {})[table] = {
                    "seq_scans": scans - was[0],
                    "rows_read_per_case": round((rows - was[1]) / cases, 1) if cases else None,
                    "index_scans": index_scans - was[2],
                }
    return report
