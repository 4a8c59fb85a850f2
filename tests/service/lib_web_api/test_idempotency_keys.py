"""The Idempotency-Key mechanism of web_api, through intake's POST /cases in a real container.

A clerk's retry after a timeout sends the same request with the same key: it must answer the
first case again and create nothing. Runs on SQLite and, with HALL_TEST_DB=postgresql, on
PostgreSQL (where two requests really overlap).
"""

import json
from datetime import timedelta

import eventlet
import pytest
from intake_requests import bearer, case_body, window_of
from sqlalchemy import func, select

from intake.orm import cases
from reliable_events import add_core_tables
from web_api.idempotency_table import keys

OUTBOX, _ = add_core_tables(cases.metadata)
MARKET_WINDOW = window_of("SC-010")  # S01
OTHER_MARKET_WINDOW = bearer("dev-head-market")  # S09, same department


def accept(web_session, key=None, headers=MARKET_WINDOW, **changes):
    keyed = {**headers, **({"Idempotency-Key": key} if key is not None else {})}
    return web_session.post("/cases", data=json.dumps(case_body("SC-010", **changes)), headers=keyed)


def count(engine, table, *where):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def accepted_events(engine) -> int:
    with engine.connect() as connection:
        bodies = connection.execute(select(OUTBOX.c.body)).scalars()
        return sum(json.loads(body)["type"] == "hall.intake.case_accepted" for body in bodies)


def test_a_retry_with_the_same_key_answers_the_first_case_again_and_creates_nothing(intake_http, web_session):
    first = accept(web_session, "retry-1")
    again = accept(web_session, "retry-1")
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert count(intake_http.engine, cases) == 1 and accepted_events(intake_http.engine) == 1


def test_without_a_key_every_post_creates_a_case_as_before(intake_http, web_session):
    assert accept(web_session).status_code == accept(web_session).status_code == 201
    assert count(intake_http.engine, cases) == 2 and count(intake_http.engine, keys) == 0


def test_the_same_key_from_another_clerk_is_theirs_and_creates_their_own_case(intake_http, web_session):
    mine = accept(web_session, "shared-key")
    theirs = accept(web_session, "shared-key", OTHER_MARKET_WINDOW)
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers and theirs.json()["case_no"] != mine.json()["case_no"]
    assert count(intake_http.engine, cases) == 2


def test_the_same_key_with_another_body_is_refused_and_creates_nothing(intake_http, web_session):
    assert accept(web_session, "k-body").status_code == 201
    reused = accept(web_session, "k-body", applicant_name="李雷")
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert "幂等键" in reused.json()["error"]["message"]
    assert count(intake_http.engine, cases) == 1


def test_a_refused_request_keeps_no_key_so_the_corrected_retry_goes_through(intake_http, web_session):
    refused = accept(web_session, "k-fix", applicant_name="")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    assert count(intake_http.engine, keys) == 0
    corrected = accept(web_session, "k-fix")
    assert corrected.status_code == 201 and "Idempotent-Replayed" not in corrected.headers
    assert count(intake_http.engine, cases) == 1


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\tinside", "del\x7f", "换行"])
def test_a_malformed_key_is_refused_with_a_stable_code_and_nothing_is_created(intake_http, web_session, key):
    refused = web_session.post(
        "/cases",
        data=json.dumps(case_body("SC-010")),
        headers={**MARKET_WINDOW, "Idempotency-Key": key.encode("utf-8")},
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "idempotency_key_invalid"
    assert "幂等键" in refused.json()["error"]["message"]
    assert count(intake_http.engine, cases) == 0


def test_a_key_of_200_printable_characters_is_accepted(intake_http, web_session):
    assert accept(web_session, "k" * 200).status_code == 201


def test_concurrent_requests_with_one_key_create_exactly_one_case(intake_http, web_session):
    pool = eventlet.GreenPool()
    answers = list(pool.imap(lambda _: accept(web_session, "burst"), range(6)))
    created = [a for a in answers if a.status_code == 201]
    busy = [a for a in answers if a.status_code == 409]
    assert len(created) + len(busy) == len(answers), [a.text for a in answers]
    assert {a.json()["case_no"] for a in created} and len({a.json()["case_no"] for a in created}) == 1
    assert sum("Idempotent-Replayed" not in a.headers for a in created) == 1
    assert all(a.json()["error"]["code"] == "idempotency_key_in_progress" for a in busy)
    assert count(intake_http.engine, cases) == 1 and accepted_events(intake_http.engine) == 1


def test_a_key_older_than_the_keeping_time_no_longer_replays(intake_http, web_session):
    first = accept(web_session, "k-old")
    intake_http.clock.return_value += timedelta(hours=25)  # the default keeping time is 24 h
    later = accept(web_session, "k-old")
    assert later.status_code == 201 and "Idempotent-Replayed" not in later.headers
    assert later.json()["case_no"] != first.json()["case_no"] and count(intake_http.engine, keys) == 1
