"""The departments' rosters and today's leave, remembered for a few seconds per database.

Every task a review fans out asks who is in place in its department today (A, or B while A is
away: R-JOINT-7) and the reviewer's name: before this cache, three queries per task, a third of
a joint case's statements (issue 17). The answer changes only when a roster is saved or a leave
recorded, which is rare, so it is kept per database (engine), department and day:

- on this process, a roster saved or a leave recorded forgets every entry of that database at
  once and again after its transaction ended (committed or not), and a transaction that changed
  them reads around the cache; an answer read while a change was under way is not kept (the
  generation moved on);
- on another replica (PostgreSQL), an entry lives at most ``TTL_SECONDS``. Within that window a
  new task may still go to the reviewer in place before the change: for a new roster that is a
  task assigned a moment earlier (a roster change never moves tasks already assigned); for a
  leave that starts today the deadline sweep hands it over (``hand_over_absent``, every
  ``SWEEP_SECONDS``), as it does on the day a leave recorded in advance begins. On SQLite there
  is one process per database, so no other writer exists.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any

TTL_SECONDS = 5.0


class _Entries:
    def __init__(self) -> None:
        self.generation = 0
        self.values: dict[Hashable, tuple[float, Any]] = {}


class RosterCache:
    def __init__(self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._by_engine: weakref.WeakKeyDictionary[Any, _Entries] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _entries(self, engine: Any) -> _Entries:
        with self._lock:
            found = self._by_engine.get(engine)
            if found is None:
                found = self._by_engine[engine] = _Entries()
            return found

    def get(self, engine: Any, key: Hashable, load: Callable[[], Any]) -> Any:
        """The remembered answer, or ``load()``'s, kept unless a change began meanwhile."""
        entries = self._entries(engine)
        hit = entries.values.get(key)
        now = self.clock()
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        generation = entries.generation
        value = load()
        if entries.generation == generation:
            entries.values[key] = (now, value)
        return value

    def forget(self, engine: Any) -> None:
        entries = self._entries(engine)
        entries.generation += 1
        entries.values.clear()


ROSTERS = RosterCache()
