"""The roster and leave tests use intake's HTTP API from ``tests/service/conftest.py``."""

import pytest


@pytest.fixture
def intake(intake_http):
    """The database of a running intake; ``intake.clock`` is its injected "now"."""
    intake_http.engine.clock = intake_http.clock
    return intake_http.engine
