"""The roster's answers kept per process (``intake.staff.holders``): asked once per roster version,
asked again as soon as the version moves, whichever process moved it."""

from datetime import date

from unit.intake_fakes import FakeRoster

from intake.staff.holders import MAX_KEPT, RosterAnswers

MONDAY = date(2026, 11, 23)


class Shared:
    """What every process reads: one database's roster and its version row."""

    def __init__(self) -> None:
        self.version: int | None = 0
        self.roster = FakeRoster()
        self.roster.staff = {s: {"staff_id": s, "name": s, "phone": "1"} for s in ("S01", "S02")}
        self.roster.posts = {
            "W03-A": {"post_id": "W03-A", "window": "W03", "primary_id": "S01", "backup_id": "S02"}
        }


class CountingRoster:
    """One transaction's roster repository on ``Shared``: counts what it asks of the database."""

    def __init__(self, shared: Shared) -> None:
        self.shared, self.asked = shared, 0

    def version(self) -> int | None:
        return self.shared.version

    def posts_at(self, window):
        self.asked += 1
        return self.shared.roster.posts_at(window)

    def active_leaves(self, staff_ids, first, last):
        self.asked += 1
        return self.shared.roster.active_leaves(staff_ids, first, last)

    def find_staff(self, staff_id):
        self.asked += 1
        return self.shared.roster.find_staff(staff_id)

    def add_leave(self, staff_id: str, day: date) -> None:  # as RosterRepository.add_leave: version + 1
        self.shared.roster.leaves.append({"staff_id": staff_id, "starts_on": day, "ends_on": day})
        self.shared.version = (self.shared.version or 0) + 1


def holder(answers: RosterAnswers, shared: Shared) -> tuple[str | None, int]:
    roster = CountingRoster(shared)
    return answers.now(roster).holder("W03", MONDAY), roster.asked


def test_r_ab_1_the_holder_is_asked_once_per_version_and_window_and_day():
    shared, answers = Shared(), RosterAnswers()
    assert holder(answers, shared) == ("S01", 2)  # posts and leaves
    assert holder(answers, shared) == ("S01", 0)  # kept: only the version was read
    assert (
        answers.now(CountingRoster(shared)).holder("W03", date(2026, 11, 24)) == "S01"
    )  # another day: asked


def test_r_ab_1_a_leave_written_on_this_process_reaches_its_next_case_at_once():
    shared, answers = Shared(), RosterAnswers()
    assert holder(answers, shared)[0] == "S01"
    CountingRoster(shared).add_leave("S01", MONDAY)
    assert holder(answers, shared) == ("S02", 2)


def test_r_ab_1_a_replica_that_did_not_see_the_write_answers_right_on_its_next_case():
    shared, replica, writer = Shared(), RosterAnswers(), RosterAnswers()
    assert holder(replica, shared)[0] == "S01" and holder(writer, shared)[0] == "S01"
    CountingRoster(shared).add_leave("S01", MONDAY)  # through the writer's process, not the replica's
    assert holder(replica, shared) == ("S02", 2)  # no time to live to wait out: the version moved


def test_without_a_version_row_nothing_is_kept():
    shared, answers = Shared(), RosterAnswers()
    shared.version = None
    assert holder(answers, shared) == ("S01", 2)
    assert holder(answers, shared) == ("S01", 2)


def test_r_first_1_the_staff_row_is_kept_per_version_and_handed_out_as_a_copy():
    shared, answers = Shared(), RosterAnswers()
    roster = CountingRoster(shared)
    answers.now(roster).find_staff("S01")["name"] = "changed by a caller"
    again = CountingRoster(shared)
    assert answers.now(again).find_staff("S01")["name"] == "S01" and again.asked == 0


def test_the_kept_answers_stay_bounded():
    shared, answers = Shared(), RosterAnswers()
    now = answers.now(CountingRoster(shared))
    for window in range(MAX_KEPT + 10):
        now.holder(f"V{window}", MONDAY)
    assert len(answers.holders) <= MAX_KEPT
