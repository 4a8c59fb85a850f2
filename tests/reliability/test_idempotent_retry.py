"""A clerk's POST /cases whose answer never arrives, retried with the same Idempotency-Key, is one
case: intake as a real process on a real broker and database."""

import json
import socket
from urllib.parse import urlsplit

import requests
from bus import wait_for
from intake_requests import case_body, window_of
from sqlalchemy import create_engine, text

KEY = "clerk-S01-2026-11-23-0001"
HEADERS = {**window_of("SC-010"), "Idempotency-Key": KEY, "Content-Type": "application/json"}
BODY = json.dumps(case_body("SC-010")).encode("utf-8")


def post_and_hang_up(url: str) -> None:
    """Send the whole request and close without reading: the client gave up (a timeout)."""
    parts = urlsplit(url)
    head = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
    request = (
        f"POST /cases HTTP/1.1\r\nHost: {parts.netloc}\r\n{head}"
        f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n"
    ).encode() + BODY
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(request)


def database_rows(intake) -> tuple[list[str], int]:
    """The case numbers in intake's database and how many case_accepted its outbox holds."""
    engine = create_engine(intake.database_url)
    try:
        with engine.connect() as connection:
            numbers = list(connection.execute(text("SELECT case_no FROM cases")).scalars())
            bodies = connection.execute(text("SELECT body FROM outbox")).scalars().all()
    finally:
        engine.dispose()
    return numbers, sum(json.loads(body)["type"].endswith(".case_accepted") for body in bodies)


def test_a_post_whose_answer_was_lost_and_retried_with_its_key_makes_one_case(stack):
    intake = stack.start("intake")
    post_and_hang_up(intake.url)
    wait_for(lambda: database_rows(intake)[0], timeout=30)  # the lost answer's case was made

    retry = requests.post(f"{intake.url}/cases", data=BODY, headers=HEADERS, timeout=10)

    assert retry.status_code == 201, retry.text
    assert retry.headers["Idempotent-Replayed"] == "true"
    numbers, accepted = database_rows(intake)
    assert numbers == [retry.json()["case_no"]] and accepted == 1
