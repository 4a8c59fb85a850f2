"""Fixtures of the console's edge: a real ``nameko run console.service`` process on its own
database (SQLite or PostgreSQL, as the run tests: ``HALL_TEST_DB``), reached over HTTP as a
browser reaches it. The four services are not started: nothing here calls them."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select

from local_stack import ServiceProcess, create_database, drop_database, free_port
from reliable_events.migrations import upgrade

REPO_ROOT = Path(__file__).resolve().parents[3]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
NOWHERE = "http://127.0.0.1:9"  # the services' URLs: the edge never calls them
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def console_database(tmp_path_factory):
    """A migrated database of the console's, for the module."""
    if os.environ.get("HALL_TEST_DB", "sqlite") == "postgresql":
        server = os.environ.get("HALL_TEST_PG_URL", PG_SERVER)
        name = f"hall_test_console_{uuid.uuid4().hex[:8]}"
        url = create_database(server, name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('console') / 'console.db'}"
    upgrade("console", url, REPO_ROOT / "services" / "console" / "alembic.ini")
    yield url
    if url.startswith("postgresql"):
        drop_database(server, name)


@pytest.fixture(scope="module")
def start_console(console_database, tmp_path_factory):
    """``start_console(SESSION_IDLE_MINUTES="0.02")``: a console process on the module's
    database, healthy (``wait=False``: just started, for a console that must refuse to start)."""
    started: list[ServiceProcess] = []
    logs = tmp_path_factory.mktemp("console-logs")

    def start(wait: bool = True, **env: str) -> ServiceProcess:
        environment = {
            "CONSOLE_DATABASE_URL": console_database,
            **{f"{name}_URL": NOWHERE for name in ("INTAKE", "JOINT_REVIEW", "COMPLAINTS", "NOTIFY")},
            **env,
        }
        log = logs / f"console-{len(started)}.log"
        process = ServiceProcess("console", environment, free_port(), REPO_ROOT, log_path=log)
        started.append(process)
        process.start()
        return process.wait_healthy(60) if wait else process

    yield start
    for process in started:
        process.terminate()


@pytest.fixture(scope="module")
def console(start_console) -> ServiceProcess:
    """The console as deployed but on plain HTTP (development mode, default timeouts)."""
    return start_console()


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "the page has no csrf field"
    return found.group(1)


def signed_in(base_url: str, token: str = "dev-window-market") -> requests.Session:
    """A browser-like client signed in through the sign-in form (its cookie and CSRF field)."""
    browser = requests.Session()
    form = browser.get(base_url + "/login", timeout=10)
    answer = browser.post(
        base_url + "/login",
        data={"csrf": csrf_of(form.text), "token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303 and "hall_session" in browser.cookies, answer.text
    return browser


def is_signed_in(base_url: str, cookies: dict[str, str]) -> bool:
    """``/`` sends a signed-in person to their work and shows anyone else the public page."""
    answer = requests.get(base_url + "/", cookies=cookies, allow_redirects=False, timeout=10)
    assert answer.status_code in (200, 303), answer.status_code
    return answer.status_code == 303 and not answer.headers["Location"].startswith("/login")


def session_row(database_url: str, cookie: str) -> dict:
    """The sessions table's row of a session cookie (the table keeps only the id's SHA-256)."""
    from console.orm import sessions

    session_id = cookie.rpartition(".")[0]
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            key = hashlib.sha256(session_id.encode()).hexdigest()
            row = connection.execute(select(sessions).where(sessions.c.id_hash == key)).mappings().one()
            return dict(row)
    finally:
        engine.dispose()
