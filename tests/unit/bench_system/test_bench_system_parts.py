"""The pure parts of the whole-system benchmark (bench/system): percentiles, the closed loop's
verdict on a step and when the ramp stops, the hops of a case, and CPU time and peak RSS read
from /proc texts. bench/ is not an installed package: its modules are loaded from their files
(stats, procstat and tracker import nothing else of the benchmark)."""

from __future__ import annotations

import sqlite3

import pytest
from bench_modules import load

stats, procstat, tracker = load("stats"), load("procstat"), load("tracker")


def test_percentiles_are_nearest_rank_and_none_without_values():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert stats.percentile(values, 0.50) == 50.0
    assert stats.percentile(values, 0.99) == 99.0
    assert stats.percentile(list(reversed(values)), 0.95) == 95.0
    assert stats.percentile([7.0], 0.99) == 7.0
    assert stats.percentile([], 0.5) is None
    assert stats.summary([0.010, 0.020, 0.030]) == {
        "n": 3,
        "p50": 20.0,
        "p95": 30.0,
        "p99": 30.0,
        "max": 30.0,
    }
    assert stats.summary([])["p99"] is None


def step(**changes):
    values = dict(
        rate=10.0,
        seconds=15.0,
        offered=150,
        completed=148,
        backlog_before=20,
        backlog_after=24,
        completion_p99=1.5,
    )
    return stats.Step(**{**values, **changes})


def test_a_step_whose_completed_work_kept_up_is_kept_up():
    assert stats.kept_up(step()) == {"kept_up": True, "reasons": []}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"completed": 120}, "completed 120 of 150 offered"),
        ({"backlog_after": 200}, "backlog grew by 180 (allowed 120)"),
        ({"completion_p99": 12.0}, "completion p99 12.0 s"),
        ({"refused": 3}, "3 POSTs refused or failed"),
        ({"offered": 100, "completed": 100}, "intake accepted only 100 of 150 offered"),
    ],
)
def test_a_step_is_not_kept_up_when_completions_lag_backlog_grows_latency_or_refusals_rise(changes, reason):
    verdict = stats.kept_up(step(**changes))
    assert verdict["kept_up"] is False and verdict["reasons"] == [reason]


def test_the_ramp_stops_after_two_failed_steps_in_a_row_and_keeps_the_best_step():
    good, bad = {"kept_up": True}, {"kept_up": False}
    steps = [step(rate=10, verdict=good), step(rate=12, verdict=bad)]
    assert not stats.ramp_should_stop(steps)
    steps.append(step(rate=14.4, verdict=good))
    assert not stats.ramp_should_stop(steps)
    steps += [step(rate=17.28, verdict=bad), step(rate=20.74, verdict=bad)]
    assert stats.ramp_should_stop(steps)
    assert stats.sustainable(steps).rate == 14.4
    assert stats.sustainable([step(verdict=bad)]) is None
    assert stats.next_rate(10.0) == 12.0


STAT = (
    "4242 (nameko run (x)) S 1 4242 4242 0 -1 4194560 5000 0 0 0 "
    "1234 567 0 0 20 0 12 0 100 1000000 20000 18446744073709551615"
)
STATUS = "Name:\tpython\nVmPeak:\t  300000 kB\nVmHWM:\t  102400 kB\nVmRSS:\t   90000 kB\n"


def test_cpu_seconds_and_peak_rss_are_read_from_proc_texts():
    # utime 1234 + stime 567 ticks at 100 a second; a name with spaces and parentheses
    assert procstat.cpu_seconds_of(STAT, ticks=100) == pytest.approx(18.01)
    assert procstat.peak_rss_kib(STATUS) == 102400
    assert procstat.peak_rss_kib("Name:\tkthreadd\n") is None


def test_cpu_per_case_is_the_difference_over_the_cases_and_none_when_unknown():
    before = {"intake": 10.0, "gone": 1.0, "broker": 5.0}
    after = {"intake": 10.5, "gone": None, "broker": 5.1}
    assert procstat.cpu_ms_per(before, after, 100) == {"intake": 5.0, "gone": None, "broker": 1.0}
    assert procstat.cpu_ms_per(before, after, 0)["intake"] is None


