"""The service class composes the concepts' entrypoint classes, and their order decides nothing."""

import inspect
from itertools import combinations

from nameko.extensions import Entrypoint

import intake.service
from intake.service import IntakeService

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
    bases = list(service.__bases__)
    found = {}
    for one, other in combinations(bases, 2):
        rest = [base for base in bases if base not in (one, other)]
        both = own_names(one, rest + [other]) & own_names(other, rest + [one])
        if both:
            found[(one.__name__, other.__name__)] = both
    return found


def test_no_name_is_defined_by_two_bases_of_the_intake_service():
    assert clashes(IntakeService) == {}


def test_a_name_defined_by_two_bases_is_found():
    """The check itself: two bases that both define ``holder_for`` clash, whatever their order."""

    class One:
        def holder_for(self):
            return None

    class Other:
        def holder_for(self):
            return "S01"

    class Service(One, Other):
        pass

    assert clashes(Service) == {("One", "Other"): {"holder_for"}}


def test_intake_service_is_the_only_class_with_entrypoints_that_nameko_run_finds_in_its_module():
    """``nameko run intake.service`` runs every such class: a mixin imported by name would be one."""

    def has_entrypoints(value) -> bool:
        return inspect.isclass(value) and any(
            isinstance(extension, Entrypoint)
            for _, member in inspect.getmembers(value)
            for extension in getattr(member, "nameko_entrypoints", ())
        )

    found = [name for name, value in vars(intake.service).items() if has_entrypoints(value)]
    assert found == ["IntakeService"]
