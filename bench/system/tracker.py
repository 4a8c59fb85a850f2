"""Every case the benchmark offered and what the spy saw of it, on one clock (the benchmark
process's ``time.monotonic()``): the hops and the completion of each case.

Completed means: a promised case -> its receipt notice delivered by notify; a joint case -> every
department's task answered -> converged -> decided (the benchmark posts the decision) -> its
completion notice delivered.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

PROMISED, JOINT = "promised", "joint"
DEPARTMENTS = ("agriculture_rural", "natural_resources", "housing_construction")  # NY-001's
HOPS = ("accept_to_tasks", "opinion_to_converged", "converged_to_decided", "event_to_notice", "event_to_sms")


@dataclass
class Case:
    kind: str
    accepted: float  # the HTTP 201 arrived
    events: dict = field(default_factory=dict)  # "case_accepted" / "case_completed" -> time
    tasks: dict = field(default_factory=dict)  # department -> review_task_assigned seen
    opinions: dict = field(default_factory=dict)  # department -> submit_opinion seen
    converged: float | None = None
    decided: float | None = None
    # notice_type -> the first notice_delivered seen (the app's inbox copy, as a rule);
    # (notice_type, channel) -> that channel's
    delivered: dict = field(default_factory=dict)
    completed: float | None = None


class Tracker:
    """Thread-safe: the offering threads add cases, the spy's thread adds what it saw."""

    def __init__(self, on_converged=None):
        self.lock = threading.Lock()
        self.cases: dict[str, Case] = {}
        self.early: dict[str, list] = {}  # events seen before the 201 was read
        self.on_converged = on_converged
        self.completions: list[tuple[float, float]] = []  # (completed at, latency)

    def accepted(self, case_no: str, kind: str, at: float) -> None:
        with self.lock:
            self.cases[case_no] = Case(kind, at)
            pending = self.early.pop(case_no, [])
        for args in pending:
            self.seen(*args)

    def seen(self, case_no: str, kind: str, data: dict, at: float) -> None:
        """One message the spy took: its type (routing key), its data, when it arrived."""
        converged = False
        with self.lock:
            case = self.cases.get(case_no)
            if case is None:
                self.early.setdefault(case_no, []).append((case_no, kind, data, at))
                if len(self.early) > 100_000:  # not ours (a bulk-loaded case): forget them
                    self.early.clear()
                return
            if kind in ("case_accepted", "case_completed"):
                case.events.setdefault(kind, at)
            elif kind == "task_queued" and data.get("round", 1) == 1:
                case.tasks.setdefault(data.get("department"), at)
            elif kind == "submit_opinion":
                case.opinions.setdefault(data.get("department"), at)
            elif kind == "review_converged" and case.converged is None:
                case.converged, converged = at, True
            elif kind == "review_decided":
                case.decided = case.decided or at
            elif kind == "notice_delivered":
                case.delivered.setdefault(data.get("notice_type"), at)  # the first channel's
                case.delivered.setdefault((data.get("notice_type"), data.get("channel")), at)
            self._complete(case)
        if converged and self.on_converged:
            self.on_converged(case_no, data.get("review_id"))

    def _complete(self, case: Case) -> None:
        notice = "receipt" if case.kind == PROMISED else "completion"
        if case.completed is None and notice in case.delivered:
            case.completed = case.delivered[notice]
            self.completions.append((case.completed, case.completed - case.accepted))

    def open_count(self) -> int:
        with self.lock:
            return sum(1 for case in self.cases.values() if case.completed is None)

    def completed_between(self, start: float, end: float) -> list[float]:
        """Completion latencies (seconds) of the cases completed in [start, end)."""
        with self.lock:
            return [latency for at, latency in self.completions if start <= at < end]

    def own(self, start: float, end: float, by: float) -> tuple[list[float], dict[str, int]]:
        """The cases accepted in [start, end) that completed by ``by``: their latencies (s), and
        how many of each kind."""
        latencies, kinds = [], {PROMISED: 0, JOINT: 0}
        with self.lock:
            for case in self.cases.values():
                if start <= case.accepted < end and case.completed is not None and case.completed <= by:
                    latencies.append(case.completed - case.accepted)
                    kinds[case.kind] += 1
        return latencies, kinds

    def completed_kinds(self, start: float, end: float) -> dict[str, int]:
        with self.lock:
            found = {PROMISED: 0, JOINT: 0}
            for case in self.cases.values():
                if case.completed is not None and start <= case.completed < end:
                    found[case.kind] += 1
            return found

    def hops(self, start: float, end: float) -> dict[str, list[float]]:
        """Each hop's durations (seconds) of the cases accepted in [start, end)."""
        found: dict[str, list[float]] = {hop: [] for hop in HOPS}
        with self.lock:
            cases = [c for c in self.cases.values() if start <= c.accepted < end]
        for case in cases:
            for hop, value in hop_values(case).items():
                found[hop].append(value)
        return found


def hop_values(case: Case) -> dict[str, float]:
    """The hops of one case that have happened (a missing end leaves its hop out)."""
    values = {}
    if case.kind == JOINT:
        if all(d in case.tasks for d in DEPARTMENTS):
            values["accept_to_tasks"] = max(case.tasks.values()) - case.accepted
        if case.converged is not None and all(d in case.opinions for d in DEPARTMENTS):
            values["opinion_to_converged"] = case.converged - max(case.opinions.values())
        if case.converged is not None and case.decided is not None:
            values["converged_to_decided"] = case.decided - case.converged
        start, notice = case.events.get("case_completed"), "completion"
    else:
        start, notice = case.events.get("case_accepted"), "receipt"
    if start is not None and notice in case.delivered:
        values["event_to_notice"] = case.delivered[notice] - start
    if start is not None and (notice, "sms") in case.delivered:  # the SMS, not the app's inbox copy
        values["event_to_sms"] = case.delivered[(notice, "sms")] - start
    return values
