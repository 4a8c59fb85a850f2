"""Monthly staff scores, pure (R-SCORE-1): late cases, the applicant coming back, complaints, floor 0."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from intake.staff.scores import complaint_deduction, extra_rounds, is_late, staff_scores

HALL = ZoneInfo("Asia/Shanghai")
NOV_30 = date(2026, 11, 30)


def late_case(case_no="C1", holder="S02") -> dict:
    return {
        "case_no": case_no,
        "holder_id": holder,
        "deadline": date(2026, 11, 9),
        "completed_at": None,
        "on_time": None,
    }


def test_r_score_1_a_late_case_costs_5_points_to_its_holder_not_to_the_first_responder():
    (line,) = staff_scores({}, [late_case()], [], [])

    assert (line["staff_id"], line["score"], line["deductions"][0]["reason"]) == ("S02", 95, "late_case")
    assert "(" in line["deductions"][0]["description"]


def test_r_score_1_late_means_completed_after_or_open_past_the_deadline():
    assert is_late(late_case(), NOV_30) is True
    assert is_late({**late_case(), "completed_at": datetime(2026, 11, 5), "on_time": True}, NOV_30) is False
    assert is_late({**late_case(), "completed_at": datetime(2026, 11, 10), "on_time": False}, NOV_30) is True
    assert is_late({**late_case(), "deadline": NOV_30}, date(2026, 11, 29)) is False


def test_r_score_1_only_rounds_beyond_a_cases_first_cost_10_points_to_the_first_responder():
    rounds = [
        {"case_no": "C1", "on_date": date(2026, 10, 28), "staff_id": "S01"},
        {"case_no": "C2", "on_date": date(2026, 11, 3), "staff_id": "S03"},
        {"case_no": "C1", "on_date": date(2026, 11, 5), "staff_id": "S01"},
        {"case_no": "C1", "on_date": date(2026, 12, 1), "staff_id": "S01"},
    ]

    found = extra_rounds(rounds, date(2026, 11, 1), NOV_30)
    lines = staff_scores({"S03": "王五"}, [], found, [])

    assert [(entry["case_no"], entry["round"]) for entry in found] == [("C1", 2)]
    assert {line["staff_id"]: line["score"] for line in lines} == {"S01": 90, "S03": 100}


def test_r_score_1_a_score_never_falls_below_zero_and_every_deduction_is_listed():
    complaint = {
        "staff_id": "S02",
        "reason": "complaint:bribes_or_favours",
        "points": 100,
        "source_ref": "CMP-1",
    }

    (line,) = staff_scores({"S02": "赵六"}, [late_case()], [], [complaint])

    assert (line["score"], line["deducted"], len(line["deductions"])) == (0, 105, 2)
    assert line["deductions"][1]["category"] == "bribes_or_favours"


def test_r_score_1_a_complaint_counts_in_the_month_it_was_substantiated_in_hall_time():
    data = {
        "complaint_ref": "CMP-1",
        "staff_id": "S01",
        "category": "late",
        "deduction_points": 5,
        "substantiated_at": "2026-11-30T17:30:00Z",
    }  # 01:30 on 1 December in the hall

    row = complaint_deduction(data, HALL, datetime(2026, 12, 1))

    assert (row["month"], row["reason"], row["points"], row["source_ref"]) == (
        "2026-12",
        "complaint:late",
        5,
        "CMP-1",
    )
