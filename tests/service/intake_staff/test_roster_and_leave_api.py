"""A/B posts and leave over HTTP (R-AB-1, R-AB-2): nobody leaves a window vacant."""

import json

from intake_requests import bearer
from intake_roster_calls import (
    HEAD,
    LI_SI,
    OPERATOR,
    S01,
    SUPERVISION,
    accept,
    case_of,
    count,
    hall_time,
    put_post,
    take_leave,
)

from intake.orm import case_history, leaves, posts, staff


def test_r_ab_1_a_window_head_sets_a_post_and_the_roster_shows_the_primary_in_place(intake, web_session):
    created = put_post(web_session)
    assert created.status_code == 201, created.text
    assert (created.json()["primary"]["staff_id"], created.json()["backup"]["staff_id"]) == ("S01", "S02")
    assert put_post(web_session, headers=OPERATOR).status_code == 200  # the same post again: updated
    roster = web_session.get("/roster", headers=S01).json()
    assert roster["date"] == "2026-11-23"
    assert [(p["post_id"], p["in_place"], p["vacant"]) for p in roster["posts"]] == [("W03-A", "S01", False)]
    assert count(intake, staff) == 2 and count(intake, posts) == 1


def test_r_ab_1_a_post_with_the_same_person_as_primary_and_backup_is_refused_and_changes_nothing(
    intake, web_session
):
    same = put_post(web_session, backup=LI_SI)
    assert same.status_code == 422 and same.json()["error"]["code"] == "validation_failed"
    assert "backup" in same.json()["error"]["details"]
    broken = put_post(web_session, backup={"staff_id": "S02"}, window="")
    assert broken.status_code == 422 and set(broken.json()["error"]["details"]) == {"backup", "window"}
    assert count(intake, staff) == 0 and count(intake, posts) == 0


def test_r_ab_1_only_a_head_of_the_department_or_an_operator_sets_posts(intake, web_session):
    assert put_post(web_session, headers=S01).status_code == 403  # window staff, not head
    other = put_post(web_session, department="civil_affairs")
    assert other.status_code == 403 and other.json()["error"]["code"] == "forbidden"
    assert put_post(web_session, headers={}).status_code == 401
    civil = {"staff_id": "S11", "name": "赵敏", "phone": "0571-2222"}
    civil_b = {"staff_id": "S12", "name": "钱多", "phone": "0571-2223"}
    by_operator = put_post(
        web_session, "W05-A", civil, civil_b, OPERATOR, window="W05", department="civil_affairs"
    )
    assert by_operator.status_code == 201
    assert (
        put_post(web_session, "W05-A", civil, civil_b, window="W05").status_code == 403
    )  # civil_affairs's post
    assert put_post(web_session, post_id="W03-B", backup=civil).status_code == 403  # S11 is civil_affairs's
    assert count(intake, posts) == 1 and count(intake, staff) == 2


def test_r_ab_1_while_the_primary_is_on_leave_new_work_goes_to_the_backup(intake, web_session):
    put_post(web_session)
    recorded = take_leave(web_session, "S01", "2026-11-24", "2026-11-25", S01)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["reassigned"] == []  # it starts tomorrow
    roster = web_session.get("/roster?date=2026-11-24", headers=SUPERVISION).json()["posts"][0]
    assert (roster["in_place"], roster["primary"]["away"], roster["backup"]["away"]) == ("S02", True, False)
    assert case_of(web_session, accept(web_session))["holder_id"] == "S01"  # Monday: A is in
    intake.clock.return_value = hall_time(24)
    on_leave = case_of(web_session, accept(web_session))
    assert (on_leave["holder_id"], on_leave["staff_id"]) == ("S02", "S01")  # B works it; A received it
    intake.clock.return_value = hall_time(26)
    assert case_of(web_session, accept(web_session))["holder_id"] == "S01"


