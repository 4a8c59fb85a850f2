"""Issue 12 point 10: a leave's dates lie in the hall's range and near today (R-AB-1): a leave from
the year 1 once moved a clerk's open cases at once; now it is a 422 and nothing moves."""

from intake_roster_calls import HEAD, S01, SUPERVISION, accept, case_of, count, put_post, take_leave

from intake.orm import leaves


def test_r_ab_1_a_leave_from_the_year_1_is_refused_and_moves_no_case(intake, web_session):
    put_post(web_session)
    held = accept(web_session)
    ends = (("0001-01-01", "9999-12-31"), ("0001-01-01", "2026-11-23"), ("2026-11-23", "9999-12-31"))
    for first, last in ends:
        refused = take_leave(web_session, "S01", first, last, HEAD)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == "validation_failed"
        assert "2000-01-01" in str(refused.json()["error"]["details"])
    assert case_of(web_session, held)["holder_id"] == "S01" and count(intake, leaves) == 0


def test_r_ab_1_a_leave_starts_30_days_back_or_a_year_ahead_at_most_and_lasts_a_year(intake, web_session):
    put_post(web_session)  # today is Monday 2026-11-23
    held = accept(web_session)
    for first, last, field in (
        ("2026-10-23", "2026-11-23", "starts_on"),  # 31 days ago
        ("2027-11-25", "2027-11-26", "starts_on"),  # 367 days ahead
        ("2026-12-01", "2027-12-02", "ends_on"),
    ):  # 367 days
        refused = take_leave(web_session, "S01", first, last, HEAD)
        assert refused.status_code == 422, refused.text
        assert list(refused.json()["error"]["details"]) == [field]
        assert "(" in refused.json()["error"]["message"]  # Chinese, English in parentheses
    assert case_of(web_session, held)["holder_id"] == "S01" and count(intake, leaves) == 0
    recorded = take_leave(web_session, "S01", "2026-10-24", "2026-11-23", S01)  # 30 days ago: recorded late
    assert recorded.status_code == 201 and recorded.json()["reassigned"] == [held]


def test_the_roster_of_a_day_outside_the_range_is_a_422(intake, web_session):
    for day in ("0001-01-01", "9999-12-31"):
        refused = web_session.get(f"/roster?date={day}", headers=SUPERVISION)
        assert (refused.status_code, list(refused.json()["error"]["details"])) == (422, ["date"])
