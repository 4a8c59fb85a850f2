"""A database that is locked or down answers 503 the client may retry; a bug stays a 500."""

import json
import sqlite3

from sqlalchemy.exc import OperationalError

from web_api import ApiHandler


def answer_to(exc):
    response = ApiHandler("POST", "/cases").response_from_exception(exc)
    return response.status_code, json.loads(response.get_data(as_text=True))["error"], response.headers


def test_a_locked_sqlite_file_answers_503_database_unavailable_with_retry_after():
    locked = OperationalError("INSERT INTO cases ...", {}, sqlite3.OperationalError("database is locked"))
    status, error, headers = answer_to(locked)
    assert (status, error["code"]) == (503, "database_unavailable")
    assert "请稍后重试" in error["message"]
    assert headers["Retry-After"] == "1"


def test_a_wrong_statement_is_a_bug_and_stays_a_500():
    wrong = OperationalError("SELECT nope", {}, sqlite3.OperationalError("no such column: nope"))
    status, error, _ = answer_to(wrong)
    assert (status, error["code"]) == (500, "internal_error")
