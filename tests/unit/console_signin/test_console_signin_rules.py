"""The sign-in rules without a server: where signing in may lead, what a cookie must carry, when
a session ends, how a form's CSRF token is compared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.signin.api import safe_next
from console.signin.rules import Lifetime, new_secret, same_secret, signed, unsigned

KEY = b"k" * 32
T = datetime(2026, 12, 7, 9, tzinfo=UTC)


@pytest.mark.parametrize("target", ["/", "/cases", "/cases?status=open&page=2", "/tasks/T-1#opinion"])
def test_a_path_of_this_site_is_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "cases",
        "//evil.example",
        "///evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/\x00x",
        "/\x7f",
        " /cases",
    ],
)
def test_anything_that_could_lead_elsewhere_is_dropped(target):
    assert safe_next(target) is None


def test_a_signed_value_comes_back_only_with_its_own_signature_and_key():
    cookie = signed("abc", KEY)
    assert unsigned(cookie, KEY) == "abc"
    assert unsigned(cookie, b"x" * 32) is None
    assert unsigned(cookie[:-1], KEY) is None
    assert unsigned("abd" + cookie[3:], KEY) is None
    assert unsigned("abc", KEY) is None and unsigned("", KEY) is None and unsigned(None, KEY) is None


def test_an_oversized_cookie_is_refused_before_any_hashing():
    assert unsigned(signed("a" * 300, KEY), KEY) is None


def test_a_value_with_dots_survives_signing():
    assert unsigned(signed("a.b.c", KEY), KEY) == "a.b.c"


def test_fresh_secrets_are_long_and_never_repeat():
    secrets = {new_secret() for _ in range(200)}
    assert len(secrets) == 200 and min(len(s) for s in secrets) >= 40


def test_a_session_ends_after_its_idle_time_or_its_longest_life_whichever_comes_first():
    life = Lifetime(timedelta(minutes=30), timedelta(hours=12))
    assert not life.ended(T, T, T + timedelta(minutes=30))
    assert life.ended(T, T, T + timedelta(minutes=30, seconds=1))
    busy = T + timedelta(hours=12, seconds=1)
    assert life.ended(T, busy - timedelta(seconds=5), busy), "in use, but past its longest life"
    assert not life.ended(T, T + timedelta(hours=11, minutes=50), T + timedelta(hours=11, minutes=59))


@pytest.mark.parametrize("sent, expected", [(None, "a"), ("", "a"), ("a", None), ("a", ""), ("a", "b")])
def test_a_csrf_token_matches_only_the_same_non_empty_value(sent, expected):
    assert same_secret(sent, expected) is False


def test_the_same_csrf_token_matches():
    assert same_secret("s3cret", "s3cret") is True
