"""The console composes each concept's page class; no name is defined by two of them (a helper
of one page class silently replaced by another's of the same name would call the wrong one)."""

from composition import clashes

from console.service import ConsoleService


def test_no_name_is_defined_by_two_page_classes_of_the_console():
    assert clashes(ConsoleService) == {}


def test_the_check_finds_a_clash():
    class One:
        def _notices(self): ...

    class Other:
        def _notices(self): ...

    class Composed(One, Other): ...

    assert clashes(Composed) == {("One", "Other"): {"_notices"}}
