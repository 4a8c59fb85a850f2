"""A reviewer's task rows and answer form (R-JOINT-3, R-KIND-7): the hall's one overdue rule,
and only what the verdict takes goes to joint_review."""

from datetime import UTC, datetime

from console.tasks import rules

FRIDAY_10 = datetime(2026, 12, 4, 2, tzinfo=UTC)  # 10:00 China time


def test_an_open_task_due_today_or_next_working_day_is_amber_and_past_its_day_red():
    assert rules.row_class({"status": "open", "due_date": "2026-12-07"}, FRIDAY_10) == "due-soon"  # Monday
    assert rules.row_class({"status": "open", "due_date": "2026-12-03"}, FRIDAY_10) == "overdue"
    assert rules.row_class({"status": "open", "due_date": "2026-12-08"}, FRIDAY_10) == ""
    assert rules.row_class({"status": "answered", "due_date": "2026-12-03"}, FRIDAY_10) == ""


def test_r_joint_3_only_what_the_verdict_takes_is_sent():
    form = {
        "verdict": "supplement",
        "conditions": "留着的条件",
        "reason": "x",
        "materials": "四至图\n 身份证 \n",
    }
    assert rules.opinion_command(form, "op-12345678") == {
        "opinion_id": "op-12345678",
        "verdict": "supplement",
        "materials": ["四至图", "身份证"],
    }
    approve = rules.opinion_command({"verdict": "approve", "conditions": "限高三层"}, "op-1")
    assert approve["conditions"] == ["限高三层"] and "reason" not in approve
    assert (
        rules.opinion_command({"verdict": "reject", "reason": " 不符合规划 "}, "op-1")["reason"]
        == "不符合规划"
    )


def test_a_problem_with_one_line_lands_on_its_box_and_the_hidden_id_is_general():
    assert rules.answer_errors({"materials.0": "过长", "opinion_id": "重复", "reason": "必填"}) == {
        "materials": "过长",
        "_": "重复",
        "reason": "必填",
    }
