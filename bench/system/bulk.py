"""Open cases bulk-loaded into each service's own tables, before the services start.

How: the services run once on fresh databases (no department agent), and one promised SC-010
case and one joint NY-001 case are accepted through intake's API; the events flow as they do in
production, so intake holds the two cases and their history, joint_review the open review and
its three unanswered tasks, notify the notices and deliveries (the receipt delivered). Once every
outbox is drained and no delivery is pending the services stop, and each row of each service's
own tables (its ``orm.metadata``; not the outbox, inbox or handling journal, which retention
empties) that names one of the two template cases is copied ``count`` times with executemany, in
the mix of the load (one joint case in four): the case number replaced by a new one wherever it
appears (case, review, task, notice numbers, idempotency keys, JSON documents), every UUID
replaced by one derived from it and the copy's index (event ids, opinion ids), autoincrement keys
left to the database. The result is N open cases shaped exactly like real ones.
"""

from __future__ import annotations

import importlib
import json
import re
import time
import uuid
from typing import Any

import requests
from sqlalchemy import create_engine, func, insert, select

from .driver import ITEMS, JOINT_EVERY, case_body
from .tracker import JOINT, PROMISED

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SKIPPED = {"outbox", "inbox", "handling_journal", "alembic_version"}
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # intake's case number symbols
BATCH = 5000


def clone_number(template: str, index: int) -> str:
    """The template's ``HALL-<date>-`` and 8 symbols spelling ``index`` in intake's alphabet."""
    symbols = []
    for _ in range(8):
        index, digit = divmod(index, len(ALPHABET))
        symbols.append(ALPHABET[digit])
    return template[:-8] + "".join(reversed(symbols))


def rewrite(value: Any, old: str, new: str, salt: str) -> Any:
    if isinstance(value, str):
        value = value.replace(old, new)
        return UUID.sub(lambda m: str(uuid.uuid5(uuid.NAMESPACE_URL, m.group(0) + salt)), value)
    if isinstance(value, (dict, list)):
        return json.loads(rewrite(json.dumps(value, ensure_ascii=False), old, new, salt))
    return value


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
    """Copy the template cases' rows of ``service``'s tables ``count`` times; rows per table."""
    metadata = importlib.import_module(f"{service}.orm").metadata
    engine = create_engine(url)
    loaded: dict[str, int] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            auto = {c.name for c in table.primary_key.columns if c.autoincrement in (True, "auto")}
            auto = {name for name in auto if table.c[name].type.python_type is int}
            rows = [dict(row) for row in connection.execute(select(table)).mappings()]
            by_kind = {kind: [r for r in rows if mentions(r, no)] for kind, no in templates.items()}
            if not any(by_kind.values()):
                continue
            batch, total = [], 0
            for index in range(count):
                kind = JOINT if index % JOINT_EVERY == 0 else PROMISED
                old = templates[kind]
                new, salt = clone_number(old, index), f"#{index}"
                for row in by_kind[kind]:
                    batch.append({k: rewrite(v, old, new, salt) for k, v in row.items() if k not in auto})
                if len(batch) >= BATCH:
                    connection.execute(insert(table), batch)
                    total, batch = total + len(batch), []
            if batch:
                connection.execute(insert(table), batch)
                total += len(batch)
            loaded[table.name] = total
    engine.dispose()
    return loaded


def mentions(row: dict, case_no: str) -> bool:
    return any(case_no in (v if isinstance(v, str) else json.dumps(v, default=str)) for v in row.values())
