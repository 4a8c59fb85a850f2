"""Fixtures shared by every tier.

nameko runs on eventlet; like ``nameko test`` we monkey-patch before anything else is
imported so containers, green threads and the broker clients of the tests cooperate.
"""

import eventlet

eventlet.monkey_patch()  # noqa: E402 - must precede every other import

import os  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "joint_review", "complaints", "notify")


def test_database_kind() -> str:
    kind = os.environ.get("HALL_TEST_DB", "sqlite")
    if kind not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"HALL_TEST_DB must be sqlite or postgresql, not {kind!r}")
    return kind


test_database_kind.__test__ = False


@pytest.fixture
def database_url(tmp_path, request):
    """A factory of fresh, empty databases of the kind this run tests (SQLite or PostgreSQL)."""
    created = []
    kind = test_database_kind()

    def make(name: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / (name + '.db')}"
        from local_stack.postgres import create_database, ensure_postgres

        server = os.environ.get("HALL_TEST_PG_URL") or ensure_postgres()
        db_name = f"hall_test_{name}_{uuid.uuid4().hex[:8]}"
        url = create_database(server, db_name)
        created.append((server, db_name))
        return url

    yield make
    if created:
        from local_stack.postgres import drop_database

        for server, db_name in created:
            drop_database(server, db_name)


@pytest.fixture
def migrated(database_url):
    """``migrated("notify")`` -> URL of a fresh database at the service's latest migration."""
    from reliable_events.migrations import upgrade

    def make(service: str) -> str:
        url = database_url(service)
        upgrade(service, url, REPO_ROOT / "services" / service / "alembic.ini")
        return url

    return make


@pytest.fixture
def web_session(web_config_port):
    """nameko's fixture imports ``werkzeug.urls.url_join``, gone in werkzeug 3."""
    from urllib.parse import urljoin

    from requests import Session

    base = f"http://127.0.0.1:{web_config_port}/"

    class WebSession(Session):
        def request(self, method, url, *args, **kwargs):
            return super().request(method, urljoin(base, url), *args, **kwargs)

    with WebSession() as session:
        yield session
