"""The gate that lets a message suspected of killing its process run alone."""

import eventlet

from reliable_events.crash_journal import HandlingGate


def make_gate() -> tuple[HandlingGate, list[str]]:
    gate = HandlingGate()
    gate.setup()
    return gate, []


def test_ordinary_messages_start_at_once_side_by_side():
    gate, started = make_gate()
    for name in ("a", "b", "c"):
        gate.admit(False, lambda name=name: started.append(name))
    assert started == ["a", "b", "c"] and gate.running == 3


def test_a_suspect_waits_for_the_running_ones_and_nobody_starts_beside_it():
    gate, started = make_gate()
    gate.admit(False, lambda: started.append("a"))
    gate.admit(True, lambda: started.append("suspect"))
    gate.admit(False, lambda: started.append("b"))  # arrived after the suspect: waits too
    assert started == ["a"]

    gate.release(False)  # a is done: the suspect runs, alone
    eventlet.sleep(0)
    assert started == ["a", "suspect"] and gate.alone

    gate.release(True)  # the suspect is done: b may start
    eventlet.sleep(0)
    assert started == ["a", "suspect", "b"] and not gate.alone


def test_two_suspects_run_one_after_the_other():
    gate, started = make_gate()
    gate.admit(True, lambda: started.append("x"))
    gate.admit(True, lambda: started.append("y"))
    assert started == ["x"]
    gate.release(True)
    eventlet.sleep(0)
    assert started == ["x", "y"] and gate.running == 1