def test_a_joint_case_completes_with_its_completion_notice_and_yields_every_hop():
    seen = []
    track = tracker.Tracker(on_converged=lambda case_no, review_id: seen.append(review_id))
    track.seen("C1", "case_accepted", {}, 10.0)  # before the 201 was read: kept for later
    track.accepted("C1", tracker.JOINT, 10.01)
    for offset, department in enumerate(tracker.DEPARTMENTS):
        track.seen("C1", "task_queued", {"department": department, "round": 1}, 10.02 + offset / 100)
        track.seen("C1", "submit_opinion", {"department": department}, 11.0 + offset / 10)
    track.seen("C1", "review_converged", {"review_id": "JR-C1"}, 11.25)
    track.seen("C1", "review_decided", {}, 11.3)
    track.seen("C1", "case_completed", {}, 11.4)
    track.seen("C1", "notice_delivered", {"notice_type": "receipt"}, 11.5)
    assert track.open_count() == 1  # a joint case completes with its completion notice
    track.seen("C1", "notice_delivered", {"notice_type": "completion"}, 12.4)
    assert seen == ["JR-C1"] and track.open_count() == 0
    assert track.completed_between(12.0, 13.0) == [pytest.approx(12.4 - 10.01)]
    assert track.own(10.0, 11.0, by=12.0) == ([], {"promised": 0, "joint": 0})  # not by then
    latencies, kinds = track.own(10.0, 11.0, by=12.5)
    assert latencies == [pytest.approx(12.4 - 10.01)] and kinds == {"promised": 0, "joint": 1}
    hops = track.hops(10.0, 11.0)
    assert hops["accept_to_tasks"] == [pytest.approx(0.03)]
    assert hops["opinion_to_converged"] == [pytest.approx(0.05)]
    assert hops["converged_to_decided"] == [pytest.approx(0.05)]
    assert hops["event_to_notice"] == [pytest.approx(1.0)]


def test_a_promised_case_completes_with_its_receipt_delivered():
    track = tracker.Tracker()
    track.accepted("C2", tracker.PROMISED, 1.0)
    track.seen("C2", "case_accepted", {}, 1.1)
    track.seen("C2", "notice_delivered", {"notice_type": "receipt"}, 2.1)
    assert track.completed_kinds(0, 3) == {"promised": 1, "joint": 0}
    assert track.hops(0, 3)["event_to_notice"] == [pytest.approx(1.0)]
    assert track.hops(0, 3)["accept_to_tasks"] == []


def test_the_receipts_sms_is_a_hop_of_its_own_not_hidden_by_the_inbox_copy():
    """The receipt reaches the app's inbox at once; its SMS when the gateway's report arrives:
    ``event_to_notice`` is the first (the case completes), ``event_to_sms`` the SMS's own."""
    track = tracker.Tracker()
    track.accepted("C3", tracker.PROMISED, 1.0)
    track.seen("C3", "case_accepted", {}, 1.1)
    track.seen("C3", "notice_delivered", {"notice_type": "receipt", "channel": "inbox"}, 1.2)
    assert track.hops(0, 3)["event_to_sms"] == []
    track.seen("C3", "notice_delivered", {"notice_type": "acceptance", "channel": "sms"}, 1.5)
    track.seen("C3", "notice_delivered", {"notice_type": "receipt", "channel": "sms"}, 2.1)
    hops = track.hops(0, 3)
    assert hops["event_to_notice"] == [pytest.approx(0.1)]
    assert hops["event_to_sms"] == [pytest.approx(1.0)]


def test_rows_read_by_sequential_scans_are_reported_per_case_for_tables_scanned_meanwhile():
    scans = load("scans")
    before = {"notify": {"deliveries": (5, 1000, 7), "notices": (2, 10, 0)}, "intake": {"cases": (0, 0, 3)}}
    after = {
        "notify": {"deliveries": (7, 201000, 9), "notices": (2, 10, 50)},  # notices: by index only
        "intake": {"cases": (1, 0, 90), "roster_version": (4, 4, 0)},  # a table new since
    }
    assert scans.grown(before, after, 100) == {
        "notify": {"deliveries": {"seq_scans": 2, "rows_read_per_case": 2000.0, "index_scans": 2}},
        "intake": {"roster_version": {"seq_scans": 4, "rows_read_per_case": 0.0, "index_scans": 0}},
    }
    assert scans.grown(before, after, 0)["notify"]["deliveries"]["rows_read_per_case"] is None
    assert scans.snapshot({"intake": "sqlite:///nowhere.db"}) == {}  # SQLite keeps no count


LOG = """2026-12-05 10:00:00,001 INFO notify sqlalchemy.engine.Engine: SELECT deliveries.id
FROM deliveries
WHERE deliveries.status = ?
2026-12-05 10:00:00,002 INFO notify sqlalchemy.engine.Engine: [cached since 1s ago] ('pending',)
2026-12-05 10:00:00,003 INFO notify sqlalchemy.engine.Engine: SELECT deliveries.id FROM deliveries \
WHERE deliveries.status = ?
2026-12-05 10:00:00,004 INFO notify sqlalchemy.engine.Engine: COMMIT
2026-12-05 10:00:00,005 INFO notify nameko.web.server: SELECT is not SQL here
"""


def test_statements_are_read_from_a_services_log_and_a_plan_that_scans_a_table_is_marked():
    plans = load("plans")
    found = plans.statements(LOG)
    assert found == {"SELECT deliveries.id FROM deliveries WHERE deliveries.status = ?": 2}
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE deliveries (id INTEGER PRIMARY KEY, status TEXT)")
    (statement,) = found
    assert plans.scans(plans.plan(database, statement))  # no index on status: the whole table
    database.execute("CREATE INDEX ix_status ON deliveries (status)")
    assert not plans.scans(plans.plan(database, statement))
    assert not plans.scans(["SCAN CONSTANT ROW"])
    assert plans.plan(database, "SELECT nothing FROM nowhere")[0].startswith("error")
