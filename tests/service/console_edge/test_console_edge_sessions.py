"""The console's sessions at its edge, on its own database (SQLite and PostgreSQL): the cookie's
flags, CSRF on a public form, a forged or truncated cookie, the idle and absolute limits, signing
out, and a production console refusing the development session key."""

from __future__ import annotations

import json
import time

import pytest
import requests
from console_edge.conftest import csrf_of, is_signed_in, session_row, signed_in
from cryptography.fernet import Fernet

from web_api.access import token_hash


def set_cookie_header(answer: requests.Response, name: str) -> str:
    (header,) = [h for h in answer.raw.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    return header


def test_the_session_cookie_is_httponly_samesite_lax_for_the_whole_site(console):
    form = requests.get(console.base_url + "/login", timeout=10)
    answer = requests.post(
        console.base_url + "/login",
        data={"csrf": csrf_of(form.text), "token": "dev-window-market"},
        cookies=form.cookies,
        allow_redirects=False,
        timeout=10,
    )
    header = set_cookie_header(answer, "hall_session")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Secure" not in header  # plain HTTP here; SECURE_COOKIES=true behind TLS (below)
    assert "Expires" not in header and "Max-Age" not in header, "a browser session cookie"
    form_cookie = set_cookie_header(form, "hall_form")
    assert "HttpOnly" in form_cookie and "SameSite=Lax" in form_cookie


def test_behind_tls_the_cookies_are_secure(start_console):
    secure = start_console(SECURE_COOKIES="true")
    form = requests.get(secure.base_url + "/login", timeout=10)
    assert "Secure" in set_cookie_header(form, "hall_form")


def test_a_public_form_posted_without_the_hall_form_cookie_is_refused_and_signs_nobody_in(console):
    csrf = csrf_of(requests.get(console.base_url + "/login", timeout=10).text)
    answer = requests.post(
        console.base_url + "/login",
        data={"csrf": csrf, "token": "dev-window-market"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 403 and "页面已过期" in answer.text
    assert "hall_session" not in answer.cookies


def test_a_public_form_with_another_visitors_csrf_or_from_another_site_is_refused(console):
    mine = requests.get(console.base_url + "/login", timeout=10)
    theirs = requests.get(console.base_url + "/login", timeout=10)
    for data, headers in (
        ({"csrf": csrf_of(theirs.text), "token": "dev-window-market"}, {}),
        ({"csrf": csrf_of(mine.text), "token": "dev-window-market"}, {"Origin": "https://evil.example"}),
    ):
        answer = requests.post(
            console.base_url + "/login",
            data=data,
            headers=headers,
            cookies=mine.cookies,
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 403 and "hall_session" not in answer.cookies, headers


def forgeries(cookie: str) -> list[str]:
    session_id, _, mac = cookie.rpartition(".")
    other = "0" if mac[-1] != "0" else "1"
    other_id = "A" if session_id[-1] != "A" else "B"  # 1 in 64 ids already end in "A"
    return [
        cookie[:-1],  # truncated
        cookie[: len(cookie) // 2],
        session_id,  # without its signature
        f"{session_id}.{mac[:-1]}{other}",  # a signature one digit off
        f"{session_id[:-1]}{other_id}.{mac}",  # another id under the same signature
        "." + mac,
        cookie + "." + mac,
        "x" * 5000,
        "",
    ]


def test_a_forged_or_truncated_session_cookie_opens_nothing(console):
    browser = signed_in(console.base_url)
    cookie = browser.cookies["hall_session"]
    assert is_signed_in(console.base_url, {"hall_session": cookie})
    for forged in forgeries(cookie):
        assert not is_signed_in(console.base_url, {"hall_session": forged}), forged[:80]


def test_signing_out_ends_the_session_on_the_server(console, console_database):
    browser = signed_in(console.base_url)
    cookie = browser.cookies["hall_session"]
    csrf = session_row(console_database, cookie)["csrf"]  # the field every page's sign-out form holds
    answer = browser.post(
        console.base_url + "/logout", data={"csrf": csrf}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/login")
    assert not is_signed_in(console.base_url, {"hall_session": cookie}), "a copy of the cookie still opens"
    assert session_row(console_database, cookie)["ended_at"] is not None


def test_the_sessions_table_keeps_no_session_id_and_no_readable_token(console, console_database):
    cookie = signed_in(console.base_url, "dev-reviewer-natres").cookies["hall_session"]
    row = session_row(console_database, cookie)
    assert (row["subject"], row["role"], row["department"]) == ("R21", "reviewer", "natural_resources")
    assert cookie.rpartition(".")[0] not in json.dumps(row, default=str)
    assert "dev-reviewer-natres" not in row["token_sealed"]


def wait_until_signed_out(base_url: str, cookie: str, seconds: float) -> float:
    """Seconds until the cookie opens nothing any more (polled), or fail after ``seconds``."""
    started = time.monotonic()
    while is_signed_in(base_url, {"hall_session": cookie}):
        assert time.monotonic() - started < seconds, f"still signed in after {seconds} s"
        time.sleep(0.2)
    return time.monotonic() - started


def test_a_session_left_idle_ends(start_console, console_database):
    idle = start_console(SESSION_IDLE_MINUTES="0.02")  # 1.2 s
    cookie = signed_in(idle.base_url).cookies["hall_session"]
    time.sleep(1.5)
    assert not is_signed_in(idle.base_url, {"hall_session": cookie})
    assert session_row(console_database, cookie)["ended_at"] is not None


def test_a_session_in_use_still_ends_at_its_absolute_limit(start_console, console_database):
    short = start_console(SESSION_MAX_HOURS="0.0008")  # 2.9 s, idle 30 min
    cookie = signed_in(short.base_url).cookies["hall_session"]
    assert is_signed_in(short.base_url, {"hall_session": cookie})
    lived = wait_until_signed_out(short.base_url, cookie, 15)  # in use every 0.2 s all along
    assert lived > 1.5
    assert session_row(console_database, cookie)["ended_at"] is not None


@pytest.fixture
def real_tokens(tmp_path):
    """A token file with no development token (what a deployment mounts)."""
    path = tmp_path / "tokens.json"
    entry = {"sha256": token_hash("a-real-token"), "subject": "S01", "name": "李四", "role": "window_staff"}
    path.write_text(json.dumps({"tokens": [{**entry, "department": "market_regulation"}]}))
    return str(path)


@pytest.mark.parametrize("key", [None, "ZGV2LWNvbnNvbGUtc2Vzc2lvbi1rZXktMzItYnl0ZXM="])
def test_a_production_console_refuses_to_start_without_a_session_key_of_its_own(
    start_console, real_tokens, key
):
    env = {
        "HALL_MODE": "production",
        "ACCESS_TOKENS_FILE": real_tokens,
        "CONSOLE_TOKEN": "a-real-console-token",
    }
    if key:
        env["CONSOLE_SESSION_KEY"] = key
    refused = start_console(wait=False, **env)
    assert refused.wait_exit(60) != 0
    assert "CONSOLE_SESSION_KEY" in refused.log_text()


def test_a_production_console_starts_with_a_session_key_of_its_own(start_console, real_tokens):
    key = Fernet.generate_key().decode()
    production = start_console(
        HALL_MODE="production",
        ACCESS_TOKENS_FILE=real_tokens,
        CONSOLE_SESSION_KEY=key,
        CONSOLE_TOKEN="a-real-console-token",
    )
    assert signed_in(production.base_url, "a-real-token").cookies["hall_session"]


@pytest.mark.parametrize("token", ["", "dev-console"], ids=["unset", "the published dev token"])
def test_a_production_console_refuses_to_start_without_a_token_of_its_own(start_console, real_tokens, token):
    key = Fernet.generate_key().decode()
    env = {"HALL_MODE": "production", "ACCESS_TOKENS_FILE": real_tokens, "CONSOLE_SESSION_KEY": key}
    refused = start_console(wait=False, CONSOLE_TOKEN=token, **env)
    assert refused.wait_exit(60) != 0
    assert "CONSOLE_TOKEN" in refused.log_text()
