"""R-JOINT-7 with the roster cache (issue 17), on a real database: in this process a roster saved
or a leave recorded is seen by the very next task; a change rolled back is never seen; another
process (a replica on PostgreSQL) sees it once its remembered answer is ``TTL_SECONDS`` old."""

from datetime import UTC, date, datetime

import pytest

from joint_review.orm import metadata
from joint_review.reviewers import handlers
from joint_review.reviewers.roster_cache import ROSTERS
from joint_review.unit_of_work import UnitOfWork
from reliable_events import Store, add_core_tables, make_engine
from workday_calendar import WorkingCalendar

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # a Monday
CHEN, LI, ZHANG = ("R21", "陈审"), ("R22", "李审"), ("R29", "张审")
DEPARTMENT = "natural_resources"


def roster(primary, backup):
    return {
        "department": DEPARTMENT,
        "primary": {"reviewer_id": primary[0], "name": primary[1]},
        "backup": {"reviewer_id": backup[0], "name": backup[1]},
    }


@pytest.fixture
def stores(migrated):
    """Two stores on one database: this process's, and a replica's (an engine of its own)."""
    url = migrated("joint_review")
    engines = [make_engine(url), make_engine(url)]
    tables = add_core_tables(metadata)
    yield [Store(engine, tables, "joint_review", "joint_review.tests") for engine in engines]
    for engine in engines:
        engine.dispose()


def run(store, use_case, *args):
    with store.transaction() as tx:
        return use_case(*args, UnitOfWork(tx, WorkingCalendar(), NOW, "operator"))


def in_place(store):
    found = run(store, handlers.assignee_for, DEPARTMENT)
    return found.reviewer_id if found else None


def test_r_joint_7_a_roster_saved_or_a_leave_recorded_is_seen_by_the_next_task_at_once(stores):
    here, _ = stores
    assert in_place(here) is None
    run(here, handlers.set_reviewers, roster(CHEN, LI))
    assert in_place(here) == "R21"
    run(here, handlers.set_reviewers, roster(ZHANG, LI))
    assert in_place(here) == "R29"
    leave = {
        "reviewer_id": "R29",
        "starts_on": date(2026, 11, 23),
        "ends_on": date(2026, 11, 24),
        "reason": "病假",
    }
    run(here, handlers.record_leave, leave)
    assert in_place(here) == "R22"


def test_r_joint_7_a_roster_change_rolled_back_is_never_seen(stores):
    here, _ = stores
    run(here, handlers.set_reviewers, roster(CHEN, LI))

    def change_then_fail(command, uow):
        handlers.set_reviewers(command, uow)
        assert handlers.assignee_for(DEPARTMENT, uow).reviewer_id == "R29"  # its own change, uncommitted
        raise RuntimeError("the transaction fails after the change")

    with pytest.raises(RuntimeError):
        run(here, change_then_fail, roster(ZHANG, LI))
    assert in_place(here) == "R21"


def test_r_joint_7_a_replica_sees_another_process_change_within_the_ttl(stores, monkeypatch):
    here, replica = stores
    clock = [1000.0]
    monkeypatch.setattr(ROSTERS, "clock", lambda: clock[0])
    run(here, handlers.set_reviewers, roster(CHEN, LI))
    assert in_place(replica) == "R21"
    run(here, handlers.set_reviewers, roster(ZHANG, LI))
    assert in_place(here) == "R29"
    assert in_place(replica) == "R21"  # remembered: the replica learns of it only by its TTL
    clock[0] += ROSTERS.ttl
    assert in_place(replica) == "R29"
