"""What the reliability scenarios read from the probe and the services: what the probe saw
delivered and applied, and a service's metrics."""

from collections import Counter

import requests
from bus import wait_for
from sqlalchemy import create_engine, text


def probe_counts(probe) -> tuple[Counter, Counter]:
    engine = create_engine(probe.database_url)
    try:
        with engine.connect() as connection:
            delivered = Counter(
                dict(
                    connection.execute(
                        text("SELECT event_id, COUNT(*) FROM probe_deliveries GROUP BY event_id")
                    ).all()
                )
            )
            applied = Counter(
                dict(
                    connection.execute(
                        text("SELECT event_id, COUNT(*) FROM probe_applications GROUP BY event_id")
                    ).all()
                )
            )
    finally:
        engine.dispose()
    return delivered, applied


def wait_until_applied(probe, expected_ids, timeout=60):
    wanted = set(expected_ids)

    def missing():
        return len(wanted - set(probe_counts(probe)[1]))

    try:
        wait_for(lambda: missing() == 0, timeout=timeout)
    except AssertionError:
        raise AssertionError(
            f"{missing()} of {len(wanted)} events never applied; probe log:\n{probe.log_tail(60)}"
        ) from None


def metric(process, name: str, **labels) -> float:
    text_ = requests.get(f"{process.url}/metrics", timeout=5).text
    total = 0.0
    for line in text_.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def print_figures(
    scenario: str, report, *, dead_lettered: float = 0, max_outbox_age: float = 0, drain_seconds: float = 0
) -> None:
    """One line per scenario in the test output (pytest -s or -rA shows it)."""
    counts = report.counts()
    print(
        f"\n[{scenario}] committed={sum(counts.values()) - len(report.unexpected)} "
        f"lost={counts['lost']} unexpected={counts['unexpected']} "
        f"delivered_twice={counts['duplicated_applied_once']} "
        f"applied_twice={sum('applied' in item for item in report.unexpected)} "
        f"dead_lettered={dead_lettered:.0f} max_outbox_age={max_outbox_age:.1f}s "
        f"time_to_drain={drain_seconds:.1f}s"
    )


def print_outcome(scenario: str, outcome, drain, max_outbox_age: float = 0.0, agency=None) -> None:
    """The figures of a broker-chaos scenario (``checker.judge`` after ``final_drain``); with
    ``agency``, also what the spy queue received."""
    counts = outcome.counts()
    print(
        f"\n[{scenario}] committed={outcome.committed} lost={counts['lost']} "
        f"unexpected={counts['unexpected']} delivered_twice={counts['delivered_twice']} "
        f"applied_twice={counts['duplicated']} dead_lettered={len(drain.dead_letters)} "
        f"ok={counts['ok']} recovered={counts['recovered']} "
        f"max_outbox_age={max_outbox_age:.1f}s time_to_drain={drain.seconds:.1f}s"
    )
    if agency is not None:
        print(
            f"[{scenario}] agency queue: events={agency.committed} lost={len(agency.lost)} "
            f"unexpected={len(agency.unexpected)} copies={len(agency.delivered_twice)}"
        )
