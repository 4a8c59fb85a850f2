"""What every answer of the console carries, and what it answers to the odd request: security
headers and the CSP on every page, HTML (never JSON, never a stack trace) for an unknown URL, a
wrong method, a body over the limit or not a form, and no redirect to another site."""

from __future__ import annotations

import re

import pytest
import requests
from console_edge.conftest import csrf_of

PAGES = ["/", "/login", "/login?next=/cases", "/static/console.css", "/no/such/page", "/health"]


def answers(console, path: str, method: str = "GET", **options) -> requests.Response:
    return requests.request(method, console.base_url + path, allow_redirects=False, timeout=10, **options)


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_the_security_headers_and_a_csp_without_inline_code(console, path):
    headers = answers(console, path).headers
    policy = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        assert directive in policy, directive
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/login", "/no/such/page"])
def test_pages_are_never_cached_and_hold_no_inline_script_or_style(console, path):
    answer = answers(console, path)
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Content-Type"].startswith("text/html")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", answer.text), "inline <script>"
    assert not re.search(r"\sstyle=|\son[a-z]+=", answer.text), "inline style or event handler"


def test_an_unknown_url_is_an_html_404_page_in_chinese(console):
    answer = answers(console, "/cases/../../etc/passwd")
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("text/html")
    assert 'data-status="404"' in answer.text and "未找到" in answer.text


def test_a_wrong_method_is_an_html_405_page(console):
    answer = answers(console, "/login", "DELETE")
    assert answer.status_code == 405 and 'data-status="405"' in answer.text


def test_a_body_over_the_limit_is_an_html_413_page_never_a_500(console):
    big = {"token": "x" * (1024 * 1024 + 10), "csrf": "x"}
    answer = answers(console, "/login", "POST", data=big)
    assert answer.status_code == 413, answer.status_code
    assert answer.headers["Content-Type"].startswith("text/html") and 'data-status="413"' in answer.text


@pytest.mark.parametrize(
    "content_type, body",
    [("application/json", '{"token": "dev-window-market"}'), ("text/plain", "token=dev"), ("", "garbage")],
)
def test_a_body_that_is_not_a_form_is_an_html_415_page(console, content_type, body):
    answer = answers(console, "/login", "POST", data=body.encode(), headers={"Content-Type": content_type})
    assert answer.status_code in (400, 415), answer.status_code
    assert answer.headers["Content-Type"].startswith("text/html"), answer.text[:200]
    assert f'data-status="{answer.status_code}"' in answer.text


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example", "/\t/evil.example"],
)
def test_signing_in_never_redirects_to_another_site(console, target):
    form = requests.get(console.base_url + "/login", params={"next": target}, timeout=10)
    assert "evil.example" not in form.text, "the form carries the foreign target on"
    answer = requests.post(
        console.base_url + "/login",
        data={"csrf": csrf_of(form.text), "token": "dev-window-market", "next": target},
        cookies=form.cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert "evil" not in location and location.startswith("/") and not location.startswith(("//", "/\\"))


def test_a_path_of_this_site_is_where_signing_in_leads(console):
    form = requests.get(console.base_url + "/login", params={"next": "/cases?status=open"}, timeout=10)
    answer = requests.post(
        console.base_url + "/login",
        data={"csrf": csrf_of(form.text), "token": "dev-window-market", "next": "/cases?status=open"},
        cookies=form.cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert answer.headers["Location"] == "/cases?status=open"
