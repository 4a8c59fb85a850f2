"""Fixtures shared by every tier.

nameko runs on eventlet; like ``nameko test`` we monkey-patch before anything else is
imported so containers, green threads and the broker clients of the tests cooperate.
"""

import eventlet

eventlet.monkey_patch()  # noqa: E402 - must precede every other import

import os  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
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


PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def _pg_admin(server_url: str, statement: str) -> None:
    import psycopg2

    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _pg_url(server_url: str, database: str) -> str:
    base = server_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg2://", 1)
    return f"{base}/{database}"


@pytest.fixture
def database_url(tmp_path):
    """A factory of fresh, empty databases of the kind this run tests (SQLite or PostgreSQL)."""
    created = []
    kind = test_database_kind()
    server = os.environ.get("HALL_TEST_PG_URL", PG_SERVER)

    def make(name: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / (name + '.db')}"
        return _pg_url(server, copy_of(name, None))

    def copy_of(name: str, template: str | None) -> str:
        db_name = f"hall_test_{name}_{uuid.uuid4().hex[:8]}"
        _pg_admin(server, f'CREATE DATABASE "{db_name}"' + (f' TEMPLATE "{template}"' if template else ""))
        created.append(db_name)
        return db_name

    make.copy_of = copy_of
    yield make
    for db_name in created:
        _pg_admin(server, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migration_templates(tmp_path_factory):
    """``template(service)`` -> a database of the run's kind migrated to head ONCE per session by
    the service's real migrations (SQLite: a file; PostgreSQL: a template database), which
    ``migrated`` copies for each test instead of running every migration again."""
    from reliable_events.migrations import upgrade

    kind = test_database_kind()
    server = os.environ.get("HALL_TEST_PG_URL", PG_SERVER)
    folder = tmp_path_factory.mktemp("migrated-templates")
    made: dict[str, str] = {}

    def template(service: str) -> str:
        if service not in made:
            if kind == "sqlite":
                path = folder / f"{service}.db"
                upgrade(service, f"sqlite:///{path}", REPO_ROOT / "services" / service / "alembic.ini")
                checkpoint = sqlite3.connect(path)  # everything in the main file, no -wal left
                checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                checkpoint.close()
                made[service] = str(path)
            else:
                name = f"hall_template_{service}_{uuid.uuid4().hex[:8]}"
                _pg_admin(server, f'CREATE DATABASE "{name}"')
                made[service] = name
                upgrade(service, _pg_url(server, name), REPO_ROOT / "services" / service / "alembic.ini")
        return made[service]

    yield template
    if kind == "postgresql":
        for name in made.values():
            _pg_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def migrated(database_url, migration_templates):
    """``migrated("notify")`` -> URL of a fresh database at the service's latest migration: a copy
    of the session's template (the file copied; ``CREATE DATABASE ... TEMPLATE``)."""
    from reliable_events.migrations import upgrade

    server = os.environ.get("HALL_TEST_PG_URL", PG_SERVER)

    def make(service: str) -> str:
        if test_database_kind() == "sqlite":
            url = database_url(service)
            path = Path(url.removeprefix("sqlite:///"))
            if path.exists():  # asked again in the same test, or made by hand: migrated in place
                upgrade(service, url, REPO_ROOT / "services" / service / "alembic.ini")
            else:
                shutil.copyfile(migration_templates(service), path)
            return url
        template = migration_templates(service)
        name = database_url.copy_of(service, template)
        return _pg_url(server, name)

    return make


@pytest.fixture
def empty_config():
    """nameko's base of every container config in the tests: development mode, so the containers
    run on the published development tokens and key (``web_api.hall_mode``)."""
    return {"HALL_MODE": "development"}


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


@pytest.fixture(scope="session")
def private_broker(tmp_path_factory):
    """A RabbitMQ node of this test run's own; a missing broker fails, never skips."""
    from local_stack import BrokerNode, ensure_rabbitmq_installed, free_port

    ensure_rabbitmq_installed()
    broker = BrokerNode(
        tmp_path_factory.mktemp("rabbitmq"), free_port(), f"halltest{os.getpid()}@localhost", free_port()
    )
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def stack(private_broker, migrated, database_url, tmp_path, request):
    """Services of one test, on a vhost of their own (no queue state leaks between tests)."""
    from stack import Stack, fresh_vhost

    running = Stack(private_broker, fresh_vhost(private_broker), migrated, database_url, tmp_path)
    yield running
    running.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        for process in running.processes:
            print(f"--- log of {process.service} ---\n{process.log_tail(80)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
