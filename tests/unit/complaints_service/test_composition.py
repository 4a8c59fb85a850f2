"""The service class composes the concepts' entrypoint classes; nothing decides by base order."""

from __future__ import annotations

from collections import defaultdict

import pytest

from complaints.service import ComplaintsService


def defined_by(service: type) -> dict[str, list[str]]:
    """Every name the bases of ``service`` define themselves (dunders aside), and which bases do."""
    found: dict[str, list[str]] = defaultdict(list)
    for base in service.__mro__[1:]:
        if base is object:
            continue
        for name in vars(base):
            if not (name.startswith("__") and name.endswith("__")):
                found[name].append(base.__qualname__)
    return found


def test_no_name_is_defined_by_two_bases_of_the_service():
    twice = {name: bases for name, bases in defined_by(ComplaintsService).items() if len(bases) > 1}
    assert twice == {}


def test_the_check_fails_when_two_bases_define_one_name():
    class One:
        def handle(self) -> None: ...

    class Other:
        def handle(self) -> None: ...

    class Service(One, Other):
        name = "service"

    assert defined_by(Service)["handle"] == [
        "test_the_check_fails_when_two_bases_define_one_name.<locals>.One",
        "test_the_check_fails_when_two_bases_define_one_name.<locals>.Other",
    ]


@pytest.mark.parametrize("name", ["handle_case_registered", "sweep_complaint_limits", "register_desk_item"])
def test_each_entrypoint_is_a_named_method_of_one_concept(name):
    assert len(defined_by(ComplaintsService)[name]) == 1
