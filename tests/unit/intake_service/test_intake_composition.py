"""The service class composes the concepts' entrypoint classes, and their order decides nothing."""

import inspect

from composition import clashes
from nameko.extensions import Entrypoint

import intake.service
from intake.service import IntakeService


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
