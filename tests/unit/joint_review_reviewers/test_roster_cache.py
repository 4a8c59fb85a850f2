"""The roster cache (issue 17): an answer is remembered per database and key for its TTL, a change
forgets every answer of that database, and an answer read while a change was under way is not kept."""

from joint_review.reviewers.roster_cache import RosterCache


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Engine:
    """Stands for a SQLAlchemy engine: the cache only needs it hashable and weakly referenced."""


def counting(value):
    calls = []

    def load():
        calls.append(1)
        return value

    return load, calls


def test_an_answer_is_loaded_once_per_key_until_its_ttl_passes():
    clock, engine = Clock(), Engine()
    cache = RosterCache(ttl=5, clock=clock)
    load, calls = counting("A")
    assert [cache.get(engine, "k", load) for _ in range(3)] == ["A"] * 3
    assert len(calls) == 1
    clock.now += 5
    assert cache.get(engine, "k", load) == "A" and len(calls) == 2


def test_forgetting_a_database_drops_its_answers_only():
    clock, one, other = Clock(), Engine(), Engine()
    cache = RosterCache(ttl=5, clock=clock)
    load, calls = counting("A")
    cache.get(one, "k", load)
    cache.get(other, "k", load)
    cache.forget(one)
    cache.get(one, "k", load)
    cache.get(other, "k", load)
    assert len(calls) == 3  # one again, the other still remembered


def test_an_answer_read_while_a_change_began_is_not_kept():
    cache, engine = RosterCache(ttl=5, clock=Clock()), Engine()
    calls = []

    def load_during_a_change():
        calls.append(1)
        cache.forget(engine)  # a roster saved while this read was on its way
        return "old"

    assert cache.get(engine, "k", load_during_a_change) == "old"
    assert cache.get(engine, "k", load_during_a_change) == "old" and len(calls) == 2
