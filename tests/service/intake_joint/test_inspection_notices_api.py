"""R-CLOCK-2 for a joint site inspection: the applicant is told in writing that its time is off the
clock, with the expected duration the lead window gave, and told when it ends with the new deadline.

Which event drives the applicant's notices: intake's ``case_suspended`` and ``case_resumed`` (intake
owns the case's clock and its deadline), never joint_review's ``inspection_started``/``ended``,
which notify does not consume; so the applicant is told once. Real intake database; the notices
are rendered with notify's templates from the events intake published."""

from datetime import date

from intake_clock_calls import case_row, events
from joint_calls import (
    accept_joint_case,
    deliver,
    inspection_ended,
    inspection_started,
    round_started,
    supplement_consolidated,
)

from hall_contracts.registry import validate_event
from notify.notices.handlers import rendered_plans
from notify.notices.rules import CONSUMED


def clock_events(intake) -> list[dict]:
    return [
        e for e in events(intake) if e["type"] in ("hall.intake.case_suspended", "hall.intake.case_resumed")
    ]


def texts(envelope) -> list[str]:
    return [rendered.text for _, rendered in rendered_plans(envelope)]


def test_r_clock_2_an_inspection_tells_the_applicant_its_expected_duration_then_the_new_deadline(
    intake, web_session
):
    case_no = accept_joint_case(intake, web_session)  # due Thu 2026-11-26
    deliver(intake, inspection_started(case_no, "2026-11-24", expected_working_days=2))
    [suspended] = clock_events(intake)
    assert {k: suspended["data"].get(k) for k in ("expected_working_days", "expected_resumption")} == {
        "expected_working_days": 2,
        "expected_resumption": "2026-11-26",  # two working days after Tue 24
    }
    [notice] = texts(suspended)
    assert "因现场勘查" in notice and "预计中止2个工作日，预计于2026年11月26日恢复计算" in notice
    deliver(intake, inspection_ended(case_no, "2026-11-24", "2026-11-26"))
    resumed = clock_events(intake)[1]
    assert resumed["data"]["notices_due"] == ["resumption"]
    assert case_row(intake, case_no)["deadline"] == date(2026, 11, 30)  # Wed 25, Thu 26 off
    [notice] = texts(resumed)
    assert "已于2026年11月26日恢复计算" in notice and "办理期限顺延至2026年11月30日" in notice
    for envelope in (suspended, resumed):
        validate_event(envelope)


def test_r_clock_2_an_inspection_event_without_a_duration_still_tells_the_applicant_in_writing(
    intake, web_session
):
    case_no = accept_joint_case(intake, web_session)
    deliver(intake, inspection_started(case_no, "2026-11-24"))  # a v1 event from before the field
    [suspended] = clock_events(intake)
    assert "expected_working_days" not in suspended["data"]
    [notice] = texts(suspended)
    assert "不计入办理时限" in notice and "预计中止" not in notice
    validate_event(suspended)


def test_r_clock_2_an_inspection_inside_a_supplement_round_is_told_when_the_clock_finally_runs(
    intake, web_session
):
    case_no = accept_joint_case(intake, web_session)
    deliver(intake, supplement_consolidated(case_no, "2026-11-24"))
    deliver(intake, inspection_started(case_no, "2026-11-25", expected_working_days=2))
    deliver(intake, inspection_ended(case_no, "2026-11-25", "2026-11-27"))  # the round still waits
    deliver(intake, round_started(case_no, "2026-11-30"))
    told = [(e["type"].rsplit(".", 1)[1], e["data"]["notices_due"]) for e in clock_events(intake)]
    assert told == [
        ("case_suspended", []),  # the consolidated supplement notice is joint_review's
        ("case_suspended", ["suspension"]),
        ("case_resumed", ["resumption"]),  # once, when the clock runs again
    ]


def test_r_clock_2_the_applicant_is_told_by_intakes_events_only_never_twice():
    consumed = {f"{source}.{event}" for source, event in CONSUMED}
    assert {"intake.case_suspended", "intake.case_resumed"} <= consumed
    assert not consumed & {"joint_review.inspection_started", "joint_review.inspection_ended"}
