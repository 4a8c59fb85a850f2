"""Signing in and out of the console in a real Chromium, and what a session cookie opens."""

from __future__ import annotations

import requests


def test_a_visitor_not_signed_in_is_sent_to_sign_in_and_comes_back_to_the_page_asked_for(people):
    clerk = people("clerk").open("/cases?status=open")
    assert clerk.path.startswith("/login?next=")
    clerk.fill("token", "dev-window-market").press("登录")
    assert clerk.path == "/cases?status=open"
    assert "李四" in clerk.find("[data-testid=who]").text


def test_a_wrong_token_is_refused_next_to_its_field_in_chinese_and_opens_nothing(people):
    someone = people("someone").open("/login")
    someone.fill("token", "not-a-token").press("登录")
    assert "登录令牌无效或已停用" in someone.find("#f-token-error").text
    assert someone.find("#f-token").get_attribute("aria-invalid") == "true"
    assert not someone.has("[data-testid=who]")


def test_signing_out_ends_the_session_on_the_server_so_a_copied_cookie_opens_nothing(people, hall):
    clerk = people("clerk").sign_in("dev-window-market")
    cookie = clerk.driver.get_cookie("hall_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    copied = {"hall_session": cookie["value"]}
    before = requests.get(hall.console_url + "/", cookies=copied, allow_redirects=False, timeout=10)
    assert before.status_code == 303 and not before.headers["Location"].startswith("/login")
    clerk.sign_out()
    assert clerk.path.startswith("/login")
    after = requests.get(hall.console_url + "/cases", cookies=copied, allow_redirects=False, timeout=10)
    assert after.status_code == 303 and after.headers["Location"].startswith("/login")


def test_a_form_posted_without_the_sessions_csrf_token_is_refused_and_changes_nothing(people, hall):
    clerk = people("clerk").sign_in("dev-window-market")
    copied = {"hall_session": clerk.driver.get_cookie("hall_session")["value"]}
    forged = requests.post(
        hall.console_url + "/logout",
        cookies=copied,
        data={"csrf": "guessed"},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and "页面已过期" in forged.text
    still = requests.get(hall.console_url + "/", cookies=copied, allow_redirects=False, timeout=10)
    assert not still.headers["Location"].startswith("/login")  # the forged sign-out did nothing
