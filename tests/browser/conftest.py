"""The browser tier: a real Chromium (Debian's, through chromium-driver) against a running hall.

A missing browser fails the tier (``scripts/test`` installs it); it is never skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser.hall import start_hall
from browser.person import DESK, Person, new_driver

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session")
def hall(private_broker, tmp_path_factory):
    """The four services and the console, once for the whole browser tier."""
    running = start_hall(private_broker, tmp_path_factory.mktemp("hall"))
    yield running
    running.stop()


@pytest.fixture
def people(hall, request):
    """``people("clerk")``: a new person at their own browser (own cookies), closed at the end."""
    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_]+", "-", request.node.name)
    opened: list[Person] = []

    def person(label: str, size: tuple[int, int] = DESK) -> Person:
        someone = Person(new_driver(size), hall.console_url, folder, label)
        opened.append(someone)
        return someone

    yield person
    for someone in opened:
        someone.close()
