"""The pure rules of a department's A/B reviewers (R-JOINT-7, R-AB-1)."""

from datetime import date

import pytest

from joint_review.reviewers import rules
from refusals import Refusal
from web_api import status_of

ROSTER = {
    "department": "natural_resources",
    "primary_id": "R21",
    "primary_name": "陈审",
    "backup_id": "R22",
    "backup_name": "李审",
}
MONDAY, TUESDAY, FRIDAY, SATURDAY = (
    date(2026, 11, 23),
    date(2026, 11, 24),
    date(2026, 11, 27),
    date(2026, 11, 28),
)


def away(reviewer_id, starts_on, ends_on):
    return {"reviewer_id": reviewer_id, "starts_on": starts_on, "ends_on": ends_on}


@pytest.mark.parametrize(
    ("leaves", "day", "expected"),
    [
        ([], MONDAY, ("R21", "primary")),
        ([away("R21", TUESDAY, FRIDAY)], MONDAY, ("R21", "primary")),
        ([away("R21", TUESDAY, FRIDAY)], TUESDAY, ("R22", "backup")),
        ([away("R21", TUESDAY, FRIDAY)], FRIDAY, ("R22", "backup")),
        ([away("R21", TUESDAY, FRIDAY)], SATURDAY, ("R21", "primary")),
        ([away("R22", MONDAY, FRIDAY)], TUESDAY, ("R21", "primary")),
    ],
)
def test_r_joint_7_the_primary_holds_new_tasks_and_the_backup_only_while_the_primary_is_away(
    leaves, day, expected
):
    held = rules.in_place(ROSTER, leaves, day)
    assert (held.reviewer_id, held.role) == expected


def test_r_ab_1_leave_clashes_with_every_day_the_other_reviewer_is_away_weekends_included():
    found = rules.clashes("R21", FRIDAY, date(2026, 11, 30), [ROSTER], [away("R22", SATURDAY, SATURDAY)])
    assert found == [
        {
            "department": "natural_resources",
            "reviewer_id": "R22",
            "name": "李审",
            "first": "2026-11-28",
            "last": "2026-11-28",
        }
    ]


def test_r_ab_1_the_backup_leave_is_checked_against_the_primary_and_disjoint_leave_is_free():
    assert rules.clashes("R22", TUESDAY, FRIDAY, [ROSTER], [away("R21", MONDAY, MONDAY)]) == []
    assert (
        rules.clashes("R22", MONDAY, TUESDAY, [ROSTER], [away("R21", MONDAY, MONDAY)])[0]["reviewer_id"]
        == "R21"
    )


def test_r_ab_1_refusing_leave_names_every_clash_with_the_stable_code():
    clash = rules.clashes("R21", MONDAY, FRIDAY, [ROSTER], [away("R22", TUESDAY, TUESDAY)])
    with pytest.raises(Refusal) as refused:
        rules.refuse_leave(clash)
    assert (refused.value.code, status_of(refused.value)) == ("backup_unavailable", 409)
    assert refused.value.details == {"clashes": clash}
    rules.refuse_leave([])  # nothing to refuse


def test_r_ab_1_a_department_needs_two_different_reviewers_and_leave_a_forward_period():
    assert set(rules.roster_problems("R21", " R21 ")) == {"backup"}
    assert rules.roster_problems("R21", "R22") == {}
    assert set(rules.leave_problems(FRIDAY, TUESDAY)) == {"ends_on"}
    assert rules.leave_problems(TUESDAY, TUESDAY) == {}


def test_r_joint_7_who_answered_is_the_primary_the_backup_or_someone_off_the_roster():
    assert rules.role_of(ROSTER, "R21") == "primary"
    assert rules.role_of(ROSTER, "R22") == "backup"
    assert rules.role_of(ROSTER, "R99") is None
    assert rules.role_of(None, "R21") is None
