"""The complaint rules, without a framework (R-COMP-1, 5, 6)."""

from __future__ import annotations

import pytest

from complaints.complaint import rules


@pytest.mark.parametrize(
    ("channel", "hotline_form", "written"),
    [
        ("letter", False, True),
        ("online", False, True),
        ("complaint_box", False, True),
        ("hotline_12345", True, True),
        ("hotline_12345", False, False),
        ("phone", True, False),
        ("in_person", False, False),
    ],
)
def test_r_comp_1_what_counts_as_written(channel, hotline_form, written):
    assert rules.is_written(channel, hotline_form) is written


def test_r_comp_1_a_major_oral_complaint_lists_every_problem_at_once():
    problems = rules.filing_problems({"major": True, "category": "outside_scope"}, written=False)
    assert set(problems) == {"written_form", "outside_scope_reason", "department"}


def test_r_comp_5_one_department_takes_one_day_and_several_the_configured_limit():
    assert rules.limit_days(["market_regulation"], 3) == 1
    assert rules.limit_days(["market_regulation", "market_regulation"], 3) == 1
    assert rules.limit_days(["market_regulation", "taxation"], 3) == 3


@pytest.mark.parametrize("setting", [None, "", "2"])
def test_r_comp_5_the_multi_department_limit_defaults_to_two(setting):
    assert rules.multi_department_limit(setting) == 2


@pytest.mark.parametrize("setting", ["0", "6", "1.5", "a week"])
def test_r_comp_5_a_multi_department_limit_outside_one_to_five_is_refused(setting):
    with pytest.raises(ValueError, match="from 1 to 5"):
        rules.multi_department_limit(setting)


def test_r_comp_6_written_gets_written_and_oral_gets_oral():
    assert (rules.answer_channel(True), rules.answer_channel(False)) == ("written", "oral")
