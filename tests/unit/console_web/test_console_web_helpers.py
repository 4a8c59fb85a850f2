"""The console's edge helpers: what a clerk reads when a service refuses, the hall's time, menus."""

from __future__ import annotations

import doctest

import pytest

import console.web.messages
import console.web.views
from console.web.menus import MENUS, ROLE_NAMES, home_of, menu_for
from console.web.messages import chinese, field_errors
from console.web.views import _moment


@pytest.mark.parametrize("module", [console.web.messages, console.web.views])
def test_the_examples_in_the_docstrings_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("english", "chinese_text"),
    [
        ("Missing data for required field.", "此项必填"),
        ("Not a valid integer.", "须为整数"),
        ("Must be one of: approved, refused.", "须为以下之一：approved, refused"),
        ("Length must be between 1 and 200.", "长度须在 1 到 200 之间"),
        ("Must be greater than or equal to 1 and less than or equal to 60.", "须在 1 到 60 之间"),
        ("办件不存在 (no case H2026)", "办件不存在"),
        # a field's problem as the services answer it now (web_api.field_messages)
        ("此项必填 (Missing data for required field.)", "此项必填"),
        ("须为以下之一：normal, urgent (Must be one of: normal, urgent.)", "须为以下之一：normal, urgent"),
        ("只能办理本部门的办件 (only cases of your department (market_regulation))", "只能办理本部门的办件"),
    ],
)
def test_a_services_message_reaches_the_clerk_in_chinese_only(english, chinese_text):
    assert chinese(english) == chinese_text


def test_an_untranslated_english_message_is_still_marked_as_a_problem_in_chinese():
    assert chinese("Something new.") == "填写有误（Something new.）"


def test_nested_field_problems_land_on_dotted_field_names_one_message_each():
    details = {
        "materials": {"0": {"status": ["Must be one of: presented.", "x"]}},
        "days": ["Not a valid integer."],
    }
    assert field_errors(details) == {"materials.0.status": "须为以下之一：presented", "days": "须为整数"}
    assert field_errors([{"name": ["Missing data for required field."]}]) == {"0.name": "此项必填"}


def test_times_are_shown_in_china_time_to_the_minute():
    assert _moment("2026-12-04T16:30:00+00:00") == "2026-12-05 00:30"
    assert _moment("2026-12-05T09:00:00+08:00") == "2026-12-05 09:00"


def test_every_console_role_has_a_name_a_menu_and_a_home_in_its_menu_and_the_public_none_of_theirs():
    assert set(MENUS) == set(ROLE_NAMES)
    for role, entries in MENUS.items():
        assert entries and home_of(role) == entries[0][1]
    public = {href for _, href in menu_for(None)}
    assert all(href.startswith("/public/") for href in public)
    assert menu_for("agency") == () and home_of("agency") == "/"


def test_a_public_call_vouches_for_the_applicants_address_only_with_the_consoles_own_token():
    from console.backends.client import Backends

    urls = dict.fromkeys(("intake", "joint_review", "complaints", "notify"), "http://127.0.0.1:1")
    assert Backends(urls, own_token="console-token").for_applicant("10.0.0.7") == (
        "console-token",
        {"X-Hall-Client-Address": "10.0.0.7"},
    )
    assert Backends(urls).for_applicant("10.0.0.7") == (None, {})  # no token: the console's own address
    assert Backends(urls, own_token="console-token").for_applicant(None) == (None, {})


def test_behind_the_halls_proxy_the_applicants_address_is_the_one_the_proxy_recorded():
    from types import SimpleNamespace

    from console.backends.client import Backends

    urls = dict.fromkeys(("intake", "joint_review", "complaints", "notify"), "http://127.0.0.1:1")
    forged_then_real = SimpleNamespace(
        remote_addr="10.9.9.9", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.5"}
    )
    assert Backends(urls).applicant_address(forged_then_real) == "10.9.9.9"  # no proxy: the peer
    assert Backends(urls, proxy_hops=1).applicant_address(forged_then_real) == "203.0.113.5"
    assert (
        Backends(urls, proxy_hops=1).applicant_address(SimpleNamespace(remote_addr="10.9.9.9", headers={}))
        is None
    )
