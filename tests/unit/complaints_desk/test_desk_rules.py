"""The desk's rules without a database (R-UNRES-1): tiers fit the units, every problem is named."""

from datetime import date

from complaints.desk.rules import TIER_DAYS, default_tier, new_item_no, tier_problems, unit_problems


def test_r_unres_1_the_tiers_are_at_once_one_and_three_working_days():
    assert TIER_DAYS == {"immediate": 0, "ordinary": 1, "multi_department": 3}


def test_r_unres_1_several_departments_take_the_three_day_tier_and_only_they():
    assert tier_problems("multi_department", ["market_regulation", "taxation"]) == {}
    assert "tier" in tier_problems("ordinary", ["market_regulation", "taxation"])
    assert "tier" in tier_problems("immediate", ["market_regulation", "taxation"])
    assert "tier" in tier_problems("multi_department", ["market_regulation"])
    assert default_tier(["market_regulation", "taxation"]) == "multi_department"
    assert default_tier(["market_regulation"]) == "ordinary"


def test_r_unres_1_an_unknown_tier_is_named_with_the_ones_that_exist():
    [message] = tier_problems("weekly", ["market_regulation"])["tier"]
    assert "weekly" in message and "multi_department" in message


def test_r_unres_1_unit_problems_list_each_unknown_and_a_repeated_unit():
    [unknown, repeated] = unit_problems(["nowhere", "taxation", "taxation"])["units"]
    assert "nowhere" in unknown and "twice" in repeated
    assert unit_problems([])["units"] and unit_problems(["civil_affairs"]) == {}


def test_an_item_number_carries_the_day_and_eight_characters_easy_to_read_aloud():
    number = new_item_no(date(2026, 11, 23))
    assert number.startswith("DESK-20261123-") and len(number) == 22
    assert not set(number[-8:]) & set("01IO")
