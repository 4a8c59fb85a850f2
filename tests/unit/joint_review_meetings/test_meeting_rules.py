"""The pure rules of meetings and inspections (R-JOINT-5)."""

from datetime import date

from joint_review.meetings.rules import (
    end_problems,
    inspection_problems,
    minutes_opinion_id,
    minutes_problems,
)


def test_r_joint_5_a_meeting_minutes_opinion_id_is_the_same_for_the_same_meeting_and_department():
    assert minutes_opinion_id("MTG-1", "health") == minutes_opinion_id("MTG-1", "health")
    assert minutes_opinion_id("MTG-1", "health") != minutes_opinion_id("MTG-2", "health")


def test_r_joint_5_minutes_problems_are_all_listed_at_once():
    entries = [
        {"department": "health", "verdict": "supplement", "materials": []},
        {"department": "taxation", "verdict": "approve"},
        {"department": "taxation", "verdict": "approve"},
    ]
    problems = minutes_problems(entries, ["health", "natural_resources"])
    assert set(problems) == {"departments", "opinions"}
    assert len(problems["departments"]) == 2 and set(problems["opinions"]) == {"health"}


def test_an_inspection_is_recorded_between_the_reviews_opening_and_today():
    today, opened = date(2026, 11, 25), date(2026, 11, 23)
    assert inspection_problems(date(2026, 11, 24), today, opened) == {}
    assert "starts_on" in inspection_problems(date(2026, 11, 26), today, opened)
    assert "starts_on" in inspection_problems(date(2026, 11, 20), today, opened)
    assert "ends_on" in end_problems(date(2026, 11, 23), date(2026, 11, 24), today)
