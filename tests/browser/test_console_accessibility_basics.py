"""Keyboard and screen-reader basics of the console (issue 15), on every role's working pages at the
hall PC's 1366x768 and the public pages on a phone: the page says it is Chinese, has one heading
of its own, every field has a label, the first Tab reaches "跳到正文", and nothing is wider than
the window (no sideways scrolling)."""

from __future__ import annotations

import pytest
from browser.person import PHONE

LABELLED = """
return Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name || el.id || el.outerHTML.slice(0, 80));
"""
WIDER_THAN_WINDOW = "return document.documentElement.scrollWidth > window.innerWidth;"

ROLE_PAGES = [
    ("dev-window-market", ["/cases", "/cases/new", "/cases/new/SC-010"]),
    ("dev-lead-market", ["/joint"]),
    ("dev-reviewer-market", ["/tasks", "/reviewers"]),
    ("dev-supervision", ["/supervision", "/supervision/scores", "/supervision/inbox"]),
    ("dev-complaints", ["/complaints", "/complaints/new", "/desk", "/desk/new"]),
    ("dev-operator", ["/ops", "/ops/dead-letters", "/ops/deliveries"]),
]
PUBLIC_PAGES = [
    "/",
    "/login",
    "/public/catalogue",
    "/public/calculator",
    "/public/tracking",
    "/public/complaint",
]


def basics_of(person, path: str) -> list[str]:
    """What is wrong with ``path`` for a keyboard or screen-reader user (empty: nothing)."""
    person.open(path)
    driver, problems = person.driver, []
    if person.status() not in (None, 200):
        return [f"{path}: answered {person.status()}"]
    if person.find("html").get_attribute("lang") != "zh-CN":
        problems.append(f"{path}: the page does not say it is Chinese")
    if len(person.finds("main h1")) != 1:
        problems.append(f"{path}: {len(person.finds('main h1'))} main headings")
    unlabelled = driver.execute_script(LABELLED)
    if unlabelled:
        problems.append(f"{path}: fields without a label: {unlabelled}")
    if driver.execute_script(WIDER_THAN_WINDOW):
        problems.append(f"{path}: wider than the window")
    person.find("body").send_keys("\ue004")  # Tab
    focused = driver.switch_to.active_element
    if focused.text != "跳到正文":
        problems.append(f"{path}: the first Tab reaches {focused.text!r}, not the skip link")
    return problems


@pytest.mark.parametrize(("token", "paths"), ROLE_PAGES, ids=[token for token, _ in ROLE_PAGES])
def test_each_roles_pages_are_labelled_headed_and_fit_the_hall_pc(people, token, paths):
    person = people(token.removeprefix("dev-")).sign_in(token)
    problems = [problem for path in paths for problem in basics_of(person, path)]
    assert problems == []


def test_the_public_pages_are_labelled_headed_and_fit_a_phone(people):
    applicant = people("applicant", size=PHONE)
    problems = [problem for path in PUBLIC_PAGES for problem in basics_of(applicant, path)]
    assert problems == []