def test_r_ab_1_leave_starting_today_hands_the_primarys_open_cases_to_the_backup(intake, web_session):
    put_post(web_session)
    held, done = (
        accept(web_session),
        accept(
            web_session,
            "MZ-001",
            first_responder={"staff_id": "S11", "name": "赵敏", "phone": "0571-2222", "window": "W05"},
        ),
    )
    recorded = take_leave(
        web_session, "S01", "2026-11-23", "2026-11-23", HEAD, kind="business_trip", reason="到市局参加培训"
    )
    assert recorded.status_code == 201 and recorded.json()["reassigned"] == [held]
    assert (
        case_of(web_session, held)["holder_id"] == "S02" and case_of(web_session, done)["holder_id"] == "S11"
    )
    lines = web_session.get(f"/cases/{held}/history", headers=SUPERVISION).json()["lines"]
    assert lines[-1]["action"] == "reassigned" and lines[-1]["actor_id"] == "S09"
    assert (lines[-1]["details"]["from"], lines[-1]["details"]["to"]) == ("S01", "S02")


def test_r_ab_2_leave_is_refused_when_the_backup_is_away_naming_post_partner_and_dates(intake, web_session):
    put_post(web_session)
    assert take_leave(web_session, "S02", "2026-11-25", "2026-11-27", HEAD).status_code == 201
    before = count(intake, leaves), count(intake, case_history)
    refused = take_leave(web_session, "S01", "2026-11-26", "2026-11-30", S01)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "backup_unavailable"
    for named in ("W03-A", "赵六", "2026-11-26", "2026-11-27"):
        assert named in error["message"]
    assert (count(intake, leaves), count(intake, case_history)) == before
    assert take_leave(web_session, "S01", "2026-11-28", "2026-11-30", S01).status_code == 201  # from Saturday


def test_r_ab_1_leave_is_refused_to_someone_without_a_post_partner(intake, web_session):
    refused = take_leave(web_session, "S01", "2026-11-24", "2026-11-24", S01)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "backup_unavailable"
    assert count(intake, leaves) == 0


def test_r_ab_1_cancelling_the_partners_leave_lets_the_other_one_go(intake, web_session):
    put_post(web_session)
    partner = take_leave(web_session, "S02", "2026-11-24", "2026-11-24", HEAD).json()
    assert take_leave(web_session, "S01", "2026-11-24", "2026-11-24", S01).status_code == 409
    cancelled = web_session.delete(f"/staff/S02/leave/{partner['id']}", headers=HEAD)
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] is True
    assert take_leave(web_session, "S01", "2026-11-24", "2026-11-24", S01).status_code == 201
    unknown = web_session.delete("/staff/S02/leave/999", headers=HEAD)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


def test_r_ab_1_a_leave_ending_before_it_starts_is_refused_listing_every_problem(intake, web_session):
    put_post(web_session)
    body = {"starts_on": "2026-11-25", "ends_on": "2026-11-24", "kind": "holiday"}
    refused = web_session.post("/staff/S01/leave", data=json.dumps(body), headers=S01)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    assert set(refused.json()["error"]["details"]) == {"ends_on", "kind", "reason"}
    assert count(intake, leaves) == 0


def test_r_ab_1_only_the_person_or_a_window_head_of_their_department_records_leave(intake, web_session):
    put_post(web_session)
    assert take_leave(web_session, "S02", "2026-11-24", "2026-11-24", S01).status_code == 403  # a colleague
    assert (
        take_leave(web_session, "S02", "2026-11-24", "2026-11-24", bearer("dev-window-civil")).status_code
        == 403
    )
    assert take_leave(web_session, "S02", "2026-11-24", "2026-11-24", OPERATOR).status_code == 403
    assert take_leave(web_session, "S99", "2026-11-24", "2026-11-24", HEAD).status_code == 404
    assert count(intake, leaves) == 0


def test_r_ab_1_the_roster_date_must_be_a_date(intake, web_session):
    refused = web_session.get("/roster?date=tomorrow", headers=S01)
    assert refused.status_code == 422 and "date" in refused.json()["error"]["details"]
    assert web_session.get("/roster").status_code == 401
