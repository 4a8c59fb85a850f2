"""Checks of a nameko service class composed of concept mixins: no name is defined by two bases
(one would silently replace the other, whatever the order of the bases)."""

from __future__ import annotations

from itertools import combinations

DUNDER_NAMES = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__annotations__"}


def own_names(base: type, others: list[type]) -> set[str]:
    """What ``base`` defines itself or through an ancestor no other base shares."""
    shared = {ancestor for other in others for ancestor in other.__mro__}
    return {
        name
        for ancestor in base.__mro__
        if ancestor not in shared and ancestor is not object
        for name in vars(ancestor)
        if name not in DUNDER_NAMES
    }


def clashes(service: type) -> dict[tuple[str, str], set[str]]:
    """``{(base, other base): names both define}`` over every pair of ``service``'s bases."""
    bases = list(service.__bases__)
    found = {}
    for one, other in combinations(bases, 2):
        rest = [base for base in bases if base not in (one, other)]
        both = own_names(one, rest + [other]) & own_names(other, rest + [one])
        if both:
            found[(one.__name__, other.__name__)] = both
    return found
