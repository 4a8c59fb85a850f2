"""notify's own database for the consumers' tests: migrated to head, disposed after the test."""

import pytest

from reliable_events import make_engine


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()
