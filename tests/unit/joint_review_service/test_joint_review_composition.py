"""The service class composes its concepts' entrypoint classes explicitly: no name is defined by two
of the classes it is made of, so its behaviour never depends on the order of its bases."""

from collections import defaultdict

from nameko.cli.run import import_service

from joint_review.service import JointReviewService


def owners_of_each_name(service: type) -> dict[str, list[str]]:
    """Every attribute or method name, with each class of the service's MRO that defines it."""
    owners: dict[str, list[str]] = defaultdict(list)
    for part in service.__mro__[1:]:
        if part is object:
            continue
        for name in vars(part):
            if not (name.startswith("__") and name.endswith("__")):
                owners[name].append(part.__qualname__)
    return owners


def test_no_name_is_defined_by_two_of_the_services_bases():
    twice = {name: parts for name, parts in owners_of_each_name(JointReviewService).items() if len(parts) > 1}
    assert twice == {}


def test_a_name_defined_by_two_bases_would_be_found():
    class One:
        def sweep(self): ...

    class Other:
        def sweep(self): ...

    class Both(One, Other): ...

    assert len(owners_of_each_name(Both)["sweep"]) == 2


def test_every_concept_contributes_its_entrypoint_class():
    parts = {part.__module__ for part in JointReviewService.__bases__}
    assert {
        "joint_review.reviews.api",
        "joint_review.deadlines.api",
        "joint_review.meetings.api",
        "joint_review.reviewers.api",
        "joint_review.messaging.api",
    } <= parts


def test_nameko_run_finds_exactly_one_service_in_the_service_module():
    assert import_service("joint_review.service") == [JointReviewService]
