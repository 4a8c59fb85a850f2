"""``/health`` waits for the queue consumers: ``consumer_state`` on eventlet's own events (the
object nameko's ``QueueConsumer`` sets when its consumers are declared)."""

from types import SimpleNamespace

from eventlet.event import Event

from service_metrics.readiness import STARTING, consumer_state


def consumer(state: str) -> SimpleNamespace:
    ready = Event()
    if state == "ready":
        ready.send(None)
    elif state == "failed":
        ready.send_exception(ConnectionError("refused"))
    return SimpleNamespace(_consumers_ready=ready)


def test_a_process_whose_consumers_are_still_connecting_is_not_healthy_yet():
    assert consumer_state([consumer("ready"), consumer("starting")]) == STARTING
    assert consumer_state([consumer("starting")]) == STARTING


def test_a_consumer_that_failed_to_start_is_not_ready():
    assert consumer_state([consumer("ready"), consumer("failed")]) == STARTING


def test_every_consumer_consuming_or_none_at_all_is_ok():
    assert consumer_state([consumer("ready"), consumer("ready")]) == "ok"
    assert consumer_state([]) == "ok"
