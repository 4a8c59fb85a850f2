"""The notify service is its concepts' entrypoint classes side by side: no name may be defined by
two of them, so what a worker runs never depends on the order of the bases."""

from __future__ import annotations

from notify.notices.rules import CONSUMED
from notify.service import NotifyService


def defined_names(base: type) -> dict[str, type]:
    """Every name ``base`` brings, with the class that defines it (dunders aside)."""
    found: dict[str, type] = {}
    for owner in reversed(base.__mro__[:-1]):  # object aside
        found.update({name: owner for name in vars(owner) if not name.startswith("__")})
    return found


def names_defined_twice(service: type) -> dict[str, set[str]]:
    owners: dict[str, set[type]] = {}
    for base in service.__bases__:
        for name, owner in defined_names(base).items():
            owners.setdefault(name, set()).add(owner)
    return {name: {o.__qualname__ for o in found} for name, found in owners.items() if len(found) > 1}


def test_no_name_is_defined_by_two_bases_of_the_notify_service():
    assert names_defined_twice(NotifyService) == {}


def test_a_name_defined_by_two_bases_is_found():
    class Stray:  # a second definition of the delivery loop's timer
        def deliver(self):
            raise AssertionError("never run")

    composed = type("Composed", (*NotifyService.__bases__, Stray), {})
    assert names_defined_twice(composed) == {
        "deliver": {"DeliveryApi", "test_a_name_defined_by_two_bases_is_found.<locals>.Stray"}
    }


def test_every_consumed_event_has_its_own_named_consumer():
    names = {name for name in vars(NotifyService.__bases__[0]) if name.startswith("handle_")}
    assert names == {f"handle_{event_type}" for _, event_type in CONSUMED}
