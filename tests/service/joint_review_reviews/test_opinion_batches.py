"""R-JOINT-4 with opinions applied in batches (issue 17), on a real database: duplicated and
out-of-order opinions inside one batch and across batches record every opinion once and converge
each round exactly once; a batch holding a refused opinion changes nothing at all (its commands
are then tried one by one, ``reliable_events.batching``)."""

import json
import random
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from joint_review.messaging.api import record_opinions
from joint_review.orm import convergences, metadata, opinions
from joint_review.refusals import OpinionIdReused
from joint_review.reviews.handlers import open_review
from joint_review.unit_of_work import UnitOfWork
from reliable_events import Store, add_core_tables, make_engine
from workday_calendar import WorkingCalendar

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
CASES = [f"HALL-20261123-B{n:07d}" for n in range(4)]
OUTBOX, _ = add_core_tables(metadata)


@pytest.fixture
def store(migrated):
    engine = make_engine(migrated("joint_review"))
    store = Store(engine, add_core_tables(metadata), "joint_review", "joint_review.opinions")
    for case_no in CASES:
        with store.transaction() as tx:
            case = {
                "case_no": case_no,
                "item_code": "NY-001",
                "item_name": "农村宅基地和建房（规划许可）审批",
                "item_kind": "joint",
                "lead_department": DEPARTMENTS[0],
                "departments": DEPARTMENTS,
                "task_limit_days": 3,
            }
            open_review(case, UnitOfWork(tx, WorkingCalendar(), NOW, "intake"))
    yield store
    engine.dispose()


def command(case_no: str, department: str, verdict: str = "approve") -> dict:
    task_id = f"JR-{case_no}-{department}-1"
    return {
        "opinion_id": str(uuid.uuid5(uuid.NAMESPACE_URL, task_id)),
        "task_id": task_id,
        "review_id": f"JR-{case_no}",
        "department": department,
        "round": 1,
        "verdict": verdict,
        **({"materials": ["宅基地四至图"]} if verdict == "supplement" else {}),
        "reviewer": {"id": f"R-{department}", "name": "审查员"},
        "reviewer_id": f"R-{department}",
        "sender": f"dept_{department}",
        "correlation_id": f"corr-{task_id}",
    }


def apply(store, batch: list[dict]) -> None:
    with store.transaction() as tx:
        record_opinions(batch, tx, lambda tx, actor: UnitOfWork(tx, WorkingCalendar(), NOW, actor))


def published(store, event_type: str) -> list[dict]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(OUTBOX.c.body).where(OUTBOX.c.routing_key == event_type)).scalars()
        return [json.loads(body) for body in rows]


def count(store, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_r_joint_4_duplicated_and_out_of_order_opinions_in_and_across_batches_converge_each_round_once(store):
    rng = random.Random(17)
    every = [
        command(case_no, d, "supplement" if case_no == CASES[3] and d == DEPARTMENTS[1] else "approve")
        for case_no in CASES
        for d in DEPARTMENTS
    ]
    first = [c for c in every if c["review_id"] != f"JR-{CASES[1]}"][::-1] + every[
        3:5
    ]  # review 1: two of three
    first = first + first[:4]  # duplicates inside the batch
    rng.shuffle(first)
    apply(store, first)
    converged = published(store, "review_converged")
    assert sorted(e["data"]["review_id"] for e in converged) == sorted(
        f"JR-{c}" for c in (CASES[0], CASES[2], CASES[3])
    )
    second = every * 2  # every opinion again, twice: only review 1's last one is new
    rng.shuffle(second)
    apply(store, second)
    apply(store, every[::-1])  # and a whole batch of replays
    converged = published(store, "review_converged")
    assert sorted(e["data"]["review_id"] for e in converged) == sorted(f"JR-{c}" for c in CASES)
    assert count(store, convergences) == len(CASES)
    assert count(store, opinions) == len(every)
    recorded = published(store, "opinion_recorded")
    assert sorted(e["data"]["opinion_id"] for e in recorded) == sorted(c["opinion_id"] for c in every)
    assert [e["data"]["review_id"] for e in published(store, "supplement_consolidated")] == [f"JR-{CASES[3]}"]
    # each opinion's events keep the correlation id of the command that caused it
    assert {e["correlationid"] for e in recorded} == {c["correlation_id"] for c in every}


def test_r_joint_4_a_batch_holding_a_refused_opinion_changes_nothing(store):
    before = count(store, OUTBOX)
    reused = {
        **command(CASES[1], DEPARTMENTS[0]),
        "opinion_id": command(CASES[0], DEPARTMENTS[0])["opinion_id"],
    }
    batch = [command(CASES[0], d) for d in DEPARTMENTS] + [reused]
    with pytest.raises(OpinionIdReused):
        apply(store, batch)
    assert (count(store, opinions), count(store, convergences), count(store, OUTBOX)) == (0, 0, before)
