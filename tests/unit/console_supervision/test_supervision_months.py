"""Which months supervision's overdue tasks and scores cover, and which staff ids it asks about."""

from datetime import date

from console.supervision.rules import overdue_tasks, report_months, staff_id


def test_without_a_month_the_overdue_tasks_cover_the_three_recent_months_across_new_year():
    assert report_months(None, date(2027, 2, 10)) == ["2027-02", "2027-01", "2026-12"]
    assert report_months("2027-13", date(2027, 2, 10)) == ["2027-02", "2027-01", "2026-12"]
    assert report_months("", date(2026, 12, 5), recent=1) == ["2026-12"]


def test_a_month_asked_for_is_the_only_one():
    assert report_months("2026-10", date(2026, 12, 5)) == ["2026-10"]


def test_a_staff_id_is_trimmed_and_anything_that_cannot_be_one_is_ignored():
    assert staff_id(" S01 ") == "S01"
    assert staff_id("../cases") is None and staff_id("") is None and staff_id(None) is None


def test_overdue_tasks_carry_their_department_latest_due_first():
    reports = [
        {"departments": [{"department": "health", "tasks": [{"task_id": "T1", "due_date": "2026-11-02"}]}]},
        {"departments": [{"department": "taxation", "tasks": [{"task_id": "T2", "due_date": "2026-12-01"}]}]},
    ]
    assert [(t["task_id"], t["department"]) for t in overdue_tasks(reports)] == [
        ("T2", "taxation"),
        ("T1", "health"),
    ]
