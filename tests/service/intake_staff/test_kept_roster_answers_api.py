"""The roster's answers a process keeps for new cases (``intake.staff.holders``) on a real database:
a roster write, on this process or another, is seen by the very next case."""

from datetime import date

from intake_roster_calls import S01, ZHAO_LIU, accept, case_of, put_post, take_leave

from intake.orm import leaves, roster_version
from intake.staff.repository import RosterRepository


def version(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(roster_version.select()).one().version


def test_r_ab_1_a_leave_and_its_cancellation_on_this_process_reach_the_next_case_at_once(intake, web_session):
    put_post(web_session)
    assert case_of(web_session, accept(web_session))["holder_id"] == "S01"
    assert case_of(web_session, accept(web_session))["holder_id"] == "S01"  # a kept answer
    today = take_leave(web_session, "S01", "2026-11-23", "2026-11-23", S01)
    assert today.status_code == 201, today.text
    assert case_of(web_session, accept(web_session))["holder_id"] == "S02"
    back = web_session.delete(f"/staff/S01/leave/{today.json()['id']}", headers=S01)
    assert back.status_code == 200, back.text
    assert case_of(web_session, accept(web_session))["holder_id"] == "S01"


def test_r_ab_1_a_leave_written_by_another_process_reaches_the_next_case_of_this_one(intake, web_session):
    put_post(web_session)
    assert case_of(web_session, accept(web_session))["holder_id"] == "S01"  # kept by this process
    with intake.begin() as connection:  # a replica records the leave: this process never saw it
        RosterRepository(connection).add_leave(
            {"staff_id": "S01", "starts_on": date(2026, 11, 23), "ends_on": date(2026, 11, 23),
             "kind": "leave", "reason": "病假"},
            intake.clock.return_value,
        )  # fmt: skip
    assert case_of(web_session, accept(web_session))["holder_id"] == "S02"


def test_every_roster_write_moves_the_version_on_in_its_own_transaction(intake, web_session):
    first = version(intake)
    put_post(web_session)
    after_post = version(intake)
    take_leave(web_session, "S01", "2026-11-30", "2026-11-30", S01)
    after_leave = version(intake)
    assert first < after_post < after_leave
    refused = put_post(web_session, primary=ZHAO_LIU)  # the same person twice: refused, nothing written
    assert refused.status_code == 422 and version(intake) == after_leave
    with intake.connect() as connection:
        assert connection.execute(leaves.select()).all()
