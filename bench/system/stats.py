"""The pure arithmetic of the whole-system benchmark: percentiles, and the closed loop's decision
whether a step of offered load was kept up with (no I/O here, so a unit test pins it down).

A step *kept up* when at least 90 % of the cases accepted during it were COMPLETED by
``P99_LIMIT_SECONDS`` after its end (while the next step runs: the load never pauses), the
p99 of their completion latency stayed under that limit, the backlog (outbox rows not yet
sent, messages ready in the work queues, notify's deliveries not yet attempted) did not grow by
more than a few seconds' worth of messages, and intake accepted what was offered. The
sustainable rate is the highest step that kept up before the loop stopped (two steps in a row
that did not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

COMPLETED_SHARE = 0.9  # completed work of a step at least 90 % of what was offered
BACKLOG_SECONDS = 3.0  # the backlog may grow by at most this many seconds of offered work
MESSAGES_PER_CASE = 4  # about what a case leaves in outboxes, queues and deliveries at once
P99_LIMIT_SECONDS = 10.0  # completion latency p99 above this: the step did not keep up
FAILED_STEPS_TO_STOP = 2  # "keeps growing": two steps in a row


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0..1) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict:
    """``{"n", "p50", "p95", "p99", "max"}`` of ``values`` (seconds in, milliseconds out)."""

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {
        "n": len(values),
        "p50": ms(percentile(values, 0.50)),
        "p95": ms(percentile(values, 0.95)),
        "p99": ms(percentile(values, 0.99)),
        "max": ms(max(values) if values else None),
    }


@dataclass
class Step:
    """What one step of the ramp offered and what came of it."""

    rate: float  # cases/s offered (target)
    seconds: float
    offered: int  # cases accepted by intake during the step
    completed: int  # of those, completed by P99_LIMIT_SECONDS after the step's end
    backlog_before: int
    backlog_after: int
    completion_p99: float | None  # seconds, of the step's cases that completed
    refused: int = 0  # POSTs that did not answer 201
    verdict: dict = field(default_factory=dict)

    @property
    def completed_per_s(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0


def kept_up(step: Step) -> dict:
    """Whether ``step`` was kept up with, and each reason it was not."""
    reasons = []
    if step.offered and step.completed < COMPLETED_SHARE * step.offered:
        reasons.append(f"completed {step.completed} of {step.offered} offered")
    allowance = max(10.0, BACKLOG_SECONDS * MESSAGES_PER_CASE * step.rate)
    growth = step.backlog_after - step.backlog_before
    if growth > allowance:
        reasons.append(f"backlog grew by {growth} (allowed {allowance:.0f})")
    if step.completion_p99 is not None and step.completion_p99 > P99_LIMIT_SECONDS:
        reasons.append(f"completion p99 {step.completion_p99:.1f} s")
    if step.refused:
        reasons.append(f"{step.refused} POSTs refused or failed")
    if step.offered < 0.9 * step.rate * step.seconds:
        reasons.append(f"intake accepted only {step.offered} of {step.rate * step.seconds:.0f} offered")
    return {"kept_up": not reasons, "reasons": reasons}


def ramp_should_stop(steps: list[Step]) -> bool:
    """True once the last ``FAILED_STEPS_TO_STOP`` steps all failed to keep up."""
    tail = steps[-FAILED_STEPS_TO_STOP:]
    return len(tail) == FAILED_STEPS_TO_STOP and not any(s.verdict.get("kept_up") for s in tail)


def sustainable(steps: list[Step]) -> Step | None:
    """The highest-rate step that kept up (None when none did)."""
    good = [s for s in steps if s.verdict.get("kept_up")]
    return max(good, key=lambda s: s.rate) if good else None


def next_rate(rate: float, factor: float = 1.2) -> float:
    return round(rate * factor, 2)
