"""The leave sweep (R-AB-1) and the windows' opening days (R-AB-2) over HTTP, on a real database."""

import json

from intake_roster_calls import (
    HEAD,
    OPERATOR,
    S01,
    SUPERVISION,
    accept,
    case_of,
    count,
    hall_time,
    put_post,
    take_leave,
    transfer,
)

from intake.catalogue.repository import Catalogue
from intake.orm import case_history, leave_handovers, metadata, window_openings
from intake.staff.handover import hand_over_leave
from intake.unit_of_work import Context
from reliable_events import Store, add_core_tables
from workday_calendar import WorkingCalendar

EVERY_DAY = {"days": [1, 2, 3, 4, 5, 6, 7], "on_holidays": True, "opens": "08:30", "closes": "17:30"}


def sweep(web):
    answer = web.post("/roster/sweep", data="{}", headers=OPERATOR)
    assert answer.status_code == 200, answer.text
    return answer.json()


def set_opening(web, window="W03", headers=OPERATOR, **body):
    return web.put(f"/roster/windows/{window}/opening", data=json.dumps(body or EVERY_DAY), headers=headers)


def test_r_ab_1_when_a_leave_recorded_in_advance_starts_the_sweep_moves_the_clerks_open_cases_to_the_backup(
    intake, web_session
):
    put_post(web_session)
    held = accept(web_session)  # Monday: S01 holds it
    assert take_leave(web_session, "S01", "2026-11-24", "2026-11-25", S01).json()["reassigned"] == []
    assert sweep(web_session) == {"leaves": 0, "moved": [], "skipped": 0}  # it starts tomorrow
    assert case_of(web_session, held)["holder_id"] == "S01"
    intake.clock.return_value = hall_time(24, 8)  # Tuesday morning: the leave starts
    assert sweep(web_session) == {"leaves": 1, "moved": [held], "skipped": 0}
    assert case_of(web_session, held)["holder_id"] == "S02"
    lines = web_session.get(f"/cases/{held}/history", headers=SUPERVISION).json()["lines"]
    assert (lines[-1]["action"], lines[-1]["actor_id"]) == ("reassigned", "timer")
    assert (lines[-1]["details"]["from"], lines[-1]["details"]["to"]) == ("S01", "S02")
    # redelivered or run by another replica: nothing moves twice
    assert sweep(web_session) == {"leaves": 0, "moved": [], "skipped": 0}
    assert count(intake, leave_handovers) == 1
    # a case transferred to the absent clerk afterwards with an agreed time stays with them (R-FIRST-2)
    moved = transfer(
        web_session,
        held,
        {"staff_id": "S01", "name": "李四", "window": "W03"},
        HEAD,
        agreed_time="2026-11-26T09:00:00+08:00",
    )
    assert moved.status_code == 200, moved.text
    assert sweep(web_session)["moved"] == [] and case_of(web_session, held)["holder_id"] == "S01"


def test_r_ab_1_a_replica_that_sweeps_the_same_leave_second_moves_nothing(intake, web_session):
    put_post(web_session)
    held = accept(web_session)
    leave = take_leave(web_session, "S01", "2026-11-24", "2026-11-24", S01).json()
    intake.clock.return_value = hall_time(24)
    store = Store(intake, add_core_tables(metadata), "intake", "intake.tests")
    calendar, now = WorkingCalendar(), intake.clock.return_value
    with store.transaction() as tx:  # the first replica
        assert hand_over_leave(leave["id"], "S01", Context(tx, Catalogue({}), calendar, now, "timer")) == [
            held
        ]
    with store.transaction() as tx:  # the second, which read the same leave before the first committed
        assert hand_over_leave(leave["id"], "S01", Context(tx, Catalogue({}), calendar, now, "timer")) is None
    assert count(intake, case_history, case_history.c.action == "reassigned") == 1
    assert sweep(web_session) == {"leaves": 0, "moved": [], "skipped": 0}


