"""``python -m bench.system.plans LOGS SERVICE=SQLITE_FILE ...``: ``EXPLAIN QUERY PLAN`` of every
distinct statement the services logged, on databases of another size; a statement whose plan
scans a table is marked ``SCAN``.

How (docs/performance.md): run the benchmark with the services logging their SQL, e.g.
``PYTHONPATH=bench/system/sql_log python -m bench.system --quick --db sqlite --keep``, keep a
run with 10^5 open cases (``--sizes 100000 --keep``), then give this the first run's ``logs``
folder and the second's database files. SQLite plans do not depend on the parameters on a
database without statistics (the services never run ANALYZE), so they are bound as NULL.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

ENGINE_LINE = re.compile(r" INFO \w+ sqlalchemy\.engine\.Engine: (.*)$")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d ")
STATEMENT = re.compile(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)\b", re.IGNORECASE)


def statements(log: str) -> Counter:
    """Distinct statements (whitespace folded) and how often each ran; a statement's lines run
    until the next log line."""
    lines, found = log.splitlines(), Counter()
    for n, line in enumerate(lines):
        match = ENGINE_LINE.search(line)
        if not match:
            continue
        text, k = match.group(1), n + 1
        while k < len(lines) and not LOG_LINE.match(lines[k]):
            text, k = text + "\n" + lines[k], k + 1
        if STATEMENT.match(text):
            found[re.sub(r"\s+", " ", text).strip()] += 1
    return found


def plan(database: sqlite3.Connection, statement: str) -> list[str]:
    try:
        rows = database.execute("EXPLAIN QUERY PLAN " + statement, [None] * statement.count("?"))
        return [str(row[-1]) for row in rows]
    except sqlite3.Error as error:
        return [f"error: {error}"]


def scans(steps: list[str]) -> bool:
    return any(
        step.startswith("SCAN ") and "CONSTANT ROW" not in step and "subquery" not in step for step in steps
    )


def main(argv: list[str] | None = None) -> int:
    logs, *pairs = argv if argv is not None else sys.argv[1:]
    scanned = 0
    for service, path in (pair.split("=", 1) for pair in pairs):
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        for statement, count in statements(
            (Path(logs) / f"{service}.log").read_text(errors="replace")
        ).items():
            steps = plan(database, statement)
            scanned += scans(steps)
            print(f"{'SCAN' if scans(steps) else 'ok  '} {service} x{count}: {statement[:240]}")
            print(f"     -> {' | '.join(steps)}")
        database.close()
    print(f"{scanned} statement(s) scan a table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
