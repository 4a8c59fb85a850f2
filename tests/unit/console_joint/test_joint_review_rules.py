"""The lead window's page rules: which actions a review allows now, meetings and inspections read
from the review's timeline, and the forms as joint_review's commands (R-JOINT-4/5, R-CLOCK-2)."""

from console.joint import rules


def review(status="in_review", timeline=(), tasks=("open", "answered")):
    departments = [{"department": f"d{i}", "round": 1, "status": s} for i, s in enumerate(tasks)]
    return {"status": status, "round": 1, "departments": departments, "timeline": list(timeline)}


def line(action, **details):
    return {"action": action, "details": details}


def test_only_a_window_of_the_lead_acts_and_only_as_the_reviews_state_allows():
    assert rules.allowed_actions(review(), "supervision") == set()
    assert rules.allowed_actions(review(), "lead_window") == {"meeting", "inspection"}
    assert rules.allowed_actions(review("awaiting_supplement"), "lead_window") == {"supplements"}
    assert rules.allowed_actions(review("converged"), "window_staff") == {"decision"}
    assert rules.allowed_actions(review("decided"), "lead_window") == set()


def test_a_meeting_without_minutes_can_be_minuted_and_a_running_inspection_ended():
    timeline = [
        line("meeting_scheduled", meeting_id="MTG-1", held_at="2030-01-08T09:30:00+08:00"),
        line("meeting_scheduled", meeting_id="MTG-2", held_at="2030-01-09T09:30:00+08:00"),
        line("meeting_minuted", meeting_id="MTG-1"),
        line("inspection_started", inspection_id="INS-1", starts_on="2030-01-07"),
    ]
    assert [m["meeting_id"] for m in rules.open_meetings(timeline)] == ["MTG-2"]
    assert rules.running_inspection(timeline) == {"inspection_id": "INS-1", "starts_on": "2030-01-07"}
    assert rules.allowed_actions(review(timeline=timeline), "lead_window") == {
        "meeting",
        "minutes",
        "end_inspection",
    }
    ended = [*timeline, line("inspection_ended", inspection_id="INS-1")]
    assert rules.running_inspection(ended) is None


def test_no_minutes_once_every_department_of_the_round_answered():
    timeline = [line("meeting_scheduled", meeting_id="MTG-1")]
    actions = rules.allowed_actions(review(timeline=timeline, tasks=("answered",)), "lead_window")
    assert "minutes" not in actions


def test_r_clock_2_the_expected_working_days_go_as_a_number_or_as_typed_for_the_service_to_refuse():
    form = {"site": " 东村 ", "expected_working_days": "3", "starts_on": ""}
    assert rules.inspection_command(form, ["taxation"]) == {
        "site": "东村",
        "departments": ["taxation"],
        "expected_working_days": 3,
    }
    assert rules.inspection_command({"expected_working_days": "三"}, [])["expected_working_days"] == "三"
    assert "expected_working_days" not in rules.inspection_command({}, [])


def test_the_minutes_carry_only_the_departments_given_a_verdict_and_their_errors_land_by_department():
    form = {
        "opinions.a.verdict": "approve",
        "opinions.a.representative": " 陈刚 ",
        "opinions.a.conditions": "不得占用耕地\n\n限高三层",
        "opinions.b.verdict": "",
        "summary": "",
    }
    command = rules.minutes_command(form, ["a", "b"])
    assert command == {
        "opinions": [
            {
                "department": "a",
                "verdict": "approve",
                "representative": "陈刚",
                "conditions": ["不得占用耕地", "限高三层"],
                "materials": [],
            }
        ],
        "summary": None,
    }
    errors = {"opinions.0.representative": "此项必填", "opinions.a.conditions.1": "过长"}
    assert rules.minutes_errors(errors, command) == {
        "opinions.a.representative": "此项必填",
        "opinions.a.conditions": "过长",
    }
    assert "_" in rules.minutes_errors({}, {"opinions": []})
