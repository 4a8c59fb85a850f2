"""``hall outbox`` on a real SQLite outbox (the statements are reliable_events'): status, parked rows
and their retry, as text and JSON; replay with the broker faked (progress fed by the replay, the
missing queue refused with its code); a missing config refused as bad usage."""

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from sqlalchemy import MetaData, create_engine, insert, select

from hall_cli import outbox_commands
from hall_cli.app import cli
from reliable_events import outbox_replay
from reliable_events.tables import add_core_tables


def row(number, **extra):
    """An outbox row created 10 minutes before the test runs (not before the module was collected:
    the whole suite may run in between)."""
    return {
        "event_id": f"e{number}",
        "exchange": "intake.events",
        "routing_key": "case_accepted",
        "body": "{}",
        "created_at": datetime.now(UTC) - timedelta(minutes=10),
        "attempts": 0,
        **extra,
    }


@pytest.fixture
def box(monkeypatch, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'intake.db'}")  # a file: each command disposes the engine
    outbox, _ = add_core_tables(metadata := MetaData())
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(outbox), [row(1, sent_at=datetime.now(UTC)), row(2, sent_at=None)])
        connection.execute(
            insert(outbox), [row(3, parked_at=datetime.now(UTC), attempts=8, last_error="queue full")]
        )
    found = SimpleNamespace(engine=engine, outbox=outbox, service="intake", amqp_uri="amqp://x/")
    asked = []
    monkeypatch.setattr(outbox_commands, "open_outbox", lambda options: asked.append(options) or found)
    found.asked = asked
    return found


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_status_counts_pending_and_parked_rows(box):
    result = run("--json", "outbox", "--service", "intake", "--config", "c.yml", "status")
    answer = json.loads(result.stdout)
    assert answer["service"] == "intake" and answer["pending"] == 1 and answer["parked"] == 1
    assert 590 <= answer["oldest_pending_seconds"] <= 700
    assert box.asked[0]["config"] == "c.yml" and box.asked[0]["service"] == "intake"


def test_parked_lists_the_refused_rows_then_retry_makes_them_due(box):
    (parked,) = json.loads(run("--json", "outbox", "--service", "intake", "parked").stdout)
    assert parked["event_id"] == "e3" and parked["last_error"] == "queue full" and parked["attempts"] == 8
    result = run("outbox", "--service", "intake", "retry-parked", "--id", str(parked["id"]))
    assert result.stdout.startswith("1 parked event(s) of intake are due again")
    with box.engine.connect() as connection:
        assert (
            connection.execute(select(box.outbox.c.parked_at).where(box.outbox.c.event_id == "e3")).scalar()
            is None
        )
    assert json.loads(run("--json", "outbox", "--service", "intake", "parked").stdout) == []


def test_replay_passes_the_range_and_shows_progress_when_asked(box, monkeypatch):
    seen = {}

    def replay(engine, outbox, amqp_uri, queue, wanted, progress=None):
        seen.update(queue=queue, wanted=wanted, amqp_uri=amqp_uri)
        progress(500, 700)
        progress(700, 700)
        return 700

    monkeypatch.setattr(outbox_replay, "replay", replay)
    args = ["outbox", "--service", "intake", "replay", "--queue", "agency.q", "--since", "2026-11-01T00:00"]
    result = run("--progress", *args)
    assert result.stdout.strip() == "700 event(s) of intake replayed to queue agency.q"
    assert "replaying to agency.q" in result.stderr
    assert seen["wanted"].since == datetime(2026, 11, 1, tzinfo=UTC) and seen["amqp_uri"] == "amqp://x/"
    assert json.loads(run("--json", *args).stdout) == {
        "service": "intake",
        "queue": "agency.q",
        "replayed": 700,
    }


def test_replay_to_a_missing_queue_is_refused_with_its_code(box, monkeypatch):
    def replay(*args, **kwargs):
        raise outbox_replay.QueueMissing("queue 'agency.q' does not exist")

    monkeypatch.setattr(outbox_replay, "replay", replay)
    result = run("--json", "outbox", "--service", "intake", "replay", "--queue", "agency.q")
    assert result.exit_code == 2 and json.loads(result.stderr)["error"]["code"] == "queue_missing"


def test_a_bad_time_is_refused_in_chinese(box):
    result = run("outbox", "--service", "intake", "replay", "--queue", "q", "--since", "yesterday")
    assert result.exit_code == 2 and "应为 ISO 时间" in result.stderr


def test_a_missing_config_is_bad_usage_not_a_traceback(tmp_path):
    result = run("outbox", "--service", "intake", "--config", str(tmp_path / "none.yml"), "status")
    assert result.exit_code == 2 and "[config_missing]" in result.stderr


def test_a_database_that_cannot_be_opened_is_refused_with_a_code(monkeypatch, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    outbox, _ = add_core_tables(MetaData())
    found = SimpleNamespace(engine=engine, outbox=outbox, service="intake", amqp_uri="amqp://x/")
    monkeypatch.setattr(outbox_commands, "open_outbox", lambda options: found)
    result = run("--json", "outbox", "--service", "intake", "status")
    assert result.exit_code == 1 and json.loads(result.stderr)["error"]["code"] == "database_error"