def test_r_ab_1_a_leave_handed_over_when_recorded_or_cancelled_before_it_starts_is_not_swept(
    intake, web_session
):
    put_post(web_session)
    held = accept(web_session)
    today = take_leave(web_session, "S01", "2026-11-23", "2026-11-23", S01).json()
    assert today["reassigned"] == [held]
    assert sweep(web_session) == {"leaves": 0, "moved": [], "skipped": 0}
    planned = take_leave(web_session, "S02", "2026-11-25", "2026-11-25", HEAD).json()
    assert web_session.delete(f"/staff/S02/leave/{planned['id']}", headers=HEAD).status_code == 200
    intake.clock.return_value = hall_time(25)
    assert sweep(web_session) == {"leaves": 0, "moved": [], "skipped": 0}
    assert case_of(web_session, held)["holder_id"] == "S02"
    assert web_session.post("/roster/sweep", data="{}", headers=HEAD).status_code == 403


def test_r_ab_2_leave_leaving_a_window_open_at_weekends_empty_on_a_saturday_is_refused(intake, web_session):
    put_post(web_session)
    assert take_leave(web_session, "S02", "2026-11-28", "2026-11-28", HEAD).status_code == 201  # a Saturday
    opened = set_opening(web_session)
    assert opened.status_code == 201, opened.text
    assert opened.json()["days"] == [1, 2, 3, 4, 5, 6, 7] and opened.json()["updated_by"] == "OP1"
    before = count(intake, case_history)
    refused = take_leave(web_session, "S01", "2026-11-27", "2026-11-30", S01)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "backup_unavailable"
    assert "2026-11-28" in refused.json()["error"]["message"]
    assert refused.json()["error"]["details"]["clashes"][0]["first"] == "2026-11-28"
    assert count(intake, case_history) == before
    assert set_opening(web_session, **{**EVERY_DAY, "days": [1, 2, 3, 4, 5]}).status_code == 200
    assert take_leave(web_session, "S01", "2026-11-27", "2026-11-30", S01).status_code == 201  # closed then


def test_r_ab_2_the_roster_reports_a_window_vacant_on_a_weekend_it_opens(intake, web_session):
    put_post(web_session)
    for person, headers in (("S01", S01), ("S02", HEAD)):  # both away on a Sunday the window is closed
        assert take_leave(web_session, person, "2026-11-29", "2026-11-29", headers).status_code == 201
    sunday = web_session.get("/roster?date=2026-11-29", headers=SUPERVISION).json()["posts"][0]
    assert (sunday["open"], sunday["in_place"], sunday["vacant"]) == (False, None, False)
    assert set_opening(web_session).status_code == 201
    sunday = web_session.get("/roster?date=2026-11-29", headers=SUPERVISION).json()["posts"][0]
    assert (sunday["open"], sunday["vacant"], sunday["hours"]) == (
        True,
        True,
        {"opens": "08:30", "closes": "17:30"},
    )
    monday = web_session.get("/roster?date=2026-11-30", headers=SUPERVISION).json()["posts"][0]
    assert (monday["open"], monday["vacant"]) == (True, False)


def test_r_ab_2_a_bad_opening_is_refused_listing_every_problem_and_stores_nothing(intake, web_session):
    bad = set_opening(
        web_session, "W03", OPERATOR, days=[0, 8], on_holidays="maybe", opens="8:30", closes="07:00"
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_failed"
    assert set(bad.json()["error"]["details"]) == {"on_holidays"}
    worse = set_opening(
        web_session, "W03", OPERATOR, days=[0, 8], on_holidays=True, opens="8:30", closes="07:00"
    )
    assert worse.status_code == 422 and set(worse.json()["error"]["details"]) == {"days", "opens"}
    backwards = set_opening(web_session, "W03", OPERATOR, **{**EVERY_DAY, "opens": "18:00"})
    assert set(backwards.json()["error"]["details"]) == {"closes"}
    assert set_opening(web_session, headers=HEAD).status_code == 403
    assert set_opening(web_session, headers={}).status_code == 401
    assert count(intake, window_openings) == 0
